"""Practice facts are asked once on the profile, state facts on the license, and every answer is
an explicit Yes or No: a question left alone stays unanswered and the license says so."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import Profile
from accounts.services import api_token_create
from reporting.licenses.services import license_create, profile_practice_update
from reporting.models import Board, License

pytestmark = pytest.mark.django_db

AS_OF = "2026-12-01"


@pytest.fixture
def boards(load_rules) -> dict[str, Board]:  # type: ignore[no-untyped-def]
    load_rules("TX", "FL")
    return {board.code: board for board in Board.objects.all()}


@pytest.fixture
def alice_api(alice) -> Client:  # type: ignore[no-untyped-def]
    _, raw = api_token_create(user=alice, name="tests")
    return Client(headers={"authorization": f"Bearer {raw}"})


def _license(owner, board: Board, **fields) -> License:  # type: ignore[no-untyped-def]
    values = {
        "number": f"N-{board.code}",
        "issued_on": "2015-06-01",
        "expires_on": "2027-08-31",
        **fields,
    }
    return license_create(owner=owner, board=board, **values)


def _compliance(api: Client, license: License) -> dict:
    response = api.get(f"/api/v1/licenses/{license.pk}/compliance?as_of={AS_OF}")
    assert response.status_code == 200, response.content
    return response.json()


def _requirement(report: dict, code: str) -> dict:
    return next(r for r in report["requirements"] if r["id"] == code)


def _facts(user) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    return Profile.objects.get(user=user).practice_facts


def _form(board: Board, **answers: str) -> dict[str, object]:
    return {
        "board": board.pk,
        "number": "Q12345",
        "issued_on": "2015-06-01",
        "expires_on": "2027-08-31",
        **answers,
    }


# --- Untouched questions stay unanswered ---------------------------------------------------------
def test_a_license_saved_without_touching_a_question_needs_answers(
    alice, alice_client, alice_api, boards
) -> None:
    alice_client.post(reverse("reporting:license_create"), _form(boards["TX-MD"]))
    license = License.objects.get(owner=alice)
    assert license.condition_answers == {}  # nothing was taken as No

    report = _compliance(alice_api, license)
    assert report["status"] == "needs_answers"
    assert report["unanswered"] == ["direct_patient_care", "emergency_department", "pain_clinic"]
    trafficking = _requirement(report, "tx-md.human-trafficking")
    assert trafficking["status"] != "not_applicable"
    assert trafficking["needs_answers"] == ["direct_patient_care"]


def test_the_license_form_asks_state_questions_as_yes_no_with_nothing_chosen(
    alice_client, boards
) -> None:
    page = alice_client.get(reverse("reporting:license_create") + f"?board={boards['TX-MD'].pk}")
    form = page.context["form"]
    assert form.asked == ["pain_clinic"]  # the person's questions are on the profile
    html = page.content.decode()
    assert 'name="answer_pain_clinic" value="yes"' in html
    assert 'name="answer_pain_clinic" value="no"' in html
    assert "checked" not in str(form["answer_pain_clinic"])
    assert "This board asks:" in html
    assert "Do you provide direct patient care?" in html
    assert "answer on your profile" in html


def test_the_board_questions_refresh_by_htmx_when_the_board_changes(alice_client, boards) -> None:
    def questions(board: Board) -> str:
        page = alice_client.get(
            reverse("reporting:license_create") + f"?board={board.pk}",
            headers={"HX-Request": "true"},
        )
        html = page.content.decode()
        assert 'id="license-conditions"' in html
        return html

    florida = questions(boards["FL-DO"])
    assert "Do you hold a federal DEA registration?" in florida
    assert "answer_pain_clinic" not in florida  # no Florida rule asks about a pain clinic
    texas = questions(boards["TX-MD"])
    assert "answer_pain_clinic" in texas
    assert "Do you hold a federal DEA registration?" not in texas


def test_the_profile_asks_every_practice_question_with_nothing_chosen(alice_client) -> None:
    page = alice_client.get(reverse("accounts:profile"))
    html = page.content.decode()
    assert "Your practice" in html
    assert "Do you provide direct patient care?" in html
    assert "Pediatrics" in html  # the specialties, each a Yes/No question
    assert 'name="direct_patient_care" value="no"' in html
    section = html[html.index('id="practice"') : html.index('id="data-heading"')]
    assert "checked" not in section
    assert "Not answered yet." in section


def test_answering_one_practice_question_leaves_the_others_unanswered(alice, alice_client) -> None:
    response = alice_client.post(reverse("reporting:practice"), {"direct_patient_care": "no"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile") + "#practice"
    assert _facts(alice) == {"direct_patient_care": False}

    # Saving again without touching it keeps the answer (the radio comes back chosen).
    page = alice_client.get(reverse("accounts:profile")).content.decode()
    assert 'value="no" id="id_direct_patient_care_1" checked' in page
    alice_client.post(reverse("reporting:practice"), {"treats_children": "yes"})
    assert _facts(alice) == {
        "direct_patient_care": False,
        "treats_children": True,
    }


def test_a_practice_answer_other_than_yes_or_no_is_refused(alice, alice_client) -> None:
    response = alice_client.post(reverse("reporting:practice"), {"direct_patient_care": "maybe"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert _facts(alice) == {}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"pain_clinic": True}, "Unknown practice question(s): pain_clinic"),
        ({"no_such_code": True}, "Unknown practice question(s): no_such_code"),
        (
            {"direct_patient_care": "yes"},
            "Answer Yes or No (true or false) to: direct_patient_care",
        ),
        ({"direct_patient_care": 1}, "Answer Yes or No (true or false) to: direct_patient_care"),
    ],
)
def test_the_practice_service_accepts_only_known_questions_and_yes_or_no(
    alice, answers, message
) -> None:
    with pytest.raises(ValidationError) as raised:
        profile_practice_update(user=alice, answers=answers)
    assert message in raised.value.message_dict["practice_facts"][0]
    assert _facts(alice) == {}


def test_none_takes_an_answer_back(alice) -> None:
    profile_practice_update(user=alice, answers={"direct_patient_care": True})
    profile_practice_update(user=alice, answers={"direct_patient_care": None})
    assert _facts(alice) == {}


# --- One answer, every license -------------------------------------------------------------------
def test_a_profile_answer_is_reused_by_every_license(alice, alice_api, boards) -> None:
    texas_md = _license(alice, boards["TX-MD"], condition_answers={"pain_clinic": False})
    texas_do = _license(alice, boards["TX-DO"], condition_answers={"pain_clinic": False})
    profile_practice_update(
        user=alice, answers={"direct_patient_care": False, "emergency_department": False}
    )
    for license in (texas_md, texas_do):
        report = _compliance(alice_api, license)
        assert report["unanswered"] == []
        assert report["status"] != "needs_answers"
        trafficking = _requirement(report, "tx-md.human-trafficking")
        assert trafficking["status"] == "not_applicable"
        assert trafficking["explanation"].startswith("Human trafficking")


def test_a_license_answer_wins_over_the_profile(alice, alice_api, boards) -> None:
    profile_practice_update(user=alice, answers={"direct_patient_care": False})
    license = _license(
        alice,
        boards["TX-MD"],
        condition_answers={"direct_patient_care": True, "pain_clinic": False},
    )
    trafficking = _requirement(_compliance(alice_api, license), "tx-md.human-trafficking")
    assert trafficking["status"] != "not_applicable"
    assert trafficking["needs_answers"] == []


def test_a_dea_registration_answers_the_dea_question_for_every_license(
    alice, alice_client, alice_api, boards
) -> None:
    profile_practice_update(user=alice, answers={"dea_registrant": False})
    _license(alice, Board.objects.get(code="US-DEA"), number="AN1234563")
    florida = _license(alice, boards["FL-DO"])
    course = _requirement(_compliance(alice_api, florida), "fl-do.controlled-substances")
    assert course["status"] != "not_applicable"
    assert course["needs_answers"] == []

    profile = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Yes — you added a DEA registration" in profile
    assert 'name="dea_registrant"' not in profile  # shown as answered, not asked
    form = alice_client.get(reverse("reporting:license_edit", args=[florida.pk])).content.decode()
    assert "Yes</strong> — you added a DEA registration" in form


def test_the_license_form_shows_the_profile_answer_with_a_link_to_change_it(
    alice, alice_client, boards
) -> None:
    profile_practice_update(user=alice, answers={"direct_patient_care": False})
    page = alice_client.get(reverse("reporting:license_create") + f"?board={boards['TX-MD'].pk}")
    html = page.content.decode()
    assert "From your profile: Do you provide direct patient care? <strong>No</strong>" in html
    assert f'href="{reverse("accounts:profile")}#practice">change' in html


def test_a_license_can_drop_its_own_answer_for_the_profiles(alice, alice_client, boards) -> None:
    profile_practice_update(user=alice, answers={"direct_patient_care": False})
    license = _license(
        alice,
        boards["TX-MD"],
        condition_answers={"direct_patient_care": True, "pain_clinic": False},
    )
    edit = reverse("reporting:license_edit", args=[license.pk])
    html = alice_client.get(edit).content.decode()
    assert "For this license only: Do you provide direct patient care?" in html
    assert "Use my profile's answer instead" in html

    alice_client.post(
        edit,
        _form(boards["TX-MD"], answer_pain_clinic="no", use_profile="direct_patient_care"),
    )
    license.refresh_from_db()
    assert license.condition_answers == {"pain_clinic": False}


def test_editing_a_license_keeps_answers_the_form_does_not_ask(alice, alice_client, boards) -> None:
    license = _license(
        alice,
        boards["TX-MD"],
        condition_answers={"direct_patient_care": True, "pain_clinic": False},
    )
    alice_client.post(
        reverse("reporting:license_edit", args=[license.pk]),
        _form(boards["TX-MD"], answer_pain_clinic="yes", number="R1"),
    )
    license.refresh_from_db()
    assert license.number == "R1"
    assert license.condition_answers == {"direct_patient_care": True, "pain_clinic": True}


def test_bob_answers_only_for_himself_and_never_sees_alices_answers(alice, bob, bob_client) -> None:
    profile_practice_update(user=alice, answers={"direct_patient_care": True})
    page = bob_client.get(reverse("accounts:profile")).content.decode()
    section = page[page.index('id="practice"') : page.index('id="data-heading"')]
    assert "checked" not in section
    bob_client.post(reverse("reporting:practice"), {"direct_patient_care": "no"})
    assert _facts(alice) == {"direct_patient_care": True}
    assert _facts(bob) == {"direct_patient_care": False}


def test_the_profile_says_which_licenses_ask_each_question(alice, alice_client, boards) -> None:
    _license(alice, boards["TX-MD"])
    _license(alice, boards["FL-MD"])
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Not answered yet. The rules of your TX-MD license ask this." in html
    assert "The rules of your FL-MD license ask this." in html  # the DEA question
