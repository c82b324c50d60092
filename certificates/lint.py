"""What an auditor would question about a claimed activity and the certificate behind it.

Pure: plain values in, readable sentences out; nothing here blocks a claim. The activity page
and the audit packet's checklist show the questions so the physician can answer them (a note,
a corrected claim, a better certificate) before a board asks.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# Credit types a board counts as Category 1 (AMA PRA Category 1, AOA 1-A and 1-B).
CATEGORY_1 = frozenset({"ama-pra-1", "aoa-1a", "aoa-1b"})
# Physician credit is claimed in quarter hours (AMA PRA: "in 0.25 credit increments").
PHYSICIAN_CREDIT = CATEGORY_1 | {"ama-pra-2", "aoa-2a", "aoa-2b"}
QUARTER = Decimal("0.25")
# Words around a name that are not the name: honorifics, degrees, suffixes.
_TITLES = frozenset(
    {
        "dr",
        "doctor",
        "md",
        "do",
        "mbbs",
        "phd",
        "pa",
        "pac",
        "pa-c",
        "np",
        "aprn",
        "rn",
        "dnp",
        "facp",
        "faafp",
        "facs",
        "mph",
        "ms",
        "msc",
        "jr",
        "sr",
        "ii",
        "iii",
    }
)


@dataclass(frozen=True)
class CertificateFacts:
    """What the certificate itself says; None where it could not be read."""

    designation_statement: bool | None = None
    participation: bool | None = None
    learner_name: str = ""
    credits: Decimal | None = None


@dataclass(frozen=True)
class Question:
    """One thing an auditor would ask, as a sentence the physician can act on."""

    code: str
    sentence: str


def certificate_questions(
    *,
    credit_type: str,
    credit_type_name: str,
    credits: Decimal,
    completed_on: datetime.date,
    certificate: CertificateFacts | None = None,
    profile_name: str = "",
    cycle: tuple[datetime.date, datetime.date] | None = None,
) -> list[Question]:
    """The questions this claim raises; `cycle` is the (first day, last day) being claimed."""
    questions: list[Question] = []
    facts = certificate or CertificateFacts()
    if credit_type == "ama-pra-1" and facts.designation_statement is False:
        questions.append(
            Question(
                "no-designation-statement",
                "The certificate has no AMA designation statement (“… designates this activity "
                "for a maximum of N AMA PRA Category 1 Credits™”), yet it is claimed as "
                "AMA PRA Category 1. Auditors accept Category 1 only from an accredited "
                "provider's certificate that says so.",
            )
        )
    if credit_type in PHYSICIAN_CREDIT and credits % QUARTER:
        questions.append(
            Question(
                "credits-not-quarter-hours",
                f"{credits} {credit_type_name} credits is not a multiple of 0.25; physician "
                "credit is claimed in quarter hours.",
            )
        )
    if credit_type in CATEGORY_1 and facts.participation:
        questions.append(
            Question(
                "participation-claimed-as-category-1",
                "This is a certificate of participation (attendance), which providers issue "
                f"to non-physicians; it is claimed as {credit_type_name}. Physicians claim "
                "Category 1 with a certificate that awards the credit to them.",
            )
        )
    if facts.credits is not None and credits > facts.credits:
        questions.append(
            Question(
                "more-than-certified",
                f"{credits} credits are claimed, but the certificate awards {facts.credits}.",
            )
        )
    if facts.learner_name and profile_name and not same_person(facts.learner_name, profile_name):
        questions.append(
            Question(
                "other-name",
                f"The certificate is made out to “{facts.learner_name}”, not to "
                f"“{profile_name}” as in your profile. If you changed your name, keep the "
                "proof with your records.",
            )
        )
    if cycle is not None and not cycle[0] <= completed_on <= cycle[1]:
        questions.append(
            Question(
                "outside-cycle",
                f"It was completed on {completed_on:%d %b %Y}, outside the cycle claimed "
                f"({cycle[0]:%d %b %Y} to {cycle[1]:%d %b %Y}).",
            )
        )
    return questions


def _name_parts(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", plain.replace(".", ""))
    return [word for word in words if word not in _TITLES]


def same_person(printed: str, profile: str) -> bool:
    """Whether a printed learner name can be the profile's: same surname, same first initial.

    "Dr. Alice B. Ng, MD" is "Alice Ng"; "A. Ng" is too; "Bob Ng" is not.
    """
    printed_parts, profile_parts = _name_parts(printed), _name_parts(profile)
    if not printed_parts or not profile_parts:
        return True  # nothing to compare: no question
    surname = profile_parts[-1]
    if surname not in printed_parts and not any(
        surname in part.split("-") for part in printed_parts
    ):
        return False
    return printed_parts[0][0] == profile_parts[0][0]
