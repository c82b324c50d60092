"""The rules' revision: one more for every change to a board, rule set or requirement.

Cached verdicts and pages are keyed by it (through the record version), and each process keeps
its copy of the rules under it. Saves and deletes add one through the signals connected in
`reporting.apps`; a service that writes rules past `save()` (`update()`, `bulk_create`) adds
one itself, in the same transaction.
"""

import time
from typing import Any

from django.db.models import F

from reporting.models import RulesRevision

REVISION_ID = 1


def revision_start() -> int:
    """Where a new count starts: the clock in microseconds, so that a count started again (its
    row emptied by hand or by a test) never repeats a value an earlier count gave a cache key."""
    return time.time_ns() // 1000


def rules_revision_bump(**kwargs: Any) -> None:
    """Add one to the rules' revision (a signal receiver too: `kwargs` are the signal's)."""
    if RulesRevision.objects.filter(pk=REVISION_ID).update(value=F("value") + 1):
        return
    _, started = RulesRevision.objects.get_or_create(
        pk=REVISION_ID, defaults={"value": revision_start()}
    )
    if not started:  # another change started the count first: this change still adds its one
        RulesRevision.objects.filter(pk=REVISION_ID).update(value=F("value") + 1)
