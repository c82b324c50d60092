"""Suggested activity fields read from a certificate's text; the physician confirms every one.

Title, provider and learner are found by the words around them (a label, "X certifies that",
"titled", "This certificate is awarded to"); dates, credits and the vocabulary (format, topics)
have modules of their own.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz, process

from .credits import credit
from .dates import activity_dates
from .vocabulary import learning_format, topics


@dataclass(frozen=True)
class Suggestions:
    """What the certificate seems to say; the user confirms every field."""

    title: str = ""
    provider: str = ""
    completed_on: datetime.date | None = None
    credits: Decimal | None = None
    credit_type: str | None = None
    started_on: datetime.date | None = None
    format: str | None = None  # a learning-format slug: live, enduring, journal, ...
    topics: tuple[str, ...] = field(default_factory=tuple)  # mandate topic slugs, sorted
    # The AMA's "designates this ... for a maximum of N AMA PRA Category 1 Credits" sentence.
    designation_statement: bool = False
    # Attendance for non-physicians, or nurses' / pharmacists' contact hours: not physician credit.
    participation: bool = False
    learner_name: str = ""

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: credits a string with two places, dates ISO, topics a list."""
        return {
            "title": self.title or None,
            "provider": self.provider or None,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "credits": f"{self.credits:.2f}" if self.credits is not None else None,
            "credit_type": self.credit_type,
            "started_on": self.started_on.isoformat() if self.started_on else None,
            "format": self.format,
            "topics": list(self.topics),
            "designation_statement": self.designation_statement,
            "participation": self.participation,
            "learner_name": self.learner_name or None,
        }

    def __bool__(self) -> bool:
        return any(self.as_dict().values())


def suggestions_from_text(text: str) -> Suggestions:
    """Every field a reader would take from the certificate's wording."""
    text = _normalise(text)
    flat = re.sub(r"\s+", " ", text)
    learner = _learner(text)
    found = credit(flat, physician=bool(re.search(r"\b(?:MD|M\.D\.|DO|D\.O\.)$", learner)))
    dates = activity_dates(flat)
    title = _title(text)
    started = dates.started_on if dates.started_on != dates.completed_on else None
    return Suggestions(
        title=title,
        provider=_provider(text),
        completed_on=dates.completed_on,
        credits=found.credits,
        credit_type=found.credit_type,
        started_on=started,
        format=learning_format(text),
        topics=topics(f"{title}\n{text}"),
        designation_statement=found.designation_statement,
        participation=found.participation,
        learner_name=learner,
    )


def _normalise(text: str) -> str:
    replacements = {
        "\u2122": " ",  # ™
        "\u00ae": " ",  # ®
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\ufb01": "fi",
        "\ufb02": "fl",
    }
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


# Lines ----------------------------------------------------------------------------------------
def _lines(text: str) -> list[str]:
    """Non-empty lines, without the table rules and stray marks OCR reads as letters."""
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"[|│¦_~«»]+", " ", raw)
        line = re.sub(r"\s+", " ", line).strip(" -—=*•·")
        if sum(char.isalnum() for char in line) >= 2:
            lines.append(line)
    return lines


_DATE_LINE = re.compile(
    r"^(?:(?:from|on|held|dated?|completed)\b|(?:\w+day,\s*)?(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{4}-\d{2}-\d{2})",
    re.I,
)
_DEGREES = r"(?:MD|M\.D\.|DO|D\.O\.|RN|BSN|MSN|NP|APRN|PA-C|PA|PharmD|RPh|PhD|MBBS|DPM|FAAFP|FACP)"
_NAME = rf"[A-Z][A-Za-z'.-]+(?: [A-Z][A-Za-z'.-]*){{1,3}}(?:,? {_DEGREES})*"
_PERSON = re.compile(rf"^(?P<name>{_NAME})$")
_PERSON_WITH_DEGREE = re.compile(
    rf"^(?P<name>[A-Z][A-Za-z'.-]+(?: [A-Z][A-Za-z'.-]*){{1,3}},? {_DEGREES}(?:,? {_DEGREES})*)$"
)


