"""The statements a provider must print on every certificate and activity announcement.

Sources (wording and rules):

- AMA, "The Physician's Recognition Award and credit system: information for accredited
  providers and physicians" (2017 revision; https://www.ama-assn.org/go/prabooklet). The credit
  designation statement is "The [name of accredited provider] designates this [learning format]
  for a maximum of [number of credits] AMA PRA Category 1 Credit(s)™. Physicians should claim
  only the credit commensurate with the extent of their participation in the activity." The
  learning format has been named in the first sentence since July 2011 (AMA PRA update, see
  meetingsnet.com "AMA issues updates to PRA credit system"); the credit name is printed in
  italics with the trademark sign ™, and no shorter name ("Category 1 credit") is allowed.
- ACCME, "Accreditation Statement" policy and its joint-providership page
  (https://www.accme.org/accreditation-rules/policies/joint-providership): a directly provided
  activity says "The [provider] is accredited by the Accreditation Council for Continuing
  Medical Education (ACCME) to provide continuing medical education for physicians."; a jointly
  provided one says "This activity has been planned and implemented in accordance with the
  accreditation requirements and policies of the Accreditation Council for Continuing Medical
  Education (ACCME) through the joint providership of [accredited provider] and [nonaccredited
  provider]. The [accredited provider] is accredited by the ACCME to provide continuing medical
  education for physicians."
- AOA, "Accreditation Requirements for AOA Category 1 CME Sponsors": the sponsor's statement
  "The [sponsor] designates this program for a maximum of [n] AOA Category 1-A credits and will
  report CME and specialty credits commensurate with the extent of the physician's
  participation in this activity." (the AOA publishes it in its sponsor handbook, which the
  search could not reach in full; the sentence follows the handbook's template as providers
  print it).

The templates' "The [name of accredited provider]" is filled with the provider's name as the
provider registered it ("The Ohio State University", "Mayo Clinic"), never with a second "The".
Numbers are printed as the AMA prints them: in quarter steps with at least one decimal place
("3.5", "1.0", "0.25"); "Credit" for exactly one, "Credits" otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString

from providers.records import (
    AMA_CATEGORY_1,
    AOA_CATEGORY_1,
    ActivityFacts,
    format_credits,
    learning_format_phrase,
    on_quarter_grid,
)

ACCME = "Accreditation Council for Continuing Medical Education (ACCME)"
AMA_CREDIT = "AMA PRA Category 1 Credit"
TRADEMARK = "\u2122"


class CannotDesignate(ValueError):
    """The activity's facts do not allow the statement (explained in words)."""


@dataclass(frozen=True)
class Statement:
    """One statement as plain text (PDF text, CSV, e-mail) and as escaped HTML."""

    text: str
    html: SafeString


def _credit_words(maximum: Decimal) -> tuple[str, str]:
    """(number, 'Credit' or 'Credits') as the AMA prints them."""
    return format_credits(maximum), AMA_CREDIT + ("" if maximum == 1 else "s")


def ama_credit_phrase(credits: Decimal) -> Statement:
    """'3.0 AMA PRA Category 1 Credits™' with the credit name in italics in HTML."""
    number, name = _credit_words(credits)
    return Statement(
        text=f"{number} {name}{TRADEMARK}",
        html=format_html("{} <em>{}</em>{}", number, name, TRADEMARK),
    )


def designation_statement(activity: ActivityFacts) -> Statement | None:
    """The AMA credit designation statement, or None where no Category 1 credit is designated."""
    designation = activity.designation(AMA_CATEGORY_1)
    if designation is None:
        return None
    if activity.accreditation == "none":
        raise CannotDesignate(
            f"{activity.provider_name} is not accredited, so it cannot designate "
            f"{AMA_CREDIT}{TRADEMARK}; an accredited provider must offer the activity."
        )
    if designation.maximum <= 0 or not on_quarter_grid(designation.maximum):
        raise CannotDesignate(
            f"{AMA_CREDIT}{TRADEMARK} is designated in steps of 0.25; "
            f"{designation.maximum} is not one."
        )
    fmt = learning_format_phrase(activity.learning_format)
    number, name = _credit_words(designation.maximum)
    closing = (
        "Physicians should claim only the credit commensurate with the extent of their "
        "participation in the activity."
    )
    lead = f"{activity.provider_name} designates this {fmt} for a maximum of"
    return Statement(
        text=f"{lead} {number} {name}{TRADEMARK}. {closing}",
        html=format_html(
            "{} designates this {} for a maximum of {} <em>{}</em>{}. {}",
            activity.provider_name,
            fmt,
            number,
            name,
            TRADEMARK,
            closing,
        ),
    )


def aoa_designation_statements(activity: ActivityFacts) -> tuple[Statement, ...]:
    """The AOA sponsor's statement for each AOA category (1-A, 1-B) the activity carries."""
    found = []
    for slug in AOA_CATEGORY_1:
        designation = activity.designation(slug)
        if designation is None:
            continue
        category = designation.credit_type_name.removeprefix("AOA ")
        plural = "credit" if designation.maximum == 1 else "credits"
        text = (
            f"{activity.provider_name} designates this program for a maximum of "
            f"{format_credits(designation.maximum)} AOA {category} {plural} and will report CME "
            "and specialty credits commensurate with the extent of the physician's participation "
            "in this activity."
        )
        found.append(Statement(text=text, html=format_html("{}", text)))
    return tuple(found)


def _joined(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def accreditation_statement(activity: ActivityFacts) -> Statement | None:
    """The ACCME accreditation statement; None for a provider without accreditation."""
    if activity.accreditation == "none":
        return None
    if activity.accreditation == "state":
        if not activity.accreditor_name:
            raise CannotDesignate(
                f"Name the state medical society that accredits {activity.provider_name}."
            )
        full = short = activity.accreditor_name
    else:
        full, short = f"the {ACCME}", "the ACCME"
    provider = activity.provider_name
    if not activity.joint_providers:
        text = (
            f"{provider} is accredited by {full} to provide continuing medical education "
            "for physicians."
        )
    else:
        text = (
            "This activity has been planned and implemented in accordance with the "
            f"accreditation requirements and policies of {full} through the joint providership "
            f"of {_joined([provider, *activity.joint_providers])}. {provider} is accredited by "
            f"{short} to provide continuing medical education for physicians."
        )
    return Statement(text=text, html=format_html("{}", text))


def statements(activity: ActivityFacts) -> tuple[Statement, ...]:
    """Every statement the activity's certificate prints, accreditation first."""
    found = (accreditation_statement(activity), designation_statement(activity))
    return (*(s for s in found if s is not None), *aoa_designation_statements(activity))
