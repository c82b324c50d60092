"""Bulk evaluation: every license's verdict stored on the row, after a rule change or nightly.

Pages and the API always evaluate live; the stored verdict lets reminders and staff reports
work set-based. The number of queries grows with the number of chunks, never with the number of
licenses or activities inside one.
"""

import datetime
import logging
from collections.abc import Iterable
from functools import partial

from celery import shared_task
from django.db import OperationalError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from cmetrack.lib.batch import BatchCount, log_record_failure
from reporting.compliance import selectors
from reporting.engine import RuleSetSpec
from reporting.models import Board, License, RuleSet
from reporting.rules import selectors as rules_selectors
from reporting.rules import services as rules_services

CHUNK_SIZE = 2000
logger = logging.getLogger(__name__)

# Sent with `board_ids` (None: every board) once the licenses those boards' rules judge were
# re-evaluated after a rule change; the license pages warm their caches for the new rules.
licenses_reevaluated = Signal()


def licenses_reevaluate(
    *,
    board_ids: Iterable[int] | None = None,
    as_of: datetime.date,
    chunk_size: int = CHUNK_SIZE,
) -> BatchCount:
    """Judge licenses as of `as_of` and store `is_compliant`; returns how many were judged.

    A license that cannot be judged (data no form would accept today) is logged, counted in
    the result's `failed`, left as unknown, and the run goes on with everyone else's.

    `board_ids` limits the run to licenses judged by those boards' rules (a combined board's
    licenses come with the board whose rules it shares). A license with no rule set in force
    for its cycle end gets `is_compliant = None`: unknown, not compliant. Safe to run twice.
    """
    licenses = License.objects.select_related("board", "board__shares_rules_with").order_by("pk")
    boards = Board.objects.select_related("shares_rules_with")
    if board_ids is not None:
        ids = list(board_ids)
        licenses = licenses.filter(Q(board_id__in=ids) | Q(board__shares_rules_with_id__in=ids))
        boards = boards.filter(Q(pk__in=ids) | Q(shares_rules_with_id__in=ids))
    versions = rules_selectors.rule_sets_for_boards(boards)
    specs: dict[int, RuleSetSpec] = {}
    checked_at = timezone.now()
    judged = failed = 0
    last_pk = 0
    while chunk := list(licenses.filter(pk__gt=last_pk)[:chunk_size]):
        batch = selectors.judging(chunk, versions=versions, specs=specs)
        for license in chunk:
            try:
                verdict = batch.judge(license, as_of=as_of)
            except Exception:
                log_record_failure(logger, "licenses_reevaluate", license)
                license.is_compliant = None  # unknown: never a stale "compliant"
                failed += 1
            else:
                license.is_compliant = verdict.report.compliant if verdict.report else None
                judged += 1
            license.compliance_checked_at = checked_at
        # bulk_update: a verdict is not an edit, so no history row and no `updated_at` bump.
        License.objects.bulk_update(chunk, ["is_compliant", "compliance_checked_at"])
        last_pk = chunk[-1].pk
    if failed:
        logger.error("licenses_reevaluate: %s judged, %s could not be judged", judged, failed)
    return BatchCount(judged, failed)


def licenses_reevaluate_on_commit(*, board_id: int | None) -> None:
    """Re-evaluate the licenses judged by `board_id`'s rules once the transaction commits."""
    # robust: a dead broker must not turn a saved rule change into an error page; the next
    # nightly run (or `manage.py reevaluate_licenses`) catches up, and the failure is logged.
    transaction.on_commit(partial(licenses_reevaluate_task.delay, board_id=board_id), robust=True)


def rule_set_new_version_and_reevaluate(
    *, rule_set: RuleSet, effective_from: datetime.date
) -> RuleSet:
    """`rules_services.rule_set_new_version`, then re-evaluate the licenses these rules judge."""
    with transaction.atomic():
        copy = rules_services.rule_set_new_version(rule_set=rule_set, effective_from=effective_from)
        licenses_reevaluate_on_commit(board_id=copy.board_id)
    return copy


# The Celery task keeps the name it was queued under before it moved here, so messages already
# waiting in the broker still find it.
@shared_task(
    name="reporting.tasks.licenses_reevaluate_task",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def licenses_reevaluate_task(board_id: int | None = None) -> int:
    """Store every license's verdict (only those judged by `board_id`'s rules if given)."""
    board_ids = None if board_id is None else [board_id]
    count = licenses_reevaluate(board_ids=board_ids, as_of=timezone.localdate())
    licenses_reevaluated.send(sender=None, board_ids=board_ids)
    return count
