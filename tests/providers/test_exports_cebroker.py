import csv
import io
from decimal import Decimal

import pytest

from providers.exports.cebroker import cebroker_roster
from providers.exports.common import CannotExport
from tests.providers.facts import activity, claim


def on_cebroker(**changes: object):  # type: ignore[no-untyped-def]
    base = {"cebroker_provider_number": "50-12345", "cebroker_course_number": "20-987654"}
    return activity(**{**base, **changes})


def rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def test_full_credit_row_in_cebrokers_column_order_without_a_header() -> None:
    export = cebroker_roster(on_cebroker(), [claim(credits=Decimal("3.50"))])
    assert rows(export.content) == [
        ["12345", "987654", "", "", "Q1234", "5/1/2026", "State=TX", "Profession=MD", "", ""]
    ]
    assert export.filename == "cebroker-roster-987654.csv"


def test_partial_credit_names_the_subject_area_and_hours() -> None:
    export = cebroker_roster(on_cebroker(), [claim()], subject_area_code="ETH")
    (row,) = rows(export.content)
    assert row[8:] == ["ETH", "3.00"]


def test_partial_credit_without_a_subject_area_code_cannot_be_reported() -> None:
    export = cebroker_roster(on_cebroker(), [claim()])
    assert export.reported == 0
    (refused,) = export.cannot_report
    assert refused.sentence == (
        "Alice Moreno: partial credit needs the course's CE Broker subject area code."
    )


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"license_number": None}, "no license number"),
        ({"license_state": None}, "no US licensing state"),
        ({"degree": "DDS"}, "no CE Broker profession code for the degree DDS"),
        ({"credits": Decimal("3.6")}, "3.6 hours is not in 0.25-hour steps"),
        ({"credits": Decimal("4")}, "4.0 hours is above the course's 3.5"),
    ],
)
def test_rows_cebroker_cannot_match_come_back_with_the_reason(
    changes: dict[str, object], reason: str
) -> None:
    export = cebroker_roster(on_cebroker(), [claim(**changes)], subject_area_code="ETH")  # type: ignore[arg-type]
    assert export.content == b""
    (refused,) = export.cannot_report
    assert reason in "; ".join(refused.reasons)


def test_the_caller_can_supply_the_states_profession_codes() -> None:
    export = cebroker_roster(
        on_cebroker(), [claim(credits=Decimal("3.5"))], professions={"MD": "ME"}
    )
    assert rows(export.content)[0][7] == "Profession=ME"


def test_withdrawn_claims_are_not_posted() -> None:
    export = cebroker_roster(on_cebroker(), [claim(deleted=True)])
    assert export.reported == 0
    assert export.cannot_report == ()


def test_formula_looking_license_numbers_are_made_text() -> None:
    export = cebroker_roster(on_cebroker(), [claim(license_number="=1+1", credits=Decimal("3.5"))])
    assert rows(export.content)[0][4] == "'=1+1"


@pytest.mark.parametrize(
    "changes",
    [{"cebroker_provider_number": None}, {"cebroker_course_number": "20-abc"}],
)
def test_a_course_without_cebroker_numbers_is_refused_whole(changes: dict[str, object]) -> None:
    with pytest.raises(CannotExport, match="CE Broker provider tracking number"):
        cebroker_roster(on_cebroker(**changes), [claim()])
