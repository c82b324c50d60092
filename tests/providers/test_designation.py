from decimal import Decimal

import pytest

from providers.designation import (
    CannotDesignate,
    accreditation_statement,
    designation_statement,
    statements,
)
from providers.records import Designation, format_credits
from tests.providers.facts import activity

CLOSING = (
    "Physicians should claim only the credit commensurate with the extent of their "
    "participation in the activity."
)


def ama(maximum: str) -> Designation:
    return Designation("ama-pra-1", "AMA PRA Category 1", Decimal(maximum))


def test_designation_names_provider_format_maximum_and_trademark() -> None:
    statement = designation_statement(activity())
    assert statement is not None
    assert statement.text == (
        "Riverside General Hospital designates this live activity for a maximum of 3.5 "
        f"AMA PRA Category 1 Credits\u2122. {CLOSING}"
    )


def test_credit_name_is_italic_in_html_with_trademark_outside() -> None:
    statement = designation_statement(activity())
    assert statement is not None
    assert "3.5 <em>AMA PRA Category 1 Credits</em>\u2122." in statement.html


@pytest.mark.parametrize(
    ("maximum", "words"),
    [
        ("1", "1.0 AMA PRA Category 1 Credit\u2122."),
        ("1.00", "1.0 AMA PRA Category 1 Credit\u2122."),
        ("0.25", "0.25 AMA PRA Category 1 Credits\u2122."),
        ("0.5", "0.5 AMA PRA Category 1 Credits\u2122."),
        ("3", "3.0 AMA PRA Category 1 Credits\u2122."),
        ("12.75", "12.75 AMA PRA Category 1 Credits\u2122."),
    ],
)
def test_numbers_and_singular_as_the_ama_prints_them(maximum: str, words: str) -> None:
    statement = designation_statement(activity(designations=(ama(maximum),)))
    assert statement is not None
    assert words in statement.text


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("enduring", "designates this enduring material for"),
        ("journal", "designates this journal-based CME activity for"),
        ("internet-poc", "designates this internet point-of-care activity for"),
        ("pi-cme", "designates this performance improvement CME activity for"),
        ("other", "designates this other activity for"),
    ],
)
def test_learning_format_is_named_in_the_first_sentence(code: str, phrase: str) -> None:
    statement = designation_statement(activity(learning_format=code))
    assert statement is not None
    assert phrase in statement.text


def test_no_category_1_designation_means_no_ama_statement() -> None:
    aoa = Designation("aoa-1a", "AOA Category 1-A", Decimal("2"))
    assert designation_statement(activity(designations=(aoa,))) is None


def test_maximum_off_the_quarter_grid_is_refused_in_words() -> None:
    with pytest.raises(CannotDesignate, match=r"steps of 0\.25; 1\.1 is not one"):
        designation_statement(activity(designations=(ama("1.1"),)))


def test_provider_without_accreditation_cannot_designate() -> None:
    with pytest.raises(CannotDesignate, match="is not accredited"):
        designation_statement(activity(accreditation="none"))
    assert accreditation_statement(activity(accreditation="none")) is None


def test_unknown_learning_format_is_an_error_not_a_blank() -> None:
    with pytest.raises(ValueError, match="Unknown learning format"):
        designation_statement(activity(learning_format="podcast"))


def test_directly_provided_accreditation_statement() -> None:
    statement = accreditation_statement(activity())
    assert statement is not None
    assert statement.text == (
        "Riverside General Hospital is accredited by the Accreditation Council for Continuing "
        "Medical Education (ACCME) to provide continuing medical education for physicians."
    )


def test_jointly_provided_accreditation_statement_names_every_partner() -> None:
    statement = accreditation_statement(
        activity(joint_providers=("Texas Society for Bedside Ethics",))
    )
    assert statement is not None
    assert statement.text == (
        "This activity has been planned and implemented in accordance with the accreditation "
        "requirements and policies of the Accreditation Council for Continuing Medical "
        "Education (ACCME) through the joint providership of Riverside General Hospital and "
        "Texas Society for Bedside Ethics. Riverside General Hospital is accredited by the "
        "ACCME to provide continuing medical education for physicians."
    )


def test_three_joint_providers_are_listed_with_a_serial_comma() -> None:
    statement = accreditation_statement(activity(joint_providers=("B Society", "C Clinic")))
    assert statement is not None
    assert "joint providership of Riverside General Hospital, B Society, and C Clinic." in (
        statement.text
    )


def test_state_accredited_provider_names_its_society() -> None:
    statement = accreditation_statement(
        activity(accreditation="state", accreditor_name="the Texas Medical Association")
    )
    assert statement is not None
    assert statement.text.startswith(
        "Riverside General Hospital is accredited by the Texas Medical Association to provide"
    )
    with pytest.raises(CannotDesignate, match="Name the state medical society"):
        accreditation_statement(activity(accreditation="state"))


def test_aoa_statement_appears_only_where_aoa_credit_is_designated() -> None:
    assert len(statements(activity())) == 2
    aoa = Designation("aoa-1a", "AOA Category 1-A", Decimal("3.5"))
    both = statements(activity(designations=(ama("3.5"), aoa)))
    assert len(both) == 3
    assert both[2].text.startswith(
        "Riverside General Hospital designates this program for a maximum of 3.5 "
        "AOA Category 1-A credits"
    )


def test_user_text_in_names_is_escaped_in_html() -> None:
    statement = designation_statement(activity(provider_name="<b>Evil</b> & Co"))
    assert statement is not None
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in statement.html
    assert "<b>" not in statement.html


def test_format_credits_keeps_quarters_and_one_decimal() -> None:
    assert [format_credits(Decimal(x)) for x in ("3.50", "3", "0.25", "10.00")] == [
        "3.5",
        "3.0",
        "0.25",
        "10.0",
    ]


def test_each_aoa_category_designated_gets_its_statement() -> None:
    both = statements(
        activity(
            designations=(
                Designation("aoa-1a", "AOA Category 1-A", Decimal("2")),
                Designation("aoa-1b", "AOA Category 1-B", Decimal("1")),
            )
        )
    )
    texts = [s.text for s in both]
    assert any("maximum of 2.0 AOA Category 1-A credits" in t for t in texts)
    assert any("maximum of 1.0 AOA Category 1-B credit and" in t for t in texts)
