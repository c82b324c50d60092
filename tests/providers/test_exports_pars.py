import csv
import datetime
import io
from decimal import Decimal

import pytest

from providers.exports.common import CannotExport, npi_is_valid
from providers.exports.pars import PARS_COLUMNS, pars_learner_export
from tests.providers.facts import activity, claim


def rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def only_reasons(export) -> list[str]:  # type: ignore[no-untyped-def]
    (refused,) = export.cannot_report
    return list(refused.reasons)


def test_a_consenting_texas_physician_is_one_add_row_in_accmes_words() -> None:
    export = pars_learner_export(activity(), [claim()])
    header, row = rows(export.content)
    assert header == [name for name, _ in PARS_COLUMNS]
    assert dict(zip(header, row, strict=True)) == {
        "Action": "Add",
        "Activity ID": "123456789",
        "Provider ID": "1234567",
        "First Name": "Alice",
        "Last Name": "Moreno",
        "Month of Birth": "4",
        "Day of Birth": "9",
        "Licensing State": "TX",
        "License ID": "Q1234",
        "NPI": "1234567893",
        "Completion Date": "05/01/2026",
        "AMA PRA Category 1 Credits": "3.00",
    }
    assert export.reported == 1
    assert export.cannot_report == ()
    assert export.filename == "pars-learners-123456789.csv"


def test_a_withdrawn_claim_is_a_delete_row_even_after_consent_is_withdrawn() -> None:
    export = pars_learner_export(activity(), [claim(deleted=True, consented_to_pars=False)])
    assert rows(export.content)[1][0] == "Delete"


def test_npi_alone_identifies_the_physician() -> None:
    export = pars_learner_export(activity(), [claim(license_state=None, license_number=None)])
    assert export.reported == 1


def test_license_alone_identifies_the_physician() -> None:
    export = pars_learner_export(activity(), [claim(npi=None)])
    assert export.reported == 1


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"consented_to_pars": False}, "did not agree to have their credit reported to ACCME"),
        ({"birth_month": None}, "no month and day of birth"),
        ({"birth_month": 2, "birth_day": 30}, "month 2 and day 30 of birth are not a date"),
        (
            {"npi": None, "license_number": None},
            "no state license (state and number) or NPI",
        ),
        ({"credits": Decimal("3.10")}, "3.10 credits is not in 0.25-credit steps"),
        ({"credits": Decimal("3.75")}, "3.75 credits is above the designated maximum of 3.5"),
        ({"credits": Decimal("0")}, "no credits claimed"),
        ({"degree": "RN"}, "PARS learner data is for physicians (MD, DO), not RN"),
        ({"first_name": " "}, "no first and last name"),
        (
            {"completed_on": datetime.date(2026, 6, 1)},
            "completed 06/01/2026, outside the activity's dates (05/01/2026 to 05/01/2026)",
        ),
    ],
)
def test_claims_pars_cannot_take_come_back_with_the_reason_in_words(
    changes: dict[str, object], reason: str
) -> None:
    export = pars_learner_export(activity(), [claim(**changes)])  # type: ignore[arg-type]
    assert export.reported == 0
    assert len(rows(export.content)) == 1  # the header only
    assert reason in "; ".join(only_reasons(export))


def test_a_bad_npi_is_named_and_a_good_license_still_does_not_hide_it() -> None:
    export = pars_learner_export(activity(), [claim(npi="1234567890")])
    assert "NPI 1234567890 is not a valid NPI (10 digits with its check digit)" in (
        only_reasons(export)
    )


def test_a_state_that_licenses_no_one_is_refused() -> None:
    export = pars_learner_export(activity(), [claim(license_state="ZZ", npi=None)])
    assert only_reasons(export) == [
        "ZZ is not a US licensing state",
        "no state license (state and number) or NPI",
    ]


def test_every_reason_is_listed_not_only_the_first() -> None:
    export = pars_learner_export(
        activity(), [claim(consented_to_pars=False, birth_day=None, credits=Decimal("1.1"))]
    )
    assert len(only_reasons(export)) == 3


def test_reportable_and_unreportable_claims_are_split_not_dropped() -> None:
    claims = [claim(last_name="Zed"), claim(last_name="Abel", consented_to_pars=False)]
    export = pars_learner_export(activity(), claims)
    assert export.reported == 1
    assert [r.learner for r in export.cannot_report] == ["Alice Abel"]


def test_rows_are_in_name_order() -> None:
    claims = [claim(last_name=name) for name in ("Young", "adams", "Moreno")]
    export = pars_learner_export(activity(), claims)
    assert [row[4] for row in rows(export.content)[1:]] == ["adams", "Moreno", "Young"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_cells_that_spreadsheets_would_run_are_made_text(start: str) -> None:
    export = pars_learner_export(activity(), [claim(first_name=f"{start}HYPERLINK(1)")])
    assert rows(export.content)[1][3] == f"'{start}HYPERLINK(1)"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pars_activity_id": None}, "no PARS activity ID"),
        ({"pars_activity_id": "12345"}, "no PARS activity ID"),
        ({"accme_provider_id": None}, "no 7-digit ACCME provider ID"),
    ],
)
def test_an_activity_pars_cannot_place_is_refused_whole(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(CannotExport, match=message):
        pars_learner_export(activity(**changes), [claim()])  # type: ignore[arg-type]


def test_npi_check_digit() -> None:
    assert npi_is_valid("1234567893")  # the CMS example
    assert not npi_is_valid("1234567890")
    assert not npi_is_valid("123456789")
    assert not npi_is_valid("12345678a3")
