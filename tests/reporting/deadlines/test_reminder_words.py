"""The deadline reminder names each missing requirement, and on the renewal day says "today"."""

import datetime

import pytest
import time_machine

from reporting.deadlines.reminders import license_reminders_send_task

pytestmark = pytest.mark.django_db
EXPIRES = datetime.date(2027, 8, 31)


def _run_on(day: datetime.date) -> int:
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(13), datetime.UTC)):
        return license_reminders_send_task()


def test_a_reminder_lists_each_missing_requirement_by_name(alice, cme_record, mailoutbox) -> None:
    assert _run_on(EXPIRES - datetime.timedelta(days=30)) == 1
    (message,) = mailoutbox
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Total, 48 credits" in body
        assert "Opioid prescribing, 2 h" in body
        assert "not met yet" in body
        assert "opioid-prescribing" not in body
    assert "<strong>Total, 48 credits</strong>" in html


def test_on_the_renewal_day_the_reminder_says_today_and_not_met(
    alice, cme_record, mailoutbox
) -> None:
    assert _run_on(EXPIRES) == 1
    (message,) = mailoutbox
    assert message.subject.startswith("[CME Track] Your TX-MD license expires today:")
    assert "not met" in message.subject
    assert "expires today, 31 August 2027, and these CME requirements are not met:" in message.body
    assert "in 0 days" not in message.body
    assert "Total, 48 credits" in message.body
