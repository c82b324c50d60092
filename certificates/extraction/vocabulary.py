"""The learning format and the mandate topics a certificate's words point to.

Topic slugs are the mandate vocabulary the boards' rules use (the activities app loads the same
slugs as Topic rows); each is recognised by the words certificates and course titles use for
it. OCR misreads a letter here and there, so a long phrase also matches when rapidfuzz finds it
at least 92 % alike (a short word must match exactly: "AIDS" is not "aids").
"""

import re

from rapidfuzz import fuzz

# slug -> regular expressions (case-insensitive unless they start with "(?-i)")
TOPIC_SYNONYMS: dict[str, tuple[str, ...]] = {
    "opioid-prescribing": (
        r"\bopioids?\b",
        r"\bopiates?\b",
        r"buprenorphine",
        r"naloxone",
        r"prescription drug monitoring",
        r"\bPDMP\b",
    ),
    "pain-management": (
        r"pain management",
        r"managing pain",
        r"\bchronic (?:\w+ ){0,2}pain\b",
        r"\bacute pain\b",
        r"\bpain medicine\b",
        r"\bback pain\b",
        r"\bpain control\b",
        r"\bcancer pain\b",
    ),
    "controlled-substances": (
        r"controlled substances?",
        r"benzodiazepines?",
        r"stimulant prescribing",
    ),
    "substance-use-disorders": (
        r"substance use",
        r"\buse disorders?\b",
        r"\baddiction\b",
        r"alcohol use",
    ),
    "sbirt": (r"\bSBIRT\b", r"brief intervention"),
    "medical-ethics": (r"\bethics\b", r"\bethical\b", r"bioethics"),
    "professional-responsibility": (r"professional responsibility", r"\bprofessionalism\b"),
    "professional-boundaries": (
        r"professional boundaries",
        r"boundary violations?",
        r"sexual misconduct",
    ),
    "implicit-bias": (r"implicit bias", r"unconscious bias", r"implicit association"),
    "cultural-competency": (
        r"cultural(?:ly)? competen(?:ce|cy|t)",
        r"cultural humility",
        r"linguistic competence",
    ),
    "lgbtq-cultural-competency": (
        r"(?-i:\bLGBTQ?I?A?\+?)",
        r"transgender",
        r"gender[- ]diverse",
        r"sexual minorit(?:y|ies)",
    ),
    "health-equity": (r"health equity", r"health disparities", r"social determinants"),
    "domestic-violence": (
        r"domestic violence",
        r"intimate partner violence",
        r"family violence",
        r"domestic abuse",
    ),
    "sexual-assault": (r"sexual assault", r"sexual violence"),
    "human-trafficking": (
        r"human trafficking",
        r"sex trafficking",
        r"labou?r trafficking",
        r"\btrafficking\b",
    ),
    "child-abuse": (r"child abuse", r"child maltreatment", r"child neglect", r"mandated reporter"),
    "dependent-adult-abuse": (r"elder abuse", r"dependent[- ]adult abuse", r"elder mistreatment"),
    "pediatric-abusive-head-trauma": (r"abusive head trauma", r"shaken baby"),
    "infection-control": (
        r"infection control",
        r"infection prevention",
        r"\bsepsis\b",
        r"barrier precautions",
        r"hand hygiene",
    ),
    "infectious-diseases": (
        r"infectious diseases?",
        r"\bhepatitis\b",
        r"tuberculosis",
        r"\bCOVID",
        r"sexually transmitted",
    ),
    "hiv-aids": (r"(?-i:\bHIV\b)", r"(?-i:\bAIDS\b)", r"pre-?exposure prophylaxis"),
    "medical-errors": (r"medical errors?", r"medication errors?", r"diagnostic errors?"),
    "risk-management": (r"risk management", r"\bmalpractice\b"),
    "patient-safety-risk-management": (r"patient safety",),
    "end-of-life-care": (
        r"end[- ]of[- ]life",
        r"\bhospice\b",
        r"palliative care",
        r"terminally ill",
        r"goals[- ]of[- ]care",
    ),
    "geriatrics": (r"\bgeriatrics?\b", r"older adults", r"\belderly\b", r"older patients"),
    "dementia": (r"dementias?", r"alzheimer"),
    "suicide-prevention": (r"\bsuicid(?:e|al)\b",),
    "behavioral-health": (r"behavioral health", r"mental health"),
    "laws-and-rules": (
        r"laws and rules",
        r"jurisprudence",
        r"medical practice act",
        r"board rules",
    ),
    "electronic-health-records": (r"electronic (?:health|medical) records?", r"(?-i:\bEHRs?\b)"),
    "sexual-harassment-prevention": (r"sexual harassment",),
    "nutrition": (r"\bnutrition\b", r"metabolic health"),
}

_COMPILED = {
    slug: tuple(re.compile(pattern, re.I) for pattern in patterns)
    for slug, patterns in TOPIC_SYNONYMS.items()
}
# Phrases long and distinctive enough to be matched approximately in OCR'd text.
_FUZZY = {
    slug: tuple(
        plain
        for pattern in patterns
        if len(plain := re.sub(r"\\b|\?|\(\?-i:|\)", "", pattern)) >= 12
        and re.fullmatch(r"[a-z ]+", plain)
    )
    for slug, patterns in TOPIC_SYNONYMS.items()
}


def topics(text: str) -> tuple[str, ...]:
    """The mandate topics the title and body mention, as sorted slugs."""
    found = set()
    lowered = re.sub(r"\s+", " ", text).lower()
    for slug, patterns in _COMPILED.items():
        if any(pattern.search(text) for pattern in patterns) or any(
            fuzz.partial_ratio(phrase, lowered) >= 92 for phrase in _FUZZY[slug]
        ):
            found.add(slug)
    return tuple(sorted(found))


# Learning formats: the slugs of the activity form's choices ------------------------------------
_FORMATS: list[tuple[str, str]] = [
    # Internet point-of-care learning has no choice of its own; it is "other".
    (r"point[- ]of[- ]care", "other"),
    (r"test[- ]item writing", "test-item-writing"),
    (r"journal[- ]?based|journal CME|journal article", "journal"),
    (
        r"enduring|on[- ]?line course|home[- ]?study|self[- ]?study|on[- ]demand|web[- ]?based|"
        r"internet[- ]based|podcast|online activity|e-?learning",
        "enduring",
    ),
    (
        r"\blive\b|grand rounds|regularly scheduled series|conference|symposium|workshop|"
        r"annual meeting|webinar|in[- ]person",
        "live",
    ),
]
_DESIGNATED_AS = re.compile(r"designates?\s+this\s+(?P<kind>.{3,60}?)\s+(?:for|activity)\b", re.I)


def learning_format(text: str) -> str | None:
    """The format the certificate names: its designation statement's words first."""
    flat = re.sub(r"\s+", " ", text)
    statement = _DESIGNATED_AS.search(flat)
    for source in ([statement.group("kind")] if statement else []) + [flat]:
        for pattern, slug in _FORMATS:
            if re.search(pattern, source, re.I):
                return slug
    return None
