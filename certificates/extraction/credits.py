"""How much credit of which kind a certificate awards, and what an auditor reads around it.

A certificate names two amounts: what this learner earned ("is awarded 1.5", "Credits claimed:
1.5") and what the activity was designated for ("for a maximum of 2.0"). The earned amount wins.
Nurses' (ANCC) and pharmacists' (ACPE) contact hours and certificates of participation for
non-physicians are not physician credit: they are offered as "other", flagged `participation`.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_NUMBER = r"(?:[a-z]+(?:-[a-z]+)?\s*\(\s*)?(?<![\w.,])(?P<n>\d{1,3}(?:\.\d{1,2})?)\s*\)?"
_TYPES: list[tuple[str, str]] = [
    (r"AMA\s*PRA\s*Category\s*(?:1|I|l)\b(?:\s*Credits?(?:\s*\(s\))?)?(?:\s*TM)?", "ama-pra-1"),
    (r"AMA\s*PRA\s*Category\s*(?:2|II)\b(?:\s*Credits?(?:\s*\(s\))?)?(?:\s*TM)?", "ama-pra-2"),
    (r"AOA\s*Category\s*1\s*-?\s*A\b", "aoa-1a"),
    (r"AOA\s*Category\s*1\s*-?\s*B\b", "aoa-1b"),
    (r"AOA\s*Category\s*2\s*-?\s*A\b", "aoa-2a"),
    (r"AOA\s*Category\s*2\s*-?\s*B\b", "aoa-2b"),
    (r"AAFP\s*Prescribed(?:\s*credits?(?:\s*\(s\))?)?", "aafp-prescribed"),
    (r"(?:ANCC\s+|ACPE\s+|nursing\s+|pharmacy\s+)?contact\s+hours?", "other"),
]
_EARNED = re.compile(r"award|claim|earn|receiv|grant|issued|complet|attain|redeem", re.I)
_MAXIMUM = re.compile(r"maximum|up to|designat|approved for|anticipates", re.I)
_GENERIC_CREDITS = re.compile(
    r"(?:credits?|hours?)(?:\s*\(s\))?\s*(?:of participation|awarded|claimed|earned|redeemed)?"
    r"\s*:\s*(?P<n>\d{1,3}(?:\.\d{1,2})?)\b"
    r"|(?<![\w.,])(?P<m>\d{1,3}(?:\.\d{1,2})?)\s+(?:CME\s+)?(?:credits?|credit\s+hours?)\b",
    re.I,
)
# "The ACCF designates this enduring material for a maximum of 2.0 AMA PRA Category 1 Credits":
# the sentence the AMA requires on every certificate of Category 1 credit.
_DESIGNATION = re.compile(
    r"designates?\s+(?:this|each|the)\b.{0,120}?\bfor\s+(?:a\s+maximum\s+of\s+)?"
    r"[\w.() ]{1,30}?\s*AMA\s*PRA\s*Category\s*(?:1|I|l)\b",
    re.I,
)
_NON_PHYSICIAN = re.compile(
    r"non-?\s?physicians?|does not (?:itself )?award AMA|not (?:valid|eligible) for AMA|"
    r"(?:nurses?|pharmacists?|allied health)\s+(?:participants?|only)",
    re.I,
)
_PARTICIPATION_HEADING = re.compile(
    r"certificate\s+of\s+(?:participation|attendance)|statement\s+of\s+(?:participation|"
    r"continuing\s+pharmacy)",
    re.I,
)
_NOT_PHYSICIAN_HOURS = re.compile(
    r"\b(?:ANCC|ACPE|nursing|pharmacy|pharmacists?)\b.{0,40}\bcontact\s+hours?|"
    r"contact\s+hours?\b.{0,40}\b(?:ANCC|ACPE|nursing|pharmacy)\b|\bCEUs?\b",
    re.I,
)


@dataclass(frozen=True)
class Credit:
    credits: Decimal | None
    credit_type: str | None
    designation_statement: bool
    participation: bool


def decimal_credits(value: str) -> Decimal | None:
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return amount if Decimal(0) < amount <= Decimal(500) else None


def credit(flat: str, *, physician: bool = False) -> Credit:
    """Credits, credit type, and whether the AMA statement / a participation note is present.

    `physician`: the certificate is made out to an MD or DO, whose "certificate of
    participation" with Category 1 credit on it is physician credit all the same.
    """
    credits, credit_type, physician_claim = _amount(flat)
    designation = bool(_DESIGNATION.search(flat))
    hours = bool(_NOT_PHYSICIAN_HOURS.search(flat))
    heading = bool(_PARTICIPATION_HEADING.search(flat)) and not physician
    participation = bool(_NON_PHYSICIAN.search(flat)) or (
        not physician_claim and (hours or heading) and credit_type in {None, "other", "ama-pra-1"}
    )
    if participation:
        # The holder earned attendance hours, not the AMA or AOA credit the activity carried.
        credit_type = "other"
    return Credit(credits, credit_type, designation, participation)


def _amount(flat: str) -> tuple[Decimal | None, str | None, bool]:
    """The amount, its type, and whether a physician's credit was awarded (not only designated)."""
    candidates: list[tuple[int, int, Decimal, str]] = []
    first_type: tuple[int, str] | None = None
    for pattern, slug in _TYPES:
        kind = rf"(?:{pattern})"
        before = re.compile(
            rf"{_NUMBER}\s+(?:(?:hours?|units?|credits?|of|the)\s+){{0,3}}{kind}", re.I
        )
        after = re.compile(
            rf"{kind}(?:\s*credits?(?:\s*\(s\))?)?\s*(?:awarded|claimed|earned)?\s*:\s*"
            rf"(?P<n>\d{{1,3}}(?:\.\d{{1,2}})?)\b",
            re.I,
        )
        for regex in (before, after):
            for match in regex.finditer(flat):
                amount = decimal_credits(match.group("n"))
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
        score, _, amount, slug = max(candidates)
        return amount, slug, score > 0 and slug != "other"
    generic = _GENERIC_CREDITS.search(flat)
    amount = decimal_credits(generic.group("n") or generic.group("m")) if generic else None
    return amount, first_type[1] if first_type else None, False
