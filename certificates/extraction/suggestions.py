"""Suggested activity fields (title, provider, date, credits, credit type) read from a
certificate's text; the physician confirms every one."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Suggestions:
    """What the certificate seems to say; the user confirms every field."""

    title: str = ""
    provider: str = ""
    completed_on: datetime.date | None = None
    credits: Decimal | None = None
    credit_type: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """JSON-ready: credits a string with two places, the date ISO."""
        return {
            "title": self.title or None,
            "provider": self.provider or None,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "credits": f"{self.credits:.2f}" if self.credits is not None else None,
            "credit_type": self.credit_type,
        }

    def __bool__(self) -> bool:
        return any(self.as_dict().values())


def suggestions_from_text(text: str) -> Suggestions:
    """Title, provider, completion date, credits and credit type from certificate wording."""
    text = _normalise(text)
    flat = re.sub(r"\s+", " ", text)
    credits, credit_type = _credits(flat)
    return Suggestions(
        title=_title(text),
        provider=_provider(text),
        completed_on=_completed_on(flat),
        credits=credits,
        credit_type=credit_type,
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


# Credits ----------------------------------------------------------------------------------
_NUMBER = r"(?:[a-z]+(?:-[a-z]+)?\s*\(\s*)?(?<![\w.,])(?P<n>\d{1,3}(?:\.\d{1,2})?)\s*\)?"
_TYPES: list[tuple[str, str]] = [
    (r"AMA\s*PRA\s*Category\s*(?:1|I)\b(?:\s*Credits?(?:\s*\(s\))?)?(?:\s*TM)?", "ama-pra-1"),
    (r"AMA\s*PRA\s*Category\s*(?:2|II)\b(?:\s*Credits?(?:\s*\(s\))?)?(?:\s*TM)?", "ama-pra-2"),
    (r"AOA\s*Category\s*1\s*-?\s*A\b", "aoa-1a"),
    (r"AOA\s*Category\s*1\s*-?\s*B\b", "aoa-1b"),
    (r"AOA\s*Category\s*2\s*-?\s*A\b", "aoa-2a"),
    (r"AOA\s*Category\s*2\s*-?\s*B\b", "aoa-2b"),
    (r"(?:ANCC\s+|ACPE\s+|nursing\s+)?contact\s+hours?", "other"),
]
_EARNED = re.compile(r"award|claim|earn|receiv|grant|issued|complet|attain", re.I)
_MAXIMUM = re.compile(r"maximum|up to|designat", re.I)
_GENERIC_CREDITS = re.compile(
    r"(?:credits?|hours?)\s*(?:awarded|claimed|earned)?\s*:\s*(?P<n>\d{1,3}(?:\.\d{1,2})?)\b"
    r"|(?<![\w.,])(?P<m>\d{1,3}(?:\.\d{1,2})?)\s+(?:CME\s+)?(?:credits?|credit\s+hours?)\b",
    re.I,
)


def _credits(flat: str) -> tuple[Decimal | None, str | None]:
    candidates: list[tuple[int, int, Decimal, str]] = []
    first_type: tuple[int, str] | None = None
    for pattern, slug in _TYPES:
        kind = rf"(?:{pattern})"
        before = re.compile(
            rf"{_NUMBER}\s+(?:(?:hours?|units?|credits?|of|the)\s+){{0,3}}{kind}", re.I
        )
        after = re.compile(
            rf"{kind}(?:\s*credits?)?\s*(?:awarded|claimed|earned)?\s*:\s*"
            rf"(?P<n>\d{{1,3}}(?:\.\d{{1,2}})?)\b",
            re.I,
        )
        for regex in (before, after):
            for match in regex.finditer(flat):
                amount = _decimal(match.group("n"))
                if amount is None:
                    continue
                context = flat[max(0, match.start() - 60) : match.start()]
                score = (2 if _EARNED.search(context) else 0) - (
                    1 if _MAXIMUM.search(context) else 0
                )
                candidates.append((score, -match.start(), amount, slug))
        mention = re.search(kind, flat, re.I)
        if mention and (first_type is None or mention.start() < first_type[0]):
            first_type = (mention.start(), slug)
    if candidates:
        _, _, amount, slug = max(candidates)
        return amount, slug
    generic = _GENERIC_CREDITS.search(flat)
    amount = _decimal(generic.group("n") or generic.group("m")) if generic else None
    return amount, first_type[1] if first_type else None


def _decimal(value: str) -> Decimal | None:
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return amount if Decimal(0) < amount <= Decimal(500) else None


# Dates ------------------------------------------------------------------------------------
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    # January 8, 2024 / Jan. 8-10, 2024 / January 30 - February 2, 2024
    re.compile(
        rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY})(?:\s*-\s*(?:(?P<mon2>{_MONTH})\s+)?(?P<d2>{_DAY}))?"
        rf",?\s+(?P<y>\d{{4}})\b",
        re.I,
    ),
    # 8 January 2024 / 8-10 January 2024
    re.compile(
        rf"\b(?:{_DAY}\s*-\s*)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>\d{{4}})\b",
        re.I,
    ),
    # 01/08/2024 (US order; 25/01/2024 can only be day first)
    re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\b"),
    # 2024-01-08
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
]
_COMPLETION = re.compile(
    r"complet|attended|participat|awarded|activity date|date of (?:the )?activity|held|earned", re.I
)
_NOT_COMPLETION = re.compile(
    r"expir|releas|review|valid|terminat|approv|accredit|print|generat|birth|\bdob\b|"
    r"through|until|renew",
    re.I,
)


def _completed_on(flat: str) -> datetime.date | None:
    candidates: list[tuple[int, int, datetime.date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(flat):
            found = _date(match)
            if found is None:
                continue
            context = flat[max(0, match.start() - 45) : match.start()]
            score = 0
            if _COMPLETION.search(context):
                score += 3
            if re.search(r"\b(on|date)\s*:?\s*$", context, re.I):
                score += 1
            if _NOT_COMPLETION.search(context):
                score -= 4
            candidates.append((score, -match.start(), found))
    if not candidates:
        return None
    return max(candidates)[2]


def _date(match: re.Match[str]) -> datetime.date | None:
    groups = match.groupdict()
    try:
        year = int(groups["y"])
        if groups.get("mon"):
            month = _MONTHS[groups["mon"].lower().rstrip(".")]
            day = int(re.sub(r"\D", "", groups["d"]))
            if groups.get("d2"):
                day = int(re.sub(r"\D", "", groups["d2"]))
                if groups.get("mon2"):
                    month = _MONTHS[groups["mon2"].lower().rstrip(".")]
        else:
            month, day = int(groups["m"]), int(groups["d"])
            if month > 12 >= day:
                month, day = day, month
        found = datetime.date(year, month, day)
    except (KeyError, ValueError):
        return None
    return found if 1990 <= found.year <= 2100 else None


# Title and provider ----------------------------------------------------------------------
_TITLE_LABEL = re.compile(
    r"^\s*(?:activity|course|program|session|event|module)?\s*(?:title|name)\s*:\s*(?P<rest>.*)$",
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
    r"\s+(?:on|held|dated?)\s+(?:\w+\.?\s+\d|\d)|\s+(?:held|and (?:is|was|has)|is awarded|"
    r"has been|has earned|has claimed|for a maximum|which|provided by|presented by|sponsored by|"
    r"jointly|designated|offered by|completed|completion|release|credits?\b|in partnership)"
    r"|\.(?:\s|$)|;",
    re.I,
)
_TITLE_STOP = re.compile(r"\s*[.;,]\s*$")
_PROVIDER_CUE = re.compile(
    r"\b(?:jointly provided|provided|presented|sponsored|offered|organized|organised|"
    r"certified) by\b\s*:?\s*(?P<rest>.*)$"
    r"|(?:^|[.;]\s+)(?:accredited\s+)?(?:provider|sponsor|organization|organisation)\s*:\s*"
    r"(?P<rest2>.*)$",
    re.I,
)
_PROVIDER_STOP = re.compile(
    r"\s+(?:on|for (?:a|the|this|physicians)|designates?|is accredited|"
    r"in (?:collaboration|partnership|cooperation)|has been|and is|held|dated?)\b.*$"
    r"|\s*[.;,]\s*$",
    re.I,
)
_PROVIDER_STATEMENT = re.compile(
    r"^(?P<before>.*?)\s*\b(?:is|are) accredited by\b|^(?P<before2>.*?)\s*\bdesignates this\b",
    re.I,
)


def _lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]


def _after_cue(lines: list[str], index: int, rest: str) -> str:
    """The text after a cue: the rest of its line, or the next line when the cue ends it."""
    rest = rest.strip(" :-")
    if len(rest) < 3 and index + 1 < len(lines):
        rest = lines[index + 1]
    return rest


def _clean_title(value: str) -> str:
    value = value.strip()
    quoted = re.match(r"""^["'](?P<inner>[^"']{3,300})["']""", value)
    if quoted:
        return quoted.group("inner").strip()
    end = _TITLE_END.search(value)
    if end:
        value = value[: end.start()]
    return _TITLE_STOP.sub("", value).strip(" \"'.,:;-")[:300]


def _title(text: str) -> str:
    lines = _lines(text)
    for index, line in enumerate(lines):
        match = _TITLE_LABEL.match(line)
        if match:
            title = _clean_title(_after_cue(lines, index, match.group("rest")))
            if len(title) >= 3:
                return title
    # Sentences wrap anywhere, so cues are followed through the flattened text.
    flat = " ".join(lines)
    for cue in _TITLE_CUES:
        for match in cue.finditer(flat):
            title = _clean_title(flat[match.end() : match.end() + 400])
            if len(title) >= 3 and not re.match(r"^(on|in|at|the|by)\b", title, re.I):
                return title
    return ""


def _clean_provider(value: str) -> str:
    value = value.strip()
    for _ in range(3):
        value = _PROVIDER_STOP.sub("", value).strip()
    value = re.sub(r"^the\s+", "", value, flags=re.I)
    return value.strip(" \"'.,:;-")[:200]


def _provider(text: str) -> str:
    lines = _lines(text)
    for index, line in enumerate(lines):
        match = _PROVIDER_CUE.search(line)
        if match:
            rest = match.group("rest") if match.group("rest") is not None else match.group("rest2")
            provider = _clean_provider(_after_cue(lines, index, rest))
            if len(provider) >= 3:
                return provider
    for index, line in enumerate(lines):
        match = _PROVIDER_STATEMENT.search(line)
        if match:
            before = (match.group("before") or match.group("before2") or "").strip()
            if not before and index > 0:
                before = lines[index - 1]
            before = re.split(r"[.!?]\s+", before)[-1]
            provider = _clean_provider(before)
            if len(provider) >= 3:
                return provider
    return ""
