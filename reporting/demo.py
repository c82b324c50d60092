"""The demo physician's licenses (seed_demo)."""

import datetime

from django.utils import timezone

from accounts.models import User

from .models import Board, License

# (board, number, years since first licensed, days until expiry, conditions)
DEMO_LICENSES = [
    ("TX-MD", "Q58213", 11, 280, ["direct_patient_care", "dea_registrant"]),
    ("CA-MD", "A164422", 6, 520, ["dea_registrant"]),
    ("US-DEA", "BR4417023", 11, 640, ["dea_registrant"]),
]


def demo_licenses_create(*, user: User) -> list[License]:
    """Give the demo physician a few licenses with deadlines relative to today (idempotent)."""
    today = timezone.localdate()
    licenses = []
    for code, number, years, days, conditions in DEMO_LICENSES:
        board = Board.objects.filter(code=code).first()
        if board is None:
            continue  # rules not loaded: the dashboard explains that instead
        license, _ = License.objects.update_or_create(
            owner=user,
            board=board,
            defaults={
                "number": number,
                "issued_on": today.replace(year=today.year - years, day=1),
                "expires_on": today + datetime.timedelta(days=days),
                "conditions": conditions,
            },
        )
        licenses.append(license)
    return licenses
