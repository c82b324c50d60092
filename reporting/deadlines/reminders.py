"""Deadline reminders: 90, 30 and 7 days before a license expires, if something is still open.

The daily beat task calls `license_reminders_send(today=...)`. A `ReminderLog` row per license,
expiry date and threshold makes it idempotent: running it twice (or on two beat nodes) sends
each reminder once. A run that missed a threshold day sends the nearest one only (a reminder
at 25 days says "30 days", not both "90" and "30").
"""

import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import OperationalError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cmetrack.lib.batch import BatchCount, log_record_failure
from reporting.compliance import selectors as compliance_selectors
from reporting.engine import RequirementResult, Status
from reporting.models import License, ReminderLog

logger = logging.getLogger(__name__)

THRESHOLDS = (7, 30, 90)  # days before expiry, nearest first
OPEN = {Status.SHORT, Status.NOT_YET_DUE}


@dataclass(frozen=True)
class Reminder:
    license: License
    threshold_days: int
    days_left: int
    missing: tuple[RequirementResult, ...]


def reminder_threshold(days_left: int) -> int | None:
    """The threshold a license `days_left` from expiry is inside of (None: not yet / expired)."""
    if days_left < 0:
        return None
    return next((days for days in THRESHOLDS if days_left <= days), None)


def reminders_due(*, today: datetime.date, failures: list[int] | None = None) -> Iterator[Reminder]:
    """Reminders for licenses expiring within 90 days with a requirement not yet met.

    A license that cannot be judged is logged and its id appended to `failures`; the others go on.
    """
    licenses = list(
        License.objects.filter(
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=max(THRESHOLDS)),
            owner__is_active=True,
            owner__profile__reminders_enabled=True,
        ).select_related("board", "board__shares_rules_with", "owner__profile")
    )
    batch = compliance_selectors.judging(licenses)
    for license in licenses:
        try:
            reminder = _reminder_for(license, today=today, batch=batch)
        except Exception:
            # One physician's unreadable license must not cost everyone else their reminder.
            log_record_failure(logger, "license_reminders", license)
            if failures is not None:
                failures.append(license.pk)
            continue
        if reminder is not None:
            yield reminder


def _reminder_for(
    license: License,
    *,
    today: datetime.date,
    batch: compliance_selectors.Judging,
) -> Reminder | None:
    days_left = (license.expires_on - today).days
    threshold = reminder_threshold(days_left)
    if threshold is None or batch.rule_set(license) is None:
        return None
    compliance = batch.judge(license, as_of=today)
    assert compliance.report is not None  # noqa: S101 - a rule set always yields a report
    missing = tuple(
        result
        for result in compliance.report.results
        if result.status in OPEN
        and not result.advisory
        # Only what is due by this renewal; a mandate due later is not this deadline's.
        and (result.due_on is None or result.due_on <= license.expires_on)
    )
    return Reminder(license, threshold, days_left, missing) if missing else None


def license_reminders_send(*, today: datetime.date) -> BatchCount:
    """Send every reminder due today that was not sent before; returns how many were sent.

    The result's `failed` counts licenses that could not be judged or mailed; they are logged
    and tomorrow's run tries them again.
    """
    sent = 0
    failures: list[int] = []
    for reminder in reminders_due(today=today, failures=failures):
        try:
            with transaction.atomic():
                _, created = ReminderLog.objects.get_or_create(
                    license=reminder.license,
                    expires_on=reminder.license.expires_on,
                    threshold_days=reminder.threshold_days,
                )
                if not created:
                    continue
                # Sent inside the transaction: if the mail server refuses, the log row rolls
                # back and tomorrow's run tries again.
                _reminder_email(reminder).send()
        except Exception:
            log_record_failure(logger, "license_reminders", reminder.license)
            failures.append(reminder.license.pk)
            continue
        sent += 1
    logger.info("Sent %s deadline reminder(s) for %s", sent, today)
    if failures:
        logger.error("license_reminders: %s license(s) skipped after an error", len(failures))
    return BatchCount(sent, len(failures))


def _reminder_email(reminder: Reminder) -> EmailMultiAlternatives:
    site = settings.SITE_URL.rstrip("/")
    context = {
        "reminder": reminder,
        "license": reminder.license,
        "name": reminder.license.owner.get_full_name(),
        "license_url": site + reverse("reporting:license_detail", args=[reminder.license.pk]),
        "profile_url": site + reverse("accounts:profile"),
    }
    subject = render_to_string("reporting/deadlines/email/license_reminder_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("reporting/deadlines/email/license_reminder.txt", context),
        to=[reminder.license.owner.email],
    )
    message.attach_alternative(
        render_to_string("reporting/deadlines/email/license_reminder.html", context), "text/html"
    )
    return message


# The beat schedule (settings) sends this task by its old name; it stays registered under it.
@shared_task(
    name="reporting.tasks.license_reminders_send_task",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def license_reminders_send_task() -> int:
    """E-mail the deadline reminders due today; each is sent once per threshold and cycle."""
    return license_reminders_send(today=timezone.localdate())
