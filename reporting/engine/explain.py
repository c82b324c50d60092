"""Plain-English words for dates, amounts, topics and conditions, and the sentence builders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .conditions import parse
from .types import Kind, RequirementSpec
from .vocabulary import in_sentence, topic_name

_CENT = Decimal("0.01")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CONDITION_WORDS = {
    "dea_registrant": "DEA registrants",
    "state_cs_registrant": "holders of a state controlled-substance registration",
    "prescribes_controlled_substances": "physicians who prescribe controlled substances",
    "prescribes_opioids": "physicians who prescribe opioids",
    "direct_patient_care": "physicians with a direct patient care practice",
    "new_licensee": "new licensees",
    "primary_care": "physicians giving primary care",
    "treats_children": "physicians who treat children",
    "treats_adults": "physicians who treat adults",
    "pain_clinic": "physicians practising in a pain-management clinic",
    "patient_population_geriatric_25pct": (
        "internists and family physicians with more than 25% of patients aged 65 or older"
    ),
    "specialty_or_practice_specific": "certain specialties or practice types",
    "prescribes_buprenorphine": "physicians who prescribe buprenorphine for opioid use disorder",
    "office_based_opioid_treatment": "physicians providing office-based opioid treatment",
    "perinatal_care": "physicians who care for pregnant patients",
    "emergency_department": "physicians who treat patients in an emergency department",
    "end_of_life_care": "physicians who provide end-of-life care",
    "pain_management_practice": "physicians whose practice is largely treating pain with opioids",
    "moc_current": "physicians whose board certification is current",
    "facility_affiliated": "physicians associated with a hospital or care facility in the state",
    "public_health_or_community_clinic": (
        "physicians working in a public health or community-based clinic"
    ),
    "nutrition_listed_specialty": "physicians in the specialties the nutrition rule lists",
    "specialty_pediatrics": "pediatricians",
    "specialty_family_medicine": "family physicians and general practitioners",
    "specialty_internal_medicine": "internists",
    "specialty_emergency_medicine": "emergency physicians",
    "specialty_urgent_care": "urgent care physicians",
    "specialty_radiology": "radiologists",
    "specialty_obstetrics_gynecology": "obstetricians and gynecologists",
    "specialty_psychiatry": "psychiatrists",
    "specialty_pain_medicine": "pain medicine physicians",
    "specialty_anesthesiology": "anesthesiologists",
    "specialty_hospitalist": "hospitalists",
    "specialty_neurology": "neurologists",
}

_KIND_WORDS = {
    Kind.TOTAL: "in total",
    Kind.CATEGORY_MIN: "Category 1",
    Kind.CATEGORY_CAP: "Category 2",
}


def day(value: date) -> str:
    """31 Aug 2027 (no locale involved)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def amount(value: Decimal) -> str:
    return f"{value.quantize(_CENT)}"


def hours(value: Decimal) -> str:
    """24 rather than 24.00 where the number is whole ("the 24-credit cap")."""
    return str(value.to_integral_value()) if value == value.to_integral_value() else amount(value)


def topic_words(slug: str) -> str:
    """A topic's name as it reads inside a sentence ("credits of opioid prescribing")."""
    return in_sentence(topic_name(slug))


def condition_words(code: str) -> str:
    return CONDITION_WORDS.get(code, code.replace("_", " "))


def subject(spec: RequirementSpec) -> str:
    """What the requirement is about, as it reads after "credits of"."""
    if spec.label:
        return spec.label
    if spec.kind is Kind.TOPIC:
        return " or ".join(topic_words(t) for t in sorted(spec.topics))
    return _KIND_WORDS[spec.kind]


def _credits_of(spec: RequirementSpec, value: Decimal, more: str = "") -> str:
    """2.00 [more] credits of medical ethics / in total / Category 1 credits."""
    if spec.kind is Kind.TOPIC:
        return f"{amount(value)} {more}{_credit(value)} of {subject(spec)}"
    if spec.kind is Kind.TOTAL:
        return f"{amount(value)} {more}{_credit(value)} in total"
    return f"{amount(value)} {more}{subject(spec)} {_credit(value)}"


def _credit(value: Decimal) -> str:
    return "credit" if value == 1 else "credits"


