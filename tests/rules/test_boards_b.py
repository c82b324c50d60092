"""Golden cases for the boards ID, IL, IN, KS, KY, LA, MA, MD, ME, MI, MN, MO, MS and MT.

Every case is one physician judged against the real rule book (`reporting/data/rules/`) and
cites the sentence of the board's rule it follows. A "compliant" case is judged on its renewal
(cycle end) date; a "short" case on the day after, so that neither depends on how the due day
itself is judged. Conditions are the set of practice facts answered Yes; every other question
counts as answered No.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count

import pytest

from reporting.engine import ComplianceReport, Credit, LicenseFacts, Status, evaluate
from tests.engine.builders import credit, reference_rule_sets

MET, SHORT, NA = Status.MET, Status.SHORT, Status.NOT_APPLICABLE


@dataclass(frozen=True)
class Case:
    """One physician, one board: what the rule says, and what the engine must answer."""

    name: str
    board: str
    rule: str  # the sentence the case follows, with where it was read
    issued: date
    cycle_end: date
    credits: tuple[Credit, ...]
    expect: dict[str, Status]
    compliant: bool
    conditions: frozenset[str] = frozenset()
    cycle_start: date | None = None  # the day before a fixed CME period starts
    expires: date | None = None

    @property
    def as_of(self) -> date:
        return self.cycle_end if self.compliant else self.cycle_end + timedelta(days=1)


def judge(case: Case) -> ComplianceReport:
    facts = LicenseFacts(
        board=case.board,
        issued_on=case.issued,
        expires_on=case.expires or case.cycle_end,
        cycle_start=case.cycle_start,
        cycle_end=case.cycle_end if case.cycle_start else None,
        conditions=case.conditions,
    )
    return evaluate(reference_rule_sets()[case.board], facts, case.credits, case.as_of)


def on(day: date, *rows: tuple[str, str, tuple[str, ...]]) -> tuple[Credit, ...]:
    """Credits completed on one day: (credits, credit type, topics) each, with unique ids."""
    return tuple(credit(next(_IDS), day, amount, kind, topics) for amount, kind, topics in rows)


_IDS = count(1)


CASES: list[Case] = []


# ---------------------------------------------------------------------------------- Kentucky
# 201 KAR 9:310 / KBML CME page: "60 hours of CME every three years, with 30 hours being
# certified in AMA or AOA Category 1". CME periods are fixed for everyone: 1 Jan 2024 -
# 31 Dec 2026 (the license itself renews every year), so each case passes that period.

KY_PERIOD = {"cycle_start": date(2023, 12, 31), "cycle_end": date(2026, 12, 31)}
KY_DAY = date(2025, 5, 1)

CASES += [
    Case(
        "ky-md-dea-registrant-with-kasper-hours",
        "KY-MD",
        'KBML CME page: "a minimum of 4.5 hours required for physicians who are authorized to '
        "prescribe or dispense controlled substances in Kentucky ... every three year (3) CME "
        'cycle period"',
        issued=date(2012, 7, 1),
        credits=on(
            KY_DAY,
            ("25.5", "ama-pra-1", ()),
            ("4.5", "ama-pra-1", ("controlled-substances",)),
            ("30", "ama-pra-2", ()),
        ),
        expect={
            "ky-md.total": MET,
            "ky-md.category-1": MET,
            "ky-md.controlled-substances": MET,
            "ky-md.pediatric-abusive-head-trauma": NA,
        },
        compliant=True,
        conditions=frozenset({"dea_registrant"}),
        expires=date(2027, 3, 1),
        **KY_PERIOD,
    ),
    Case(
        "ky-md-dea-registrant-without-kasper-hours-is-short",
        "KY-MD",
        'KBML CME page: the 4.5 hours apply to "physicians who are authorized to prescribe or '
        'dispense controlled substances in Kentucky" - a DEA registrant with 60 other hours.',
        issued=date(2012, 7, 1),
        credits=on(KY_DAY, ("30", "ama-pra-1", ()), ("30", "ama-pra-2", ())),
        expect={"ky-md.total": MET, "ky-md.controlled-substances": SHORT},
        compliant=False,
        conditions=frozenset({"dea_registrant"}),
        expires=date(2027, 3, 1),
        **KY_PERIOD,
    ),
    Case(
        "ky-do-aoa-1b-counts-as-category-1",
        "KY-DO",
        '201 KAR 9:310 s.2(1): "thirty (30) of the sixty (60) hours were certified in Category I '
        'by an organization accredited by the ... American Osteopathic Association"; the board '
        'page says "AMA or AOA Category 1", so AOA 1-B hours count.',
        issued=date(2012, 7, 1),
        credits=on(KY_DAY, ("10", "aoa-1a", ()), ("20", "aoa-1b", ()), ("30", "aoa-2a", ())),
        expect={"ky-md.total": MET, "ky-md.category-1": MET, "ky-md.controlled-substances": NA},
        compliant=True,
        expires=date(2027, 3, 1),
        **KY_PERIOD,
    ),
    Case(
        "ky-do-category-2-beyond-thirty-does-not-count",
        "KY-DO",
        'KBML CME page: "30 hours being certified in AMA or AOA Category 1 ... The remaining '
        'hours may be in Category I or Category II" - 20 Category 1 and 40 Category 2 is short.',
        issued=date(2012, 7, 1),
        credits=on(KY_DAY, ("20", "aoa-1b", ()), ("40", "aoa-2a", ())),
        expect={"ky-md.total": SHORT, "ky-md.category-1": SHORT},
        compliant=False,
        expires=date(2027, 3, 1),
        **KY_PERIOD,
    ),
    Case(
        "ky-md-hours-before-the-fixed-period-do-not-count",
        "KY-MD",
        "Fixed CME periods (1 Jan 2024 - 31 Dec 2026): hours from December 2023 belong to the "
        "previous period even though they fall in the three years before the renewal.",
        issued=date(2012, 7, 1),
        credits=on(date(2023, 12, 15), ("30", "ama-pra-1", ()))
        + on(KY_DAY, ("30", "ama-pra-1", ())),
        expect={"ky-md.total": SHORT},
        compliant=False,
        expires=date(2027, 3, 1),
        **KY_PERIOD,
    ),
]


# ---------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_board_case(case: Case) -> None:
    report = judge(case)
    got = {r.requirement_id: r.status for r in report.results}
    for requirement, status in case.expect.items():
        assert got[requirement] is status, (requirement, got[requirement], case.rule)
    assert report.compliant is case.compliant, report.summary


def test_every_board_of_the_group_has_a_compliant_and_a_short_case() -> None:
    boards = {"ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT"}
    for board in boards:
        mine = [c for c in CASES if c.board.split("-")[0] == board]
        assert any(c.compliant for c in mine), board
        assert any(not c.compliant for c in mine), board
