"""The demo physician's licenses (seed_demo)."""

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from reporting import conditions
from reporting.engine import AttestationKind
from reporting.models import Attestation, Board, License
from reporting.rules import selectors as rules_selectors

# (board, number, years since first licensed, about how many days until expiry, this license's
# own answers). The expiry itself is the one the board's rule gives (Texas: the anniversary of
# first licensure every two years; California: the last day of the month of first licensure
# every two years), so the years since licensure are a whole number of renewals.
DEMO_LICENSES: list[tuple[str, str, int, int, dict[str, Any]]] = [
    ("TX-MD", "Q58213", 12, 280, {}),
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
        about = today + datetime.timedelta(days=days)
        issued_on = about.replace(year=about.year - years, day=1)
        proposal = rules_selectors.expiry_proposal(
            board=board, birth_date=profile.birth_date, issued_on=issued_on, on_or_after=today
        )
        license, _ = License.objects.update_or_create(
            owner=user,
            board=board,
            defaults={
                "number": number,
                "issued_on": issued_on,
                "expires_on": proposal.on if proposal and proposal.on else about,
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
