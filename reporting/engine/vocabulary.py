"""The names of the credit types and mandate topics: the one place they are written.

Every page, sentence and PDF names a credit type or topic from here (the engine's sentences,
the presentation layer, the rows the forms and lists read, which a migration keeps in step).
The slugs are codes for data and URLs; a physician never reads one.
"""

from __future__ import annotations

CREDIT_TYPE_NAMES: dict[str, str] = {
    "ama-pra-1": "AMA PRA Category 1",
    "ama-pra-2": "AMA PRA Category 2",
    "aoa-1a": "AOA Category 1-A",
    "aoa-1b": "AOA Category 1-B",
    "aoa-2a": "AOA Category 2-A",
    "aoa-2b": "AOA Category 2-B",
    "aafp-prescribed": "AAFP Prescribed",
    "other": "Other",
}

TOPIC_NAMES: dict[str, str] = {
    "opioid-prescribing": "Opioid prescribing",
    "pain-management": "Pain management",
    "controlled-substances": "Controlled substances",
    "substance-use-disorders": "Substance use disorders",
    "sbirt": "SBIRT (screening, brief intervention and referral to treatment)",
    "medical-ethics": "Medical ethics",
    "professional-responsibility": "Professional responsibility",
    "professional-boundaries": "Professional boundaries",
    "implicit-bias": "Implicit bias",
    "cultural-competency": "Cultural competency",
    "lgbtq-cultural-competency": "LGBTQ cultural competency",
    "health-equity": "Health equity",
    "domestic-violence": "Domestic violence",
    "sexual-assault": "Sexual assault",
    "human-trafficking": "Human trafficking",
    "child-abuse": "Child abuse",
    "dependent-adult-abuse": "Dependent-adult abuse",
    "pediatric-abusive-head-trauma": "Pediatric abusive head trauma",
    "infection-control": "Infection control",
    "infectious-diseases": "Infectious diseases",
    "hiv-aids": "HIV/AIDS",
    "medical-errors": "Medical errors",
    "risk-management": "Risk management",
    "patient-safety-risk-management": "Patient safety and risk management",
    "end-of-life-care": "End-of-life care",
    "geriatrics": "Geriatrics",
    "dementia": "Alzheimer's disease and dementia",
    "suicide-prevention": "Suicide prevention",
    "behavioral-health": "Behavioral health",
    "laws-and-rules": "State laws and board rules",
    "electronic-health-records": "Electronic health records",
    "sexual-harassment-prevention": "Sexual harassment prevention",
    "nutrition": "Nutrition",
    "public-health-priorities": "Public-health priorities",
}


def credit_type_name(slug: str) -> str:
    """ "AOA Category 1-A"; a slug we do not know reads as words, never as a code."""
    return CREDIT_TYPE_NAMES.get(slug) or _as_words(slug)


def topic_name(slug: str) -> str:
    """ "Opioid prescribing", as the forms and lists show it."""
    return TOPIC_NAMES.get(slug) or _as_words(slug).capitalize()


def in_sentence(name: str) -> str:
    """A name inside a sentence: "credits of opioid prescribing", but "of HIV/AIDS" and "of
    Alzheimer's disease" keep their capitals."""
    first = name.split(" ", 1)[0]
    if first[1:2].isupper() or first.endswith("'s"):
        return name
    return name[:1].lower() + name[1:]


def _as_words(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ")
