"""The demo physician's licenses (seed_demo)."""

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from reporting import conditions
from reporting.engine import AttestationKind
from reporting.models import Attestation, Board, License

# (board, number, years since first licensed, days until expiry, this license's own answers)
DEMO_LICENSES: list[tuple[str, str, int, int, dict[str, Any]]] = [
    ("TX-MD", "Q58213", 11, 280, {}),
    ("CA-MD", "A164422", 6, 520, {}),
    ("US-DEA", "BR4417023", 11, 640, {}),
]
# The demo internist answered every question about their practice once, on the profile.
DEMO_PRACTICE = {
    "direct_patient_care",
    "prescribes_controlled_substances",
    "prescribes_opioids",
    "treats_adults",
    "primary_care",
    "specialty_internal_medicine",
}


def demo_licenses_create(*, user: User) -> list[License]:
    """Give the demo physician a few licenses with deadlines relative to today (idempotent)."""
    today = timezone.localdate()
    profile = user.profile
    profile.practice_facts = {
        code: code in DEMO_PRACTICE for code in conditions.asked_on(conditions.PROFILE)
    }
    profile.save(update_fields=["practice_facts"])
    licenses = []
    for code, number, years, days, answers in DEMO_LICENSES:
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
                # Every question about a state answered No unless the demo says otherwise.
                "condition_answers": {
                    **{code: False for code in conditions.asked_on(conditions.LICENSE)},
                    **answers,
                },
            },
        )
        licenses.append(license)
        if code == "CA-MD":
            # California's one-time 12 hours, done in the first year there, before the demo
            # physician used CME Track: attested, as a physician would, not logged.
            Attestation.objects.update_or_create(
                license=license,
                requirement_code="ca-md.pain-management",
                defaults={
                    "kind": AttestationKind.COMPLETED.value,
                    "completed_on": license.issued_on.replace(month=3, day=15)
                    + datetime.timedelta(days=365),
                    "reason": "",
                },
            )
    return licenses
