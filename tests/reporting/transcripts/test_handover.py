"""Before a PDF is made: the name, degree, NPI and license number a board reads first."""

import datetime

import pytest
from django.urls import reverse

from reporting import transcripts
from reporting.models import Board, License, Transcript
from reporting.transcripts.forms import cycle_value
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db

NAME_MISSING = "Enter your full name as your board knows it: the document is made out to it."


def _choice(license: License, kind: str = "transcript") -> dict[str, str]:
    return {"cycle": cycle_value(license, transcripts.license_cycles(license)[0]), "kind": kind}


def _handover(license: License, **changes: str) -> dict[str, str]:
    profile = license.owner.profile
    return {
        **_choice(license),
        "full_name": profile.full_name,
        "degree": profile.degree,
        "npi": profile.npi,
        "license_number": license.number,
        **changes,
    }


@pytest.fixture
def florida_do_license(alice, load_rules, vocabulary) -> License:  # type: ignore[no-untyped-def]
    load_rules("FL")
    return License.objects.create(
        owner=alice,
        board=Board.objects.get(code="FL-DO"),
        number="OS98765",
        issued_on=datetime.date(2015, 3, 1),
        expires_on=datetime.date(2028, 3, 31),
    )


def test_the_page_before_generating_is_prefilled_from_the_profile_and_the_license(
    alice, alice_client, texas_license
) -> None:
    response = alice_client.get(reverse("reporting:transcript_request"), _choice(texas_license))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["full_name"].value() == "Alice Ng"
    assert form["degree"].value() == "MD"
    assert form["npi"].value() == "1234567893"
    assert form["license_number"].value() == "Q12345678"
    html = response.content.decode()
    assert "Texas Medical Board (TX-MD)" in html
    assert 'value="Alice Ng"' in html
    assert "Degree and board disagree" not in html
    assert Transcript.objects.count() == 0  # asking is not generating


@pytest.mark.parametrize("on_file", ["Alice Ng", ""])
def test_generating_without_a_name_is_refused_with_a_message_and_nothing_is_queued(
    alice, alice_client, texas_license, on_file
) -> None:  # type: ignore[no-untyped-def]
    alice.profile.full_name = on_file
    alice.profile.save()
    response = alice_client.post(
        reverse("reporting:transcript_request"), _handover(texas_license, full_name="   ")
    )
    assert response.status_code == 400
    assert NAME_MISSING in response.content.decode()
    assert Transcript.objects.count() == 0
    alice.profile.refresh_from_db()
    assert alice.profile.full_name == on_file


def test_what_the_physician_enters_is_saved_to_the_profile_and_the_license(
    alice, alice_client, texas_license
) -> None:
    response = alice_client.post(
        reverse("reporting:transcript_request"),
        _handover(
            texas_license,
            full_name="  Alice   M. Ng ",
            degree="DO",
            npi="1245319599",
            license_number=" Q12345679 ",
        ),
    )
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    texas_license.refresh_from_db()
    assert (alice.profile.full_name, alice.profile.degree, alice.profile.npi) == (
        "Alice M. Ng",
        "DO",
        "1245319599",
    )
    assert texas_license.number == "Q12345679"
    assert Transcript.objects.filter(owner=alice, license=texas_license).count() == 1


def test_a_wrong_npi_is_refused_in_words_and_nothing_is_saved(
    alice, alice_client, texas_license
) -> None:
    response = alice_client.post(
        reverse("reporting:transcript_request"),
        _handover(texas_license, full_name="Alice Renamed", npi="1234567890"),
    )
    assert response.status_code == 400
    assert "This NPI&#x27;s check digit is wrong" in response.content.decode()
    alice.profile.refresh_from_db()
    assert alice.profile.full_name == "Alice Ng"
    assert Transcript.objects.count() == 0


def test_a_refused_request_saves_none_of_the_answers(alice, alice_client, texas_license) -> None:
    for _ in range(3):
        transcripts.transcript_request(owner=alice, license_id=texas_license.pk)
    response = alice_client.post(
        reverse("reporting:transcript_request"),
        _handover(texas_license, full_name="Alice Renamed", license_number="Z1"),
    )
    assert response.status_code == 400
    assert "You already have 3 documents being made" in response.content.decode()
    alice.profile.refresh_from_db()
    texas_license.refresh_from_db()
    assert (alice.profile.full_name, texas_license.number) == ("Alice Ng", "Q12345678")
    assert Transcript.objects.count() == 3


def test_no_document_is_made_out_to_a_profile_without_a_name_through_the_api_either(
    alice, texas_license
) -> None:
    alice.profile.full_name = ""
    alice.profile.save()
    response = bearer_client(alice).post(
        "/api/v1/transcripts",
        {"license": texas_license.pk, "kind": "transcript"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"full_name": [NAME_MISSING]}
    assert Transcript.objects.count() == 0


def test_an_md_profile_holding_a_do_board_license_is_flagged_before_generating_and_on_the_license(
    alice, alice_client, florida_do_license
) -> None:
    warning = (
        "Your profile says you are an MD, but this license is with Florida Board of "
        "Osteopathic Medicine (FL-DO), which licenses DOs."
    )
    handover = alice_client.get(
        reverse("reporting:transcript_request"), _choice(florida_do_license)
    )
    assert warning in handover.content.decode()
    page = alice_client.get(reverse("reporting:license_detail", args=[florida_do_license.pk]))
    assert warning in page.content.decode()

    # Corrected in the profile, the warning goes, though the license page is cached.
    alice.profile.degree = "DO"
    alice.profile.save()
    page = alice_client.get(reverse("reporting:license_detail", args=[florida_do_license.pk]))
    assert "Degree and board disagree" not in page.content.decode()


def test_a_do_profile_holding_an_md_board_license_is_flagged(
    alice, alice_client, texas_license
) -> None:
    alice.profile.degree = "DO"
    alice.profile.save()
    page = alice_client.get(reverse("reporting:license_detail", args=[texas_license.pk]))
    assert (
        "Your profile says you are a DO, but this license is with Texas Medical Board (TX-MD), "
        "which licenses MDs." in page.content.decode()
    )
    handover = alice_client.get(reverse("reporting:transcript_request"), _choice(texas_license))
    assert "Degree and board disagree" in handover.content.decode()


def test_a_pa_profile_is_not_compared_with_a_physicians_board(
    alice, alice_client, texas_license
) -> None:
    alice.profile.degree = "PA"
    alice.profile.save()
    page = alice_client.get(reverse("reporting:license_detail", args=[texas_license.pk]))
    assert "Degree and board disagree" not in page.content.decode()


def test_the_cycle_is_named_from_its_first_day_on_both_steps(
    alice, alice_client, texas_license
) -> None:
    listing = alice_client.get(reverse("reporting:transcripts")).content.decode()
    assert "1 Sep 2025 to 31 Aug 2027 (current cycle)" in listing
    handover = alice_client.get(reverse("reporting:transcript_request"), _choice(texas_license))
    assert "CME cycle 1 Sep 2025 to 31 Aug 2027 (current cycle)" in handover.content.decode()
    packet = alice_client.get(
        reverse("reporting:transcript_request"), _choice(texas_license, kind="audit_packet")
    )
    assert "A CME audit packet for Texas Medical Board (TX-MD)" in packet.content.decode()
