"""Who a requirement applies to: a condition code, or codes joined by ` or ` and ` and `.

`and` binds tighter than `or`, as people read it: "dea_registrant and state_cs_registrant or
pain_clinic" applies to holders of both registrations, and to pain-clinic physicians. Answers
are three-valued: a code is true, answered No, or not answered yet — and an unanswered question
that could make a requirement apply is never read as No.
"""

from __future__ import annotations

from functools import cache

Expression = tuple[tuple[str, ...], ...]  # any of (all of (codes))


@cache
def parse(text: str) -> Expression:
    """`a or b and c` -> ((a,), (b, c)); raises ValueError on an empty or malformed expression."""
    groups: list[tuple[str, ...]] = []
    for alternative in text.split(" or "):
        codes = tuple(code.strip() for code in alternative.split(" and "))
        if not all(code and code.replace("_", "").isalnum() for code in codes):
            raise ValueError(f"Cannot read the condition {text!r}.")
        groups.append(codes)
    return tuple(groups)


def codes(text: str) -> frozenset[str]:
    """Every condition code the expression mentions."""
    return frozenset(code for group in parse(text) for code in group)


def holds(text: str, true: frozenset[str], unanswered: frozenset[str]) -> bool | None:
    """True if it applies, False if the answers rule it out, None while an answer is missing."""
    unknown = False
    for group in parse(text):
        if all(code in true for code in group):
            return True
        if all(code in true or code in unanswered for code in group):
            unknown = True
    return None if unknown else False


def missing_answers(text: str, true: frozenset[str], unanswered: frozenset[str]) -> tuple[str, ...]:
    """The unanswered codes whose answer could still make the expression hold, sorted."""
    missing: set[str] = set()
    for group in parse(text):
        if all(code in true or code in unanswered for code in group):
            missing |= {code for code in group if code in unanswered}
    return tuple(sorted(missing))
