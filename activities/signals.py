"""What this app tells the rest of the site when a physician's activities change.

Activities know nothing of the report (the apps' layers); the report answers this signal by
preparing, in the background, the pages that are computed from the record.
"""

from django.db import transaction
from django.dispatch import Signal

# Sent with `owner_id` once a change to that physician's activities has committed: one for a
# save or a delete, one for a whole CSV import however many rows it held.
activities_changed = Signal()


def activities_changed_on_commit(*, owner_id: int) -> None:
    """Send `activities_changed` after the current transaction commits (never if it rolls back).

    Robust: whatever a receiver does later (a broker that is down, say) cannot turn a saved
    activity into an error page.
    """
    transaction.on_commit(
        lambda: activities_changed.send(sender=None, owner_id=owner_id), robust=True
    )