def met(spec: RequirementSpec, earned: Decimal, required: Decimal | None) -> str:
    if required is None:
        return f"Met: completed a course on {subject(spec)}."
    if spec.kind is Kind.TOTAL:
        return f"Met: {amount(earned)} of {amount(required)} credits in total."
    if spec.kind is Kind.TOPIC:
        return f"Met: {amount(earned)} of {amount(required)} credits of {subject(spec)}."
    return f"Met: {amount(earned)} of {amount(required)} {subject(spec)} credits."


def needed(spec: RequirementSpec, remaining: Decimal | None, due: date, *, overdue: bool) -> str:
    """ "You need 2.00 more credits of medical ethics by 31 Aug 2027." or its overdue form."""
    if remaining is None:
        if overdue:
            return f"Short: a course on {subject(spec)} was due by {day(due)}."
        return f"You need to complete a course on {subject(spec)} by {day(due)}."
    if overdue:
        return f"Short by {_credits_of(spec, remaining)}, due by {day(due)}."
    return f"You need {_credits_of(spec, remaining, 'more ')} by {day(due)}."


def cap(spec: RequirementSpec, limit: Decimal, logged: Decimal, over: Decimal) -> str:
    """What counts toward the total and what does not: a limit is neither met nor short."""
    if limit == 0:
        head = f"{subject(spec)} credits do not count toward the total"
        if logged > 0:
            return f"{head}; the {amount(logged)} logged are not counted."
        return f"{head}."
    head = f"At most {amount(limit)} {subject(spec)} credits count toward the total"
    if over > 0:
        return f"{head}; {amount(over)} of the {amount(logged)} logged do not count."
    return f"{head}; {amount(logged)} logged, all counted."


def condition_phrase(expression: str) -> str:
    """`a or b and c` in words: "A, or B who are also C"."""
    return ", or ".join(
        " who are also ".join(condition_words(code) for code in group)
        for group in parse(expression)
    )


def not_applicable_condition(expression: str) -> str:
    return f"Not required: applies only to {condition_phrase(expression)}; you told us you are not."


def headline(spec: RequirementSpec, required: Decimal | None) -> str:
    """The requirement's name and size, as a line starts: "Human trafficking, 1 h"."""
    name = "total" if spec.kind is Kind.TOTAL else subject(spec)
    name = name[:1].upper() + name[1:]
    size = spec.cap if spec.kind is Kind.CATEGORY_CAP else required
    if size is None:
        return f"{name} (a course)" if spec.kind is Kind.TOPIC else name
    unit = "h" if spec.kind is Kind.TOPIC else "credits"
    return f"{name}, {hours(size)} {unit}"


def headed(spec: RequirementSpec, required: Decimal | None, sentence: str) -> str:
    """A decided-without-counting sentence that names its requirement first."""
    if not sentence:
        return headline(spec, required)
    return f"{headline(spec, required)} — {sentence[:1].lower()}{sentence[1:]}"


def may_apply(expression: str) -> str:
    return f"May apply: it applies to {condition_phrase(expression)}; answer the question to know."


def attested_completion(on: date) -> str:
    return f"Met: you attested that you completed it on {day(on)}."


def attested_exemption(reason: str) -> str:
    return f"Not required: you attested an exemption ({reason})."


def attestation_outside(on: date) -> str:
    return f" Your attestation of completion on {day(on)} falls outside this requirement's window."


def not_in_force(effective_from: date) -> str:
    return (
        f"Not required yet: this rule applies to cycles ending on or after {day(effective_from)}."
    )


NEW_LICENSEE_EXEMPT = "Not required: new licensees are exempt on their initial cycle."
FIRST_RENEWAL_ONLY = "Not required: due only at the first renewal after initial licensure."
MET_BY_MOC = "Met by maintenance of certification, which this board accepts in place of hours."


def not_this_renewal(every: int, next_due: date) -> str:
    return (
        f"Not required this cycle: due at every {_ordinal(every)} renewal; "
        f"next at the renewal on {day(next_due)}."
    )


def outside_renewals(first: int, last: int | None) -> str:
    if last is None:
        return f"Not required this cycle: applies from the {_ordinal(first)} renewal on."
    if first == last:
        return f"Not required this cycle: applies only to the {_ordinal(first)} renewal."
    return f"Not required this cycle: applies to renewals {first} to {last} after licensure."


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
