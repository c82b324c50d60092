"""The plain facts the provider side prints and reports: no models, no database.

Certificates, the designation statements and the exports (PARS, CE Broker, MedBiquitous) are
pure functions of these frozen records, so each can be tested table by table and the pages only
have to turn their rows into them.

The learning formats are the AMA PRA credit system's (AMA, "The Physician's Recognition Award
and credit system", 2017 booklet: live activities, enduring materials, journal-based CME,
test-item writing, manuscript review, performance improvement CME, internet point-of-care
learning, and "other" activities that fit none of those). The designation statement names the
format, so the format is a small fixed vocabulary, not free text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

# --- Vocabularies -----------------------------------------------------------------------------

# code, label shown on screens and certificates, the words after "designates this" in the AMA
# designation statement.
LEARNING_FORMATS: tuple[tuple[str, str, str], ...] = (
    ("live", "Live activity", "live activity"),
    ("enduring", "Enduring material", "enduring material"),
    ("journal", "Journal-based CME activity", "journal-based CME activity"),
    ("test-item-writing", "Test-item writing activity", "test-item writing activity"),
    ("manuscript-review", "Manuscript review activity", "manuscript review activity"),
    ("pi-cme", "Performance improvement CME activity", "performance improvement CME activity"),
    ("internet-poc", "Internet point-of-care learning", "internet point-of-care activity"),
    ("other", "Other activity", "other activity"),
)
# For model choices: (code, label).
LEARNING_FORMAT_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (code, label) for code, label, _ in LEARNING_FORMATS
)
_FORMAT_PHRASE = {code: phrase for code, _, phrase in LEARNING_FORMATS}
_FORMAT_LABEL = dict(LEARNING_FORMAT_CHOICES)

# The physician's own record has a coarser list (activities.models.Format); a claimed activity
# lands there under the nearest of its codes.
RECORD_FORMAT = {
    "live": "live",
    "enduring": "enduring",
    "journal": "journal",
    "test-item-writing": "test-item-writing",
    "manuscript-review": "other",
    "pi-cme": "other",
    "internet-poc": "other",
    "other": "other",
}

# Who stands behind the credit. Only an accredited provider may designate AMA PRA Category 1
# Credit; an organization without accreditation offers it through a joint provider.
ACCREDITATION_CHOICES: tuple[tuple[str, str], ...] = (
    ("accme", "Accredited by the ACCME"),
    ("state", "Accredited by a state medical society recognized by the ACCME"),
    ("none", "Not accredited"),
)

# Credit type slugs as the activities app seeds them (activities/migrations/0002_vocabularies).
AMA_CATEGORY_1 = "ama-pra-1"
AOA_CATEGORY_1 = ("aoa-1a", "aoa-1b")

QUARTER = Decimal("0.25")


def learning_format_label(code: str) -> str:
    """The words for a learning format code; a code we do not know is a programming error."""
    try:
        return _FORMAT_LABEL[code]
    except KeyError:
        raise ValueError(f"Unknown learning format code: {code!r}") from None


def learning_format_phrase(code: str) -> str:
    try:
        return _FORMAT_PHRASE[code]
    except KeyError:
        raise ValueError(f"Unknown learning format code: {code!r}") from None


def on_quarter_grid(credits: Decimal) -> bool:
    """AMA PRA Category 1 credit is designated and claimed in 0.25-credit steps."""
    return credits % QUARTER == 0


def format_credits(credits: Decimal) -> str:
    """Credits as the AMA prints them: at least one decimal, quarters kept (3.0, 3.5, 0.25)."""
    text = f"{credits.normalize():f}"
    if "." not in text:
        return text + ".0"
    return text


# --- Records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Designation:
    """The maximum of one credit type the provider designated the activity for."""

    credit_type_slug: str
    credit_type_name: str
    maximum: Decimal


@dataclass(frozen=True)
class ActivityFacts:
    """One activity as its provider offers it."""

    provider_name: str
    accme_provider_id: str | None
    accreditation: str  # a code of ACCREDITATION_CHOICES
    joint_providers: tuple[str, ...]
    title: str
    learning_format: str  # a code of LEARNING_FORMATS
    learning_format_label: str
    starts_on: datetime.date
    ends_on: datetime.date
    location: str
    pars_activity_id: str | None
    designations: tuple[Designation, ...]
    topics: tuple[str, ...]
    # Where accreditation is "state": the society's name ("the Texas Medical Association").
    accreditor_name: str = ""
    # CE Broker's numbers for the provider ("50-" + 9 digits) and the course ("20-" + digits),
    # given where the provider reports to CE Broker; stored without the prefixes.
    cebroker_provider_number: str | None = None
    cebroker_course_number: str | None = None

    def designation(self, credit_type_slug: str) -> Designation | None:
        return next((d for d in self.designations if d.credit_type_slug == credit_type_slug), None)


@dataclass(frozen=True)
class LearnerClaim:
    """One learner's claim of credit for an activity, with what the reports need of them."""

    first_name: str
    last_name: str
    email: str
    degree: str  # "MD", "DO", "PA", "NP", "RN", ...
    npi: str | None
    birth_month: int | None
    birth_day: int | None
    license_state: str | None  # two-letter postal code
    license_number: str | None
    credit_type_slug: str
    credits: Decimal
    completed_on: datetime.date
    claimed_at: datetime.datetime
    verification_code: str
    consented_to_pars: bool
    # A claim withdrawn after it was reported: PARS gets a delete row for it.
    deleted: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class CertificateFacts:
    """What one certificate prints: the credits claimed, never the designated maximum."""

    activity: ActivityFacts
    learner_name: str
    degree_label: str
    credits: Decimal
    credit_type_name: str
    completed_on: datetime.date
    verification_code: str
    verification_url: str
    # The slug decides which statements print; the default is the physician's credit.
    credit_type_slug: str = AMA_CATEGORY_1
    issued_on: datetime.date | None = None
