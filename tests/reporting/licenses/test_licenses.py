import datetime

import pytest
from django.urls import reverse

from reporting.models import Board, License, RuleSet
from tests.factories import LicenseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def texas(load_rules) -> Board:  # type: ignore[no-untyped-def]
    load_rules("TX")
    return Board.objects.get(code="TX-MD")


def _form(board: Board, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "board": board.pk,
        "number": "Q12345",
        "issued_on": "2015-06-01",
        "expires_on": "2027-08-31",
        "answer_pain_clinic": "no",
    }
    data.update(overrides)
    return data


def test_adding_a_license_saves_it_with_its_answers(alice, alice_client, texas) -> None:
    response = alice_client.post(
        reverse("reporting:license_create"), _form(texas, answer_pain_clinic="yes")
    )
    license = License.objects.get(owner=alice)
    assert response["Location"] == reverse("reporting:license_detail", args=[license.pk])
    assert license.board == texas
    assert license.condition_answers == {"pain_clinic": True}
    assert license.conditions == ["pain_clinic"]


def test_the_form_asks_only_what_the_boards_rules_depend_on(alice_client, texas) -> None:
    page = alice_client.get(reverse("reporting:license_create") + f"?board={texas.pk}")
    html = page.content.decode()
    assert "Do you provide direct patient care?" in html
    assert "Do you regularly treat children?" not in html  # no Texas rule depends on it


def test_a_license_that_expires_before_it_was_issued_is_refused(alice, alice_client, texas) -> None:
    response = alice_client.post(
        reverse("reporting:license_create"), _form(texas, expires_on="2010-01-01")
    )
    assert "must come after the date first licensed" in response.content.decode()
    assert not License.objects.filter(owner=alice).exists()


def test_half_an_explicit_cycle_is_refused(alice, alice_client, texas) -> None:
    response = alice_client.post(
        reverse("reporting:license_create"), _form(texas, cycle_start="2025-09-01")
    )
    assert "Give both the start and the end of the CME cycle" in response.content.decode()
    assert not License.objects.filter(owner=alice).exists()


def test_an_answer_other_than_yes_or_no_is_refused(alice, alice_client, texas) -> None:
    response = alice_client.post(
        reverse("reporting:license_create"), _form(texas, answer_pain_clinic="maybe")
    )
    assert "Select a valid choice" in response.content.decode()
    assert not License.objects.filter(owner=alice).exists()


def test_a_question_the_board_does_not_ask_is_not_stored(alice, alice_client, texas) -> None:
    alice_client.post(
        reverse("reporting:license_create"), _form(texas, answer_treats_children="yes")
    )
    assert License.objects.get(owner=alice).condition_answers == {"pain_clinic": False}


def test_editing_and_deleting_a_license(alice, alice_client, texas) -> None:
    alice_client.post(reverse("reporting:license_create"), _form(texas))
    license = License.objects.get(owner=alice)
    alice_client.post(
        reverse("reporting:license_edit", args=[license.pk]), _form(texas, number="R999")
    )
    license.refresh_from_db()
    assert license.number == "R999"
    confirm = alice_client.get(reverse("reporting:license_delete", args=[license.pk]))
    assert "Delete the TX-MD license R999?" in confirm.content.decode()
    assert License.objects.filter(pk=license.pk).exists()  # asking is not deleting
    alice_client.post(reverse("reporting:license_delete", args=[license.pk]))
    assert not License.objects.filter(pk=license.pk).exists()


@pytest.mark.parametrize("name", ["license_detail", "license_edit", "license_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_for_alices_license(
    alice, alice_client, bob_client, texas, name, method
) -> None:
    alice_client.post(reverse("reporting:license_create"), _form(texas))
    license = License.objects.get(owner=alice)
    response = getattr(bob_client, method)(
        reverse(f"reporting:{name}", args=[license.pk]), _form(texas, number="HACKED")
    )
    assert response.status_code == 404
    license.refresh_from_db()
    assert license.number == "Q12345"


def test_the_ethics_requirement_turns_met_when_credits_are_logged(
    alice, alice_client, texas, log_activity
) -> None:
    alice_client.post(reverse("reporting:license_create"), _form(texas))
    license = License.objects.get(owner=alice)
    url = reverse("reporting:license_detail", args=[license.pk]) + "?as_of=2027-09-15"

    def ethics():  # type: ignore[no-untyped-def]
        item = alice_client.get(url).context["item"]
        return next(x for x in item.lines if x.result.requirement_id == "tx-md.medical-ethics")

    assert ethics().result.status == "short"
    assert "Short by 2.00 credits of medical ethics" in ethics().result.explanation

    log_activity(
        alice,
        credits="2.00",
        completed_on=datetime.date(2026, 3, 1),
        topics=("medical-ethics",),
        title="Ethics at the bedside",
    )
    assert ethics().result.status == "met"
    assert [credit.title for credit in ethics().counted] == ["Ethics at the bedside"]


def test_seed_demo_gives_the_demo_physician_licenses_once(load_rules) -> None:
    import io

    from django.core.management import call_command

    load_rules("TX", "CA")
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo licenses: TX-MD, CA-MD, US-DEA." in out.getvalue()
    codes = License.objects.filter(owner__email="demo@cmetrack.example").values_list(
        "board__code", flat=True
    )
    assert sorted(codes) == ["CA-MD", "TX-MD", "US-DEA"]


def test_only_web_addresses_among_a_rule_sets_sources_become_links(
    alice, alice_client, texas
) -> None:
    license = LicenseFactory(
        owner=alice,
        board=Board.objects.get(code="TX-MD"),
        number="Q1",
        issued_on=datetime.date(2012, 1, 1),
        expires_on=datetime.date(2027, 8, 31),
    )
    rule_set = RuleSet.objects.get(board__code="TX-MD")
    rule_set.sources = [
        {"url": "javascript:alert(document.cookie)", "type": "statute"},
        {"url": "https://www.tmb.state.tx.us/rules", "type": "rule"},
    ]
    rule_set.save()  # as the admin does
    html = alice_client.get(reverse("reporting:license_detail", args=[license.pk])).content.decode()
    assert 'href="javascript:' not in html
    assert "javascript:alert(document.cookie)" in html  # shown, as text
    assert 'href="https://www.tmb.state.tx.us/rules"' in html


def test_the_license_page_names_the_cycles_first_day_and_the_rules_own_words(
    alice, alice_client, texas
) -> None:
    license = LicenseFactory(
        owner=alice,
        board=Board.objects.get(code="TX-MD"),
        number="Q1",
        issued_on=datetime.date(2012, 1, 1),
        expires_on=datetime.date(2027, 8, 31),
    )
    rule_set = RuleSet.objects.get(board__code="TX-MD")
    rule_set.sources = [
        {"url": "https://www.tmb.state.tx.us/rules", "citation": "22 TAC 161.35", "quote": "48"}
    ]
    rule_set.save()
    html = alice_client.get(reverse("reporting:license_detail", args=[license.pk])).content.decode()
    # The cycle is (31 Aug 2025, 31 Aug 2027]: its first day is 1 Sep 2025, as people write it.
    assert "1 Sep 2025 \u2013 31 Aug 2027" in html
    assert ">22 TAC 161.35</a>" in html
    assert "()" not in html
