"""Certificate lint: each question an auditor would ask, and only when it applies."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.lint import CertificateFacts, certificate_questions, same_person
from tests.certificates.bundles import certificate_lines
from tests.certificates.factories import make_pdf
from tests.certificates.helpers import store
from tests.factories import ActivityFactory, credit_type

DAY = datetime.date(2025, 3, 4)
CLEAN = CertificateFacts(
    designation_statement=True,
    participation=False,
    learner_name="Alice Ng, MD",
    credits=Decimal("1.00"),
)


def _codes(**overrides: object) -> list[str]:
    claim: dict[str, object] = {
        "credit_type": "ama-pra-1",
        "credit_type_name": "AMA PRA Category 1",
        "credits": Decimal("1.00"),
        "completed_on": DAY,
        "certificate": CLEAN,
        "profile_name": "Alice Ng",
        "cycle": (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)),
    }
    claim.update(overrides)
    return [question.code for question in certificate_questions(**claim)]  # type: ignore[arg-type]


def test_a_clean_claim_raises_no_question() -> None:
    assert _codes() == []


def test_category_1_without_a_designation_statement_is_questioned() -> None:
    facts = CertificateFacts(designation_statement=False, learner_name="Alice Ng")
    assert _codes(certificate=facts) == ["no-designation-statement"]
    # Not for Category 2, and not when the reader could not tell.
    assert _codes(certificate=facts, credit_type="ama-pra-2") == []
    assert _codes(certificate=CertificateFacts()) == []


def test_credits_off_quarter_hours_are_questioned() -> None:
    assert _codes(credits=Decimal("1.10"), certificate=None) == ["credits-not-quarter-hours"]
    assert _codes(credits=Decimal("1.75"), certificate=None) == []
    # Nursing contact hours have no such step.
    assert _codes(credits=Decimal("1.10"), credit_type="other", certificate=None) == []


def test_a_participation_certificate_claimed_as_category_1_is_questioned() -> None:
    facts = CertificateFacts(designation_statement=True, participation=True)
    assert _codes(certificate=facts) == ["participation-claimed-as-category-1"]
    assert _codes(certificate=facts, credit_type="other") == []


def test_claiming_more_than_the_certificate_awards_is_questioned() -> None:
    assert _codes(credits=Decimal("2.00")) == ["more-than-certified"]


def test_a_certificate_in_someone_elses_name_is_questioned() -> None:
    facts = CertificateFacts(designation_statement=True, learner_name="Robert Smith, DO")
    (question,) = certificate_questions(
        credit_type="ama-pra-1",
        credit_type_name="AMA PRA Category 1",
        credits=Decimal("1.00"),
        completed_on=DAY,
        certificate=facts,
        profile_name="Alice Ng",
    )
    assert question.code == "other-name"
    assert "“Robert Smith, DO”, not to “Alice Ng”" in question.sentence


@pytest.mark.parametrize(
    ("printed", "profile", "same"),
    [
        ("Dr. Alice B. Ng, MD", "Alice Ng", True),
        ("A. Ng", "Alice Ng", True),
        ("ALICE NG-SMITH", "Alice Ng", True),
        ("José Álvarez, MD", "Jose Alvarez", True),
        ("Bob Ng", "Alice Ng", False),
        ("Alice Smith", "Alice Ng", False),
    ],
)
def test_names_are_compared_as_people_write_them(printed: str, profile: str, same: bool) -> None:
    assert same_person(printed, profile) is same


def test_a_date_outside_the_cycle_claimed_is_questioned() -> None:
    cycle = (datetime.date(2025, 6, 1), datetime.date(2027, 5, 31))
    assert _codes(cycle=cycle) == ["outside-cycle"]
    assert _codes(cycle=(DAY, DAY)) == []  # both ends count
    assert _codes(cycle=None) == []


@pytest.mark.django_db
def test_the_activity_page_shows_the_questions(alice, alice_client) -> None:
    alice.profile.full_name = "Alice Ng"
    alice.profile.save()
    certificate = store(alice, make_pdf(certificate_lines("Ethics", learner="Robert Smith")))
    draft = certificate.drafts.get()
    draft.suggestions = {**draft.suggestions, "learner_name": "Robert Smith, MD"}
    draft.save()
    activity = ActivityFactory(
        owner=alice,
        title="Ethics",
        completed_on=DAY,
        credit_type=credit_type("aoa-1a"),
        credits=Decimal("1.10"),
        certificate=certificate,
    )
    page = alice_client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "What an auditor might ask" in page
    assert "1.10 AOA Category 1-A credits is not a multiple of 0.25" in page
    assert "made out to “Robert Smith, MD”" in page


@pytest.mark.django_db
def test_a_claim_with_nothing_to_ask_shows_no_questions(alice, alice_client) -> None:
    activity = ActivityFactory(owner=alice)
    page = alice_client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "What an auditor might ask" not in page
