"""The dashboard's summary strip: one sentence per license, the most urgent license first.

Pure functions over verdicts: the licenses and reports are built in memory, no database.
"""

import datetime
from decimal import Decimal

import pytest

from reporting.compliance.selectors import LicenseCompliance
from reporting.engine import ComplianceReport, Kind, LicenseStatus, RequirementResult, Status
from reporting.licenses.summary import by_urgency, sentence, summary_lines
from reporting.models import Board, License

D = datetime.date
AS_OF = D(2026, 12, 7)
CYCLE_END = D(2028, 3, 31)


def result(
    kind: Kind,
    *,
    required: str | None,
    earned: str,
    label: str = "",
    status: Status = Status.NOT_YET_DUE,
    due_on: datetime.date = CYCLE_END,
    topics: tuple[str, ...] = (),
    advisory: bool = False,
) -> RequirementResult:
    needed = Decimal(required) if required is not None else None
    remaining = max(Decimal(0), (needed or Decimal(0)) - Decimal(earned))
    return RequirementResult(
        requirement_id=f"x.{label or kind}",
        kind=kind,
        topics=topics,
        required=needed,
        earned=Decimal(earned),
        remaining=remaining,
        status=status,
        advisory=advisory,
        due_on=due_on,
        counted=(),
        uncounted=(),
        explanation="",
        label=label,
    )


def item(
    code: str,
    status: LicenseStatus | None,
    *results: RequirementResult,
    cycle_end: datetime.date = CYCLE_END,
    unanswered: tuple[str, ...] = (),
    ended: bool = False,
    pk: int = 1,
) -> LicenseCompliance:
    license = License(
        pk=pk,
        board=Board(code=code, name=code),
        number="1",
        issued_on=D(2010, 1, 1),
        expires_on=cycle_end,
    )
    if status is None:
        return LicenseCompliance(license=license, rule_set=None, report=None)
    report = ComplianceReport(
        board=code,
        as_of=AS_OF,
        cycle_start=D(2026, 3, 31),
        cycle_end=cycle_end,
        compliant=status is LicenseStatus.COMPLETE,
        results=results,
        carryover_in=Decimal(0),
        waived_by_moc=False,
        initial_cycle=False,
        renewal_number=2,
        summary="",
        status=status,
        ended=ended,
        unanswered=unanswered,
    )
    return LicenseCompliance(license=license, rule_set=None, report=report)


def test_the_sentence_names_what_is_missing_by_its_due_date() -> None:
    florida = item(
        "FL-DO",
        LicenseStatus.ON_TRACK,
        result(Kind.CATEGORY_MIN, required="20", earned="4", label="AOA Category 1-A"),
        result(Kind.TOPIC, required="1", earned="0", label="Risk management"),
        result(Kind.CATEGORY_CAP, required="20", earned="3", label="Category 2"),
    )
    assert sentence(florida) == "16 AOA Category 1-A credits and 1 h risk management by 31 Mar 2028"


def test_requirements_due_on_other_days_are_said_day_by_day_soonest_first() -> None:
    texas = item(
        "TX-MD",
        LicenseStatus.BEHIND,
        result(Kind.TOTAL, required="48", earned="27.75"),
        result(Kind.TOPIC, required="2", earned="0", label="Medical ethics", due_on=D(2027, 1, 31)),
    )
    assert sentence(texas) == (
        "2 h medical ethics by 31 Jan 2027; 20.25 credits in total by 31 Mar 2028"
    )


def test_met_advisory_and_attested_requirements_are_not_said_missing() -> None:
    done = item(
        "CA-MD",
        LicenseStatus.COMPLETE,
        result(Kind.TOTAL, required="50", earned="50", status=Status.MET),
        result(Kind.TOPIC, required="12", earned="0", label="Pain management", advisory=True),
    )
    assert sentence(done) == "nothing missing for the cycle ending 31 Mar 2028."


def test_an_overdue_requirement_says_when_it_was_due() -> None:
    late = item(
        "NY-MD",
        LicenseStatus.OVERDUE,
        result(
            Kind.TOPIC,
            required="3",
            earned="0",
            label="Infection control",
            status=Status.SHORT,
            due_on=D(2026, 11, 30),
        ),
    )
    assert sentence(late) == "3 h infection control was due 30 Nov 2026"


def test_acronyms_keep_their_capitals_inside_the_sentence() -> None:
    line = item(
        "FL-MD",
        LicenseStatus.ON_TRACK,
        result(Kind.TOPIC, required="1", earned="0", label="HIV/AIDS"),
    )
    assert sentence(line) == "1 h HIV/AIDS by 31 Mar 2028"


def test_unanswered_questions_come_first_in_the_sentence() -> None:
    asking = item(
        "OH-MD",
        LicenseStatus.NEEDS_ANSWERS,
        result(Kind.TOTAL, required="50", earned="10"),
        unanswered=("dea_registrant", "prescribes_opioids"),
    )
    assert sentence(asking) == (
        "answer 2 questions to know what applies; 40 credits in total by 31 Mar 2028"
    )


def test_a_board_without_rules_cannot_be_judged() -> None:
    assert sentence(item("ZZ-MD", None)) == (
        "cannot be judged here: we have no rules on file for this board."
    )


def test_licenses_are_ordered_overdue_behind_unjudged_then_by_deadline() -> None:
    complete = item("TX-MD", LicenseStatus.COMPLETE, cycle_end=D(2027, 1, 1), pk=1)
    soon = item(
        "CA-MD",
        LicenseStatus.ON_TRACK,
        result(Kind.TOTAL, required="50", earned="40", due_on=D(2027, 6, 30)),
        cycle_end=D(2027, 6, 30),
        pk=2,
    )
    later = item(
        "WA-MD",
        LicenseStatus.ON_TRACK,
        result(Kind.TOTAL, required="50", earned="40", due_on=D(2028, 6, 30)),
        cycle_end=D(2028, 6, 30),
        pk=3,
    )
    behind = item(
        "FL-DO", LicenseStatus.BEHIND, result(Kind.TOTAL, required="40", earned="0"), pk=4
    )
    overdue = item(
        "NY-MD",
        LicenseStatus.OVERDUE,
        result(Kind.TOTAL, required="40", earned="0", status=Status.SHORT),
        cycle_end=D(2029, 1, 1),
        pk=5,
    )
    asking = item("OH-MD", LicenseStatus.NEEDS_ANSWERS, unanswered=("dea_registrant",), pk=6)
    no_rules = item("ZZ-MD", None, cycle_end=D(2030, 1, 1), pk=7)

    ordered = by_urgency([complete, later, no_rules, soon, asking, behind, overdue])

    codes = [entry.license.board.code for entry in ordered]
    assert codes == ["NY-MD", "FL-DO", "OH-MD", "ZZ-MD", "CA-MD", "WA-MD", "TX-MD"]


def test_each_line_carries_the_badge_words_and_the_board_code() -> None:
    lines = summary_lines(
        [item("FL-DO", LicenseStatus.BEHIND, result(Kind.TOTAL, required="40", earned="39"))]
    )
    assert [(line.badge.words, line.text) for line in lines] == [
        ("Behind the pace", "FL-DO: 1 credit in total by 31 Mar 2028")
    ]


@pytest.mark.parametrize("status", list(LicenseStatus))
def test_every_license_status_has_a_place_in_the_order(status: LicenseStatus) -> None:
    assert by_urgency([item("TX-MD", status)])
