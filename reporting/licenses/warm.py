"""The license pages judged at write time: after a change commits, and for each new day.

The dashboard's cards, each license page and each license's compliance answer are cached under
the physician's record version (`compliance.selectors.record_version`). A physician who has
just logged an activity opens the dashboard next; judging their licenses in the background
after the change commits means that visit finds the cache warm. The request never waits for
this work and never trusts it blindly: it looks the pages up under the version it reads itself,
so a warm-up that has not finished, or one that judged an older version, is simply a miss and
the request judges as it always did. Nothing here can make a page stale.
"""

import datetime
import logging
from collections.abc import Iterable, Sequence

from celery import shared_task
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from reporting.compliance import selectors as compliance_selectors
from reporting.licenses import pages, selectors, summary
from reporting.licenses.api import compliance_out
from reporting.licenses.signals import verdicts_judged
from reporting.models import License

logger = logging.getLogger(__name__)

# A burst of changes (a physician logging three activities in a row, a CSV import) is judged
# once: the first change queues a warm-up this many seconds later, the next ones find it
# pending. A pending mark outlives a lost message by at most PENDING_SECONDS.
DEBOUNCE_SECONDS = 1.0
PENDING_SECONDS = 60
# Physicians per queued message in the nightly and rule-change warm-ups.
OWNERS_PER_TASK = 200


def _pending_key(owner_id: int) -> str:
    return f"pages-warm-pending:{owner_id}"


def page_keys(
    *, version: compliance_selectors.RecordVersion, license_ids: Iterable[int]
) -> list[str]:
    """The cache keys of a physician's pages under `version`, as the templates and API name them."""
    keys = [make_template_fragment_key("dashboard-cards", [version.key])]
    for pk in license_ids:
        keys.append(pages.license_page_key(version.key, pk))
        keys.append(compliance_key(version=version, license_id=pk))
    return keys


def compliance_key(*, version: compliance_selectors.RecordVersion, license_id: int) -> str:
    return f"compliance:{version.key}:{license_id}"


def pages_warm(*, user: User, as_of: datetime.date | None = None) -> bool:
    """Judge the physician's licenses once and cache every page built from the verdicts.

    Returns False when there was nothing to do: no licenses, a day other than today (only
    today's pages are cached), or every page already cached under the current version.
    """
    as_of = as_of or timezone.localdate()
    version = compliance_selectors.record_version(user=user, as_of=as_of)
    if not version.cache_seconds or not version.licenses:
        return False
    licenses = selectors.licenses_read(user=user)  # the dashboard's own read
    keys = page_keys(version=version, license_ids=[license.pk for license in licenses])
    if len(cache.get_many(keys)) == len(keys):
        return False
    batch = compliance_selectors.judging(
        licenses, owner_ids=[user.pk], rules_revision=version.rules_revision, as_of=as_of
    )
    items = summary.by_urgency(batch.judge(license, as_of=as_of) for license in licenses)
    verdicts_judged.send(sender=License, user=user, version=version, items=items)
    # The same partial the dashboard renders, with the `{% cache %}` tag inside, and the license
    # pages' own render: what is stored here is byte for byte what the pages would have stored.
    render_to_string(
        "reporting/licenses/_dashboard_cards.html",
        {"items": items, "lines": summary.summary_lines(items), "version": version},
    )
    for item in items:
        pages.license_page_render(
            user=user, license=item.license, version=version, as_of=as_of, item=item
        )
        cache.add(
            compliance_key(version=version, license_id=item.license.pk),
            compliance_out(item),
            version.cache_seconds,
        )
    return True


def pages_warm_soon(*, owner_id: int) -> None:
    """Queue one warm-up of the physician's pages, unless one is already waiting.

    Call it once the change has committed (the worker must read the new rows).
    """
    if not cache.add(_pending_key(owner_id), 1, PENDING_SECONDS):
        return  # one is queued and has not started: it will read this change too
    try:
        pages_warm_task.apply_async((owner_id,), countdown=DEBOUNCE_SECONDS)
    except Exception:
        # A broker that is down: the pages are judged on the next visit, as without warm-up.
        cache.delete(_pending_key(owner_id))
        logger.warning("Could not queue the warm-up of physician %s's pages", owner_id)


def owners_warm_soon(owner_ids: Sequence[int]) -> int:
    """Queue warm-ups for many physicians, `OWNERS_PER_TASK` a message; returns the messages."""
    owners = sorted(set(owner_ids))
    messages = 0
    for start in range(0, len(owners), OWNERS_PER_TASK):
        pages_warm_owners_task.delay(owners[start : start + OWNERS_PER_TASK])
        messages += 1
    return messages


def pages_warm_today() -> int:
    """Queue today's warm-up for every physician with a license, once a day.

    Beat runs it every hour, so the new day is warmed within an hour of midnight in the site's
    time zone whatever that is; the later runs of the day find it done.
    """
    today = timezone.localdate()
    if not cache.add(f"pages-warmed-day:{today.isoformat()}", 1, 60 * 60 * 26):
        return 0
    owners = License.objects.values_list("owner_id", flat=True).distinct()
    return owners_warm_soon(list(owners))


@shared_task(name="reporting.tasks.pages_warm_task", acks_late=True, ignore_result=True)
def pages_warm_task(owner_id: int) -> bool:
    # Changes committed from now on queue a new warm-up; this one reads what is there now.
    cache.delete(_pending_key(owner_id))
    user = User.objects.filter(pk=owner_id).first()
    return pages_warm(user=user) if user is not None else False


@shared_task(name="reporting.tasks.pages_warm_owners_task", acks_late=True, ignore_result=True)
def pages_warm_owners_task(owner_ids: list[int]) -> int:
    warmed = 0
    for user in User.objects.filter(pk__in=owner_ids):
        try:
            warmed += pages_warm(user=user)
        except Exception:
            # One physician's data must not stop everyone else's warm-up; their page judges live.
            logger.exception("Could not warm the pages of physician %s", user.pk)
    return warmed


@shared_task(name="reporting.tasks.pages_warm_today_task", acks_late=True, ignore_result=True)
def pages_warm_today_task() -> int:
    return pages_warm_today()


def warm_after_record_change(*, owner_id: int, **kwargs: object) -> None:
    """`activities_changed` and `licenses_changed`: sent once the change committed."""
    pages_warm_soon(owner_id=owner_id)


def warm_after_reevaluation(*, board_ids: list[int] | None, **kwargs: object) -> None:
    """`licenses_reevaluated`: every physician whose license those boards' rules judge."""
    licenses = License.objects.all()
    if board_ids is not None:
        licenses = licenses.filter(
            Q(board_id__in=board_ids) | Q(board__shares_rules_with_id__in=board_ids)
        )
    owners_warm_soon(list(licenses.values_list("owner_id", flat=True).distinct()))
