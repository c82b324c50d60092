"""The weekly digest to a credentialing office: the licenses that need its attention.

Each member chooses it for themself (`Membership.digest_opt_in`). It lists, from the roster as
of the day it is sent, the licenses that are behind the pace, overdue, waiting for the
physician's answers, that cannot be judged here, or whose next deadline is within 60 days; a
week with none of these sends nothing. It shows what the roster shows (nothing beyond each
physician's live consent), so each license it names is a look at a physician's record, written
to that physician's access log. One member or organization that cannot be handled is logged
and skipped; the others still get theirs.
"""

import datetime
import logging
from collections import defaultdict

from allauth.mfa.utils import is_mfa_enabled
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import OperationalError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cmetrack.lib.batch import BatchCount, log_record_failure

from . import records
from .models import Membership, Organization
from .roster import RosterRow, roster_rows

logger = logging.getLogger(__name__)

DUE_WITHIN_DAYS = 60
NEEDS_ATTENTION = frozenset({"behind", "overdue", "needs_answers", "cannot_judge"})
# A digest already sent within this many days is not sent again (a second beat node, a retry).
WEEK = datetime.timedelta(days=6)


def digest_rows(rows: list[RosterRow], *, today: datetime.date) -> list[RosterRow]:
    """The roster rows a digest names: in trouble, or with a deadline within 60 days."""
    soon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    return [
        row
        for row in rows
        if row.status in NEEDS_ATTENTION
        or (row.next_deadline is not None and row.next_deadline <= soon)
    ]


def digest_members(*, today: datetime.date) -> dict[Organization, list[Membership]]:
    """Members of credentialing offices who asked for the digest and have none this week."""
    memberships = (
        Membership.objects.filter(
            digest_opt_in=True,
            user__is_active=True,
            organization__kind=Organization.Kind.CREDENTIALING,
        )
        .exclude(digest_sent_on__gt=today - WEEK)
        .select_related("organization", "user")
        .order_by("organization_id", "pk")
    )
    by_organization: dict[Organization, list[Membership]] = defaultdict(list)
    for membership in memberships:
        by_organization[membership.organization].append(membership)
    return by_organization


def organization_digests_send(*, today: datetime.date) -> BatchCount:
    """Send this week's digests; returns how many went out (`failed`: members skipped)."""
    sent, failed = 0, 0
    for organization, members in digest_members(today=today).items():
        try:
            rows = digest_rows(roster_rows(organization, as_of=today), today=today)
        except Exception:
            log_record_failure(logger, "organization_digests", organization)
            failed += len(members)
            continue
        for membership in members:
            try:
                sent += _digest_send(membership, rows, today=today)
            except Exception:
                # One member's unusable address must not cost the others their digest.
                log_record_failure(logger, "organization_digests", membership)
                failed += 1
    logger.info("Sent %s organization digest(s) for %s", sent, today)
    if failed:
        logger.error("organization_digests: %s member(s) skipped after an error", failed)
    return BatchCount(sent, failed)


def _digest_send(membership: Membership, rows: list[RosterRow], *, today: datetime.date) -> int:
    organization = membership.organization
    # An office that requires two-factor shows its roster only to members who use it; its
    # digest is the roster by mail, so the same members get it.
    if not rows or (organization.require_mfa and not is_mfa_enabled(membership.user)):
        return 0
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.digest_sent_on is not None and locked.digest_sent_on > today - WEEK:
            return 0
        locked.digest_sent_on = today
        locked.save(update_fields=["digest_sent_on"])
        records.roster_looks(
            organization=organization,
            member=membership.user,
            rows=rows,
            what="Weekly digest e-mail",
        )
        # Sent inside the transaction: if the mail server refuses, the sent day and the log
        # entries roll back and the next run tries again.
        _digest_email(membership, rows, today=today).send()
    return 1


def _digest_email(
    membership: Membership, rows: list[RosterRow], *, today: datetime.date
) -> EmailMultiAlternatives:
    site = settings.SITE_URL.rstrip("/")
    organization = membership.organization
    roster_url = site + reverse("organizations:roster", args=[organization.slug])
    context = {
        "name": membership.user.get_full_name(),
        "organization": organization,
        "today": today,
        "rows": rows,
        "due_within_days": DUE_WITHIN_DAYS,
        "roster_url": roster_url,
        "due_soon_url": f"{roster_url}?due_within={DUE_WITHIN_DAYS}",
        "settings_url": site + reverse("organizations_connect:digest", args=[organization.slug]),
    }
    subject = render_to_string("organizations/connect/email/digest_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("organizations/connect/email/digest.txt", context),
        to=[membership.user.email],
    )
    message.attach_alternative(
        render_to_string("organizations/connect/email/digest.html", context), "text/html"
    )
    return message


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def organization_digests_send_task() -> int:
    """E-mail this week's digests to the office members who asked for them."""
    return organization_digests_send(today=timezone.localdate())


def membership_digest_set(*, membership: Membership, opt_in: bool) -> Membership:
    """A member asks for the weekly digest, or stops it."""
    membership.digest_opt_in = opt_in
    membership.save(update_fields=["digest_opt_in"])
    return membership