# Title ----------------------------------------------------------------------------------------
# Labels a title is printed after; OCR misspells them, so they are matched approximately.
_TITLE_LABELS = (
    "activity title",
    "course title",
    "program title",
    "session title",
    "title",
    "activity",
    "course",
    "program",
    "activity name",
    "course name",
    "title of activity",
    "name of activity",
    "article title",
    "webinar",
    "session",
    "lecture",
    "module",
)
_LABELLED = re.compile(r"^(?P<label>[A-Za-z][A-Za-z0-9 ()]{2,24}?)\s*[:;]\s*(?P<rest>.*)$")
# What follows a title in a table row or a sentence and is not part of it.
_VALUE_TAIL = re.compile(
    r"\s+(?:format|date|dates|credits?|credit type|activity type|location|provider)\s*$"
    r"|\s+(?:journal-based|enduring material|live activity)\b.*$",
    re.I,
)
_ACTIVITY_NUMBER = re.compile(
    r"^(?:(?:course|activity)\s*(?:#|no\.?|number)\s*:?\s*)?#?\d{4,}[A-Z-]*\s*[:\-\u2013]\s*"
    r"|\s*\((?:course|activity)?\s*(?:#|no\.?|number)?\s*:?\s*#?[\dA-Z-]{4,}\)\s*$"
    r"|\s+(?:course|activity)\s*(?:#|no\.?|number)\s*:?\s*#?[\dA-Z-]{4,}\s*$",
    re.I,
)
_TITLE_CUES = [
    re.compile(r"\b(?:titled|entitled)\b\s*:?\s*", re.I),
    re.compile(r"\bfor the (?:following )?(?:activity|course|program)\b\s*:?\s*", re.I),
    re.compile(
        r"\b(?:for (?:successfully )?(?:participating in|completing|attending)|"
        r"(?:has )?(?:successfully )?(?:completed|attended|participated in))"
        r"(?: the)?(?: (?:live|online|internet|enduring|journal-based|regularly scheduled|"
        r"virtual|on-demand|recorded|self-study))*"
        r"(?: (?:activity|course|program|material|conference|series|webinar|meeting|module))?"
        r"\b\s*:?\s*",
        re.I,
    ),
]
# Where a title running on in the flattened text ends: a date, the award, the provider...
_TITLE_END = re.compile(
    r"\s+(?:on|held|dated?|from)\s+(?:\w+\.?\s+\d|\d)|"
    r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:-\d{1,2})?,?\s+\d{4}|"
    r"\s+\d{1,2}/\d{1,2}/\d{2,4}|\s+(?:held|and (?:is|was|has)|is awarded|"
    r"has been|has earned|has claimed|for a maximum|which|provided by|presented by|sponsored by|"
    r"jointly|designated|offered by|completed|completion|release|credits?\b|in partnership)"
    r"|\.(?:\s|$)|;",
    re.I,
)
_TITLE_STOP = re.compile(r"\s*[.;,]\s*$")
# Lines that are never a title: the certificate's own heading, its boilerplate, its numbers.
_NOT_TITLE = re.compile(
    r"certificate|certif(?:y|ies)|this is to|awarded to|presented to|\bCME\b|statement of|"
    r"continuing (?:medical|pharmacy|nursing) education|accredit|designat|credit|contact hour|"
    r"office of|department of|p\.o\. box|learning\b|^participant|^name\b",
    re.I,
)


def _is_title_label(label: str) -> bool:
    # OCR reads "l" as "1" and "o" as "0" ("Tit1e").
    label = label.lower().translate(str.maketrans("10", "lo"))
    label = re.sub(r"[^a-z ]", "", label).strip()
    return process.extractOne(label, _TITLE_LABELS, scorer=fuzz.ratio, score_cutoff=86) is not None


def _clean_title(value: str) -> str:
    value = value.strip()
    quoted = re.match(r"""^["'](?P<inner>[^"']{3,300})["']""", value)
    if quoted:
        return quoted.group("inner").strip()
    end = _TITLE_END.search(value)
    if end:
        value = value[: end.start()]
    return _tidy_title(value)


def _tidy_title(value: str) -> str:
    for _ in range(2):
        value = _ACTIVITY_NUMBER.sub("", value).strip()
        value = _VALUE_TAIL.sub("", value).strip()
    value = _TITLE_STOP.sub("", value).strip(" \"'.,:;-")
    return value[:300]


