"""The questions a board's rules ask about a physician, read from the rule book's vocabulary.

A condition code names who a requirement applies to. Facts about the person (a DEA
registration, prescribing, direct patient care, specialties) are asked once on the profile and
reused by every license; facts about one state (its controlled-substance registration, a pain
clinic there) are asked on that license. Answers are Yes, No or not answered yet.
"""

import json
from dataclasses import dataclass
from functools import cache

from reporting.engine import conditions as expressions
from reporting.rule_book import RULE_BOOK

PROFILE = "profile"
LICENSE = "license"
DEA_BOARD = "US-DEA"


@dataclass(frozen=True)
class Condition:
    code: str
    description: str
    question: str = ""
    asked_on: str = ""  # PROFILE, LICENSE, or "" for derived codes (all, new_licensee)

    @property
    def is_specialty(self) -> bool:
        return self.code.startswith("specialty_")


@cache
def conditions() -> dict[str, Condition]:
    """Every condition code of the rule book, in its order."""
    meta = json.loads((RULE_BOOK / "meta.json").read_text(encoding="utf-8"))
    return {
        entry["code"]: Condition(
            code=entry["code"],
            description=entry["description"],
            question=entry.get("question", ""),
            asked_on=entry.get("asked_on", ""),
        )
        for entry in meta["condition_codes"]
    }


def answerable() -> tuple[str, ...]:
    """Codes a physician answers (everything but `all` and `new_licensee`)."""
    return tuple(code for code, item in conditions().items() if item.asked_on)


def asked_on(where: str) -> tuple[str, ...]:
    return tuple(code for code, item in conditions().items() if item.asked_on == where)


@cache
def deprecated() -> dict[str, tuple[str, ...]]:
    """Codes that finer codes replaced stay accepted (docs/api.md): each maps to what it became."""
    practice = {
        "prescribes_buprenorphine",
        "office_based_opioid_treatment",
        "perinatal_care",
        "emergency_department",
        "end_of_life_care",
        "pain_management_practice",
        "facility_affiliated",
    }
    # "Has the specialty or practice the rule names": an integration that still sends the
    # catch-all means every specialty and practice code that replaced it.
    replaced = tuple(
        code for code in answerable() if code.startswith("specialty_") or code in practice
    )
    return {"specialty_or_practice_specific": replaced}


def expand(codes: list[str] | tuple[str, ...] | set[str]) -> set[str]:
    """Codes with deprecated ones replaced by the codes they map to."""
    out: set[str] = set()
    for code in codes:
        out.update(deprecated().get(code, (code,)))
    return out


def accepted_codes() -> tuple[str, ...]:
    return (*answerable(), *deprecated())


def validate_expression(text: str) -> list[str]:
    """Unknown codes in a requirement's condition (empty list = valid); ValueError if unreadable."""
    return sorted(expressions.codes(text) - set(conditions()))


def codes_in(expression: str) -> frozenset[str]:
    return expressions.codes(expression)


def effective_answers(
    *,
    profile_facts: dict[str, bool],
    license_answers: dict[str, bool],
    holds_dea: bool,
) -> dict[str, bool]:
    """What counts as answered for one license: its own answers over the profile's facts.

    A `US-DEA` registration in the account answers "holds a DEA registration" Yes whatever else
    was said: a physician who holds one must never be told the DEA-tied courses do not apply.
    """
    answers = {**profile_facts, **license_answers}
    if holds_dea:
        answers["dea_registrant"] = True
    return answers


def words(code: str) -> str:
    item = conditions().get(code)
    return item.question if item and item.question else code.replace("_", " ")
