"""ACCME PARS learner credit data for one activity, as a documented CSV.

ACCME takes learner completions in PARS by web form, an Excel batch upload (each row adds or
deletes one learner record) or web services (accme.org, "Excel Template Instructions for
Submitting Learner Completion Data", 2025). The Excel template itself is a download we could
not read, so the exact column order of ACCME's current template is not public to us: this file
is a CSV with one header row naming ACCME's fields in ACCME's words, which a provider maps onto
the template (README "Provider exports" lists each column and where ACCME asks for it).

What ACCME needs to match a physician (accme.org FAQ "What is learner credit data?", and the
State Medical Licensing Boards Collaboration page): first and last name, month and day of birth
(not the year), and the state medical license (state + license ID) or the NPI; then the activity
(its PARS activity ID), the completion date and the AMA PRA Category 1 Credit™ claimed, which
the AMA counts in 0.25-credit steps. A learner's credit is reported only with their consent.
"""

from __future__ import annotations

from collections.abc import Iterable

from providers.exports.common import (
    US_LICENSING_STATES,
    CannotExport,
    CannotReport,
    Export,
    birth_day_problem,
    csv_bytes,
    npi_is_valid,
    us_date,
)
from providers.records import (
    AMA_CATEGORY_1,
    ActivityFacts,
    LearnerClaim,
    format_credits,
    on_quarter_grid,
)

# (column, what it holds and where ACCME asks for it) — the README table is written from this.
PARS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Action", "Add or Delete: the Excel learner upload adds or deletes learner records"),
    ("Activity ID", "the 9-digit activity ID PARS gave the activity"),
    ("Provider ID", "the provider's ACCME provider ID (7 digits)"),
    ("First Name", "learner's first name (ACCME learner credit data)"),
    ("Last Name", "learner's last name (ACCME learner credit data)"),
    ("Month of Birth", "1-12 (ACCME asks month and day of birth, never the year)"),
    ("Day of Birth", "1-31"),
    ("Licensing State", "two-letter state of the medical license"),
    ("License ID", "the state medical license number"),
    ("NPI", "National Provider Identifier; ACCME accepts it where the license is not given"),
    ("Completion Date", "MM/DD/YYYY, within the activity's dates"),
    ("AMA PRA Category 1 Credits", "credits claimed, in 0.25 steps, two decimals"),
)
PHYSICIAN_DEGREES = frozenset({"MD", "DO"})
# What the claim form asks before a physician's credit may go to ACCME (stored with the claim).
PARS_CONSENT_WORDS = (
    "Report my credit for this activity to ACCME's Program and Activity Reporting System (PARS): "
    "my name, month and day of birth, state license or NPI, the completion date and the credits "
    "I claim. ACCME shares it with state medical boards and shows it in CME Passport."
)


def _problems(activity: ActivityFacts, claim: LearnerClaim) -> list[str]:
    problems = []
    if claim.credit_type_slug != AMA_CATEGORY_1:
        problems.append("PARS takes AMA PRA Category 1 Credit™ only; this claim is for another")
    if claim.degree.upper() not in PHYSICIAN_DEGREES:
        problems.append(f"PARS learner data is for physicians (MD, DO), not {claim.degree}")
    if not claim.deleted and not claim.consented_to_pars:
        problems.append("the learner did not agree to have their credit reported to ACCME")
    if not claim.first_name.strip() or not claim.last_name.strip():
        problems.append("no first and last name")
    if (birth := birth_day_problem(claim.birth_month, claim.birth_day)) is not None:
        problems.append(birth)
    problems.extend(_identity_problems(claim))
    problems.extend(_credit_problems(activity, claim))
    return problems


def _identity_problems(claim: LearnerClaim) -> list[str]:
    state = (claim.license_state or "").strip().upper()
    number = (claim.license_number or "").strip()
    npi = (claim.npi or "").strip()
    problems = []
    if state and state not in US_LICENSING_STATES:
        problems.append(f"{state} is not a US licensing state")
    if npi and not npi_is_valid(npi):
        problems.append(f"NPI {npi} is not a valid NPI (10 digits with its check digit)")
    has_license = bool(state and number) and state in US_LICENSING_STATES
    if not has_license and not (npi and npi_is_valid(npi)):
        problems.append("no state license (state and number) or NPI")
    return problems


def _credit_problems(activity: ActivityFacts, claim: LearnerClaim) -> list[str]:
    problems = []
    if claim.credits <= 0:
        problems.append("no credits claimed")
    elif not on_quarter_grid(claim.credits):
        problems.append(f"{claim.credits} credits is not in 0.25-credit steps")
    designation = activity.designation(AMA_CATEGORY_1)
    if designation is not None and claim.credits > designation.maximum:
        problems.append(
            f"{format_credits(claim.credits)} credits is above the designated maximum of "
            f"{format_credits(designation.maximum)}"
        )
    if not activity.starts_on <= claim.completed_on <= activity.ends_on:
        problems.append(
            f"completed {claim.completed_on:%m/%d/%Y}, outside the activity's dates "
            f"({activity.starts_on:%m/%d/%Y} to {activity.ends_on:%m/%d/%Y})"
        )
    return problems


def _row(activity: ActivityFacts, claim: LearnerClaim) -> list[str]:
    return [
        "Delete" if claim.deleted else "Add",
        activity.pars_activity_id or "",
        activity.accme_provider_id or "",
        claim.first_name.strip(),
        claim.last_name.strip(),
        str(claim.birth_month),
        str(claim.birth_day),
        (claim.license_state or "").strip().upper(),
        (claim.license_number or "").strip(),
        (claim.npi or "").strip(),
        us_date(claim.completed_on),
        f"{claim.credits:.2f}",
    ]


def _check_activity(activity: ActivityFacts) -> None:
    pars_id = (activity.pars_activity_id or "").strip()
    if not (len(pars_id) == 9 and pars_id.isdigit()):
        raise CannotExport(
            "This activity has no PARS activity ID. Enter the 9-digit ID that PARS gave it "
            "before exporting learners."
        )
    provider_id = (activity.accme_provider_id or "").strip()
    if not (len(provider_id) == 7 and provider_id.isdigit()):
        raise CannotExport(
            f"{activity.provider_name} has no 7-digit ACCME provider ID, which PARS needs."
        )


def pars_learner_export(activity: ActivityFacts, claims: Iterable[LearnerClaim]) -> Export:
    """The PARS learner CSV for one activity, and the claims it cannot report with why."""
    _check_activity(activity)
    rows, refused = [], []
    ordered = sorted(
        claims, key=lambda c: (c.last_name.lower(), c.first_name.lower(), c.claimed_at)
    )
    for claim in ordered:
        problems = _problems(activity, claim)
        if problems:
            refused.append(CannotReport(claim=claim, reasons=tuple(problems)))
        else:
            rows.append(_row(activity, claim))
    return Export(
        filename=f"pars-learners-{activity.pars_activity_id}.csv",
        content_type="text/csv; charset=utf-8",
        content=csv_bytes(rows, header=[name for name, _ in PARS_COLUMNS]),
        reported=len(rows),
        cannot_report=tuple(refused),
    )