def _title_lines(lines: list[str], start: int) -> str:
    """A title on its own line(s) after a cue: wrapped lines join until the sentence resumes."""
    parts: list[str] = []
    for line in lines[start : start + 3]:
        if parts and (re.search(r"[.!?\"]$", parts[-1]) or not re.match(r"^[A-Z0-9\"'(]", line)):
            break
        if _DATE_LINE.match(line) or _NOT_TITLE.search(line) or line[0].islower():
            break
        parts.append(line)
    return _clean_title(" ".join(parts)) if parts else ""


def _title(text: str) -> str:
    lines = _lines(text)
    for index, line in enumerate(lines):
        match = _LABELLED.match(line)
        if match and _is_title_label(match.group("label")):
            rest = match.group("rest").strip()
            if len(rest) < 3 and index + 1 < len(lines):
                rest = lines[index + 1]
            title = _tidy_title(rest)
            if len(title) >= 3:
                return title
    for line in lines:
        quoted = re.fullmatch(r"""["'](?P<inner>[^"']{3,300})["']""", line)
        if quoted:
            return quoted.group("inner").strip()
    for cue in _TITLE_CUES:
        for index, line in enumerate(lines):
            for match in cue.finditer(line):
                rest = line[match.end() :]
                if not rest.strip() and index + 1 < len(lines):
                    title = _title_lines(lines, index + 1)
                else:
                    # Sentences wrap anywhere, so the rest is read through the following lines.
                    title = _clean_title(" ".join([rest, *lines[index + 1 : index + 3]]))
                if len(title) >= 3 and not re.match(r"^(on|in|at|the|by)\b", title, re.I):
                    return title
    return _prominent_title(lines)


def _prominent_title(lines: list[str]) -> str:
    """No cue at all (a conference's certificate leads with its name): the first line that is
    neither boilerplate, nor a person, nor a date, nor the organisation's name."""
    for line in lines[:6]:
        if (
            len(line) >= 8
            and len(line.split()) >= 2
            and not _NOT_TITLE.search(line)
            and not _DATE_LINE.match(line)
            and not _PERSON_WITH_DEGREE.match(line)
            and not _ORGANISATION.search(line)
            and not line[0].islower()
        ):
            return _tidy_title(line)
    return ""


# Provider -------------------------------------------------------------------------------------
_PROVIDER_CUE = re.compile(
    r"\b(?:jointly provided|provided|presented|sponsored|offered|organized|organised|"
    r"certified) by\b\s*:?\s*(?P<rest>.*)$"
    r"|(?:^|[.;]\s+)(?:accredited\s+)?(?:provider|sponsor|organization|organisation)"
    r"(?:\s+name)?\s*:\s*(?P<rest2>.*)$",
    re.I,
)
_PROVIDER_STOP = re.compile(
    r"\s+(?:on|for (?:a|the|this|physicians)|designates?|is accredited|"
    r"in (?:collaboration|partnership|cooperation)|has been|and is|held|dated?)\b.*$"
    r"|\s*[.;,]\s*$",
    re.I,
)
_CERTIFIES = re.compile(r"^(?P<before>.*?)\s*\bcertif(?:ies|y) that\b", re.I)
_ACCREDITED = re.compile(
    r"^(?P<before>.*?)\s*\b(?:is|are) (?:accredited|approved|recognized|recognised)\b"
    r"(?: as a provider)?(?: by| as a provider)\b"
    r"|^(?P<before2>.*?)\s*\bdesignates this\b",
    re.I,
)
# The AAFP's wording: "... has been reviewed and is acceptable for up to 20 Prescribed credits by
# the American Academy of Family Physicians."
_AAFP_STATEMENT = re.compile(
    r"\bacceptable for\b.{0,60}?\bcredits?(?:\(s\))? by\s+(?P<org>[^.;]{3,150})", re.I
)
_ORGANISATION = re.compile(
    r"\b(?:Institute|Hospital|Association|Society|College|University|Center|Centre|Academy|"
    r"Foundation|LLC|Inc\.?|School|Clinic|Network|Council|Board|Health System)\b"
)
# "St. Mary's", "Inc. is accredited": full stops that do not end a sentence.
_SENTENCE_END = re.compile(r"(?<!\bSt)(?<!\bInc)(?<!\bDr)(?<!\bMt)(?<!\bCo)[.!?]\s+(?=[A-Z])")


def _last_sentence(value: str) -> str:
    return _SENTENCE_END.split(value)[-1]


def _clean_provider(value: str) -> str:
    value = value.strip()
    for _ in range(3):
        value = _PROVIDER_STOP.sub("", value).strip()
    value = re.sub(r"^the\s+", "", value, flags=re.I)
    return value.strip(" \"'.,:;-")[:200]


