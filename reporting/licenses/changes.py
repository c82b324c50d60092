"""A physician's licenses, attestations or practice answers changed: who wants to know.

The services send this once the change commits; the pages' warm-up (`warm.py`) answers it. A
signal rather than a call, so the services do not import what renders the pages and the API.
"""

from django.db import transaction
from django.dispatch import Signal

# Sent with `owner_id` once the change has committed (never if it rolled back).
licenses_changed = Signal()


def licenses_changed_on_commit(*, owner_id: int) -> None:
    # Robust: whatever a receiver does (a broker that is down) cannot fail the saved change.
    transaction.on_commit(
        lambda: licenses_changed.send(sender=None, owner_id=owner_id), robust=True
    )
