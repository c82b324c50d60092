"""Deadline reminders 90, 30 and 7 days out: once each, only while something is open."""

import datetime

import pytest
import time_machine

from reporting.deadlines.reminders import license_reminders_send_task, reminder_threshold
from reporting.models import Board, License, ReminderLog
from tests.factories import LicenseFactory

pytestmark = pytest.mark.django_db
EXPIRES = datetime.date(2027, 8, 31)


def _run_on(day: datetime.date) -> int:
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(13), datetime.UTC)):
        return license_reminders_send_task() + license_reminders_send_task()


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [(91, None), (90, 90), (31, 90), (30, 30), (8, 30), (7, 7), (0, 7), (-1, None)],
)
def test_each_day_falls_inside_the_nearest_threshold(days_left: int, threshold: int) -> None:
    assert reminder_threshold(days_left) == threshold


def test_each_threshold_sends_one_email_listing_what_is_missing(
    alice, cme_record, mailoutbox
) -> None:
    sent = [_run_on(EXPIRES - datetime.timedelta(days=days)) for days in (90, 60, 30, 7, 3)]
    assert sent == [1, 0, 1, 1, 0]
    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        "[CME Track] Your TX-MD license expires in 90 days",
        "[CME Track] Your TX-MD license expires in 30 days",
        "[CME Track] Your TX-MD license expires in 7 days",
    ]
    assert mailoutbox[0].to == [alice.email]
    assert "28.50 of 48.00 credits" in mailoutbox[0].body
    assert ReminderLog.objects.count() == 3


def test_a_renewed_license_starts_its_reminders_again(alice, cme_record, mailoutbox) -> None:
    _run_on(EXPIRES - datetime.timedelta(days=30))
    License.objects.filter(owner=alice).update(expires_on=datetime.date(2029, 8, 31))
    assert _run_on(datetime.date(2029, 8, 1)) == 1


def test_reminders_off_in_the_profile_means_no_email(alice, cme_record, mailoutbox) -> None:
    alice.profile.reminders_enabled = False
    alice.profile.save()
    assert _run_on(EXPIRES - datetime.timedelta(days=30)) == 0
    assert mailoutbox == []


def test_a_license_with_nothing_open_gets_no_reminder(bob, load_rules, mailoutbox) -> None:
    load_rules("SD")  # South Dakota requires no CME: nothing can be short
    LicenseFactory(
        owner=bob,
        board=Board.objects.get(code="SD-MD"),
        number="X1234",
        issued_on=datetime.date(2012, 1, 1),
        expires_on=EXPIRES,
    )
    assert [_run_on(EXPIRES - datetime.timedelta(days=d)) for d in (90, 30, 7)] == [0, 0, 0]
    assert mailoutbox == []