def _subject(lines: list[str], index: int, before: str) -> str:
    """The organisation a statement on line `index` is about, reaching back over a wrap."""
    before = before.strip()
    sentence = _last_sentence(before)
    starts_line = sentence == before
    if index > 0 and starts_line and (not before or before[0].islower() or len(before) < 4):
        previous = lines[index - 1]
        if not re.search(r"[.!?:]$", previous):
            sentence = f"{_last_sentence(previous)} {before}".strip()
    return _clean_provider(sentence)


def _provider(text: str) -> str:
    lines = _lines(text)
    for index, line in enumerate(lines):
        match = _CERTIFIES.match(line)
        if match and not re.search(r"\bthis\b", match.group("before"), re.I):
            provider = _subject(lines, index, match.group("before"))
            if len(provider) >= 3:
                return provider
    for index, line in enumerate(lines):
        match = _ACCREDITED.search(line)
        if match:
            provider = _subject(lines, index, match.group("before") or match.group("before2") or "")
            # "This course is approved by the board": about the course, not its provider.
            if len(provider) >= 3 and not re.match(r"(?i)(?:it|this|these|that|which)\b", provider):
                return provider
    reviewed = _AAFP_STATEMENT.search(" ".join(lines))
    if reviewed:
        return _clean_provider(reviewed.group("org"))
    for index, line in enumerate(lines):
        match = _PROVIDER_CUE.search(line)
        if match:
            rest = match.group("rest") if match.group("rest") is not None else match.group("rest2")
            rest = rest.strip(" :-")
            if len(rest) < 3 and index + 1 < len(lines):
                rest = lines[index + 1]
            provider = _clean_provider(rest)
            if len(provider) >= 3:
                return provider
    for line in lines[:4]:
        if (
            _ORGANISATION.search(line)
            and not _NOT_TITLE.search(line)
            and not re.search(r"\b(?:is|are|was|has|have|by|for|this)\b", line, re.I)
            and len(line) <= 80
        ):
            return _clean_provider(line.split(" · ")[0])
    return ""


# Learner --------------------------------------------------------------------------------------
_LEARNER_LABEL = re.compile(
    r"^(?:participant(?: name)?|learner(?: name)?|physician|name|awarded to|presented to|"
    r"issued to|attendee|licensee|recipient)\s*:\s*(?P<rest>.+)$",
    re.I,
)
_LEARNER_CUE = re.compile(
    r"(?:this (?:is to )?certif(?:y|ies) that|certif(?:y|ies) that|(?:is |are )?(?:awarded|"
    r"presented|issued) to)\s*:?\s*$",
    re.I,
)
_LEARNER_THEN = re.compile(
    r"^(?P<name>" + _NAME + r")\s+(?:has|have)\s+(?:successfully\s+)?"
    r"(?:completed|claimed|participated|attended|earned|been)\b"
)
_LEARNER_INLINE = re.compile(
    r"\b(?:certif(?:y|ies) that|(?:awarded|presented|issued) to)\s*:?\s+(?P<name>" + _NAME + r")"
    r"(?:\s+(?:has|have|was|is|participated|attended|completed|for)\b|\s*$)"
)
_HAS = re.compile(
    r"^(?:has|have)\s+(?:successfully\s+)?(?:completed|claimed|participated|attended|earned)\b",
    re.I,
)


def _person(value: str) -> str:
    value = value.strip(" .:;")
    match = _PERSON.match(value)
    return match.group("name") if match else ""


def _learner(text: str) -> str:
    lines = _lines(text)
    for line in lines:
        match = _LEARNER_LABEL.match(line)
        if match and (name := _person(match.group("rest"))):
            return name
    for index, line in enumerate(lines[:-1]):
        if _LEARNER_CUE.search(line) and (name := _person(lines[index + 1])):
            return name
    for line in lines:
        match = _LEARNER_INLINE.search(line)
        if match:
            return match.group("name")
    for index, line in enumerate(lines):
        match = _LEARNER_THEN.match(line)
        if match:
            return match.group("name")
        if index and _HAS.match(line) and (name := _person(lines[index - 1])):
            return name
    for line in lines:
        match = _PERSON_WITH_DEGREE.match(line)
        if match:
            return match.group("name")
    return ""
