"""The exports page wires the provider's claims into the PARS, CE Broker and MedBiquitous files."""

import pytest

from providers.models import Claim
from providers.services import claim_make, claim_withdraw

pytestmark = pytest.mark.usefixtures("eager_celery")


@pytest.fixture
def claimed(code, physician, texas_license, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    import datetime

    physician.profile.birth_date = datetime.date(1980, 4, 9)
    physician.profile.save()
    question = code.offering.evaluation_questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        return claim_make(
            code=code,
            learner=physician,
            claim_as="ama-pra-1",
            credits="3.00",
            attested=True,
            report_consent=True,
            answers={str(question.pk): "4"},
        )


def test_the_claim_copies_what_the_reports_need(claimed):
    assert (claimed.first_name, claimed.last_name) == ("Alice", "Ng")
    assert (claimed.license_state, claimed.license_number) == ("TX", "Q12345678")
    assert (claimed.birth_month, claimed.birth_day) == (4, 9)
    assert claimed.npi == "1234567893"


def test_a_pars_file_needs_the_activitys_pars_id(coordinator_client, offering, claimed):
    page = coordinator_client.get(f"/providers/activities/{offering.pk}/exports").content.decode()
    assert "This activity has no PARS activity ID" in page
    response = coordinator_client.get(f"/providers/activities/{offering.pk}/exports/pars")
    assert response.status_code == 302
    assert (
        "This activity has no PARS activity ID"
        in coordinator_client.get(response["Location"]).content.decode()
    )


def test_the_pars_file_has_the_learners_row_and_a_delete_row_once_withdrawn(
    coordinator_client, coordinator, offering, claimed
):
    offering.pars_id = "123456789"
    offering.save()
    response = coordinator_client.get(f"/providers/activities/{offering.pk}/exports/pars")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pars-learners-123456789.csv"'
    text = response.content.decode("utf-8-sig")
    (_header, row) = text.strip().splitlines()
    assert "Ng" in row
    assert "Alice" in row
    assert "Q12345678" in row
    assert "3.00" in row
    claim_withdraw(claim=claimed, by=coordinator, reason="Duplicate")
    text = coordinator_client.get(
        f"/providers/activities/{offering.pk}/exports/pars"
    ).content.decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 2


def test_the_cebroker_roster_needs_cebrokers_numbers_then_has_the_row(
    coordinator_client, provider, offering, claimed
):
    page = coordinator_client.get(f"/providers/activities/{offering.pk}/exports").content.decode()
    assert "CE Broker provider tracking number" in page
    provider.cebroker_provider_number = "123456789"
    provider.save()
    offering.cebroker_course_number = "654321"
    offering.save()
    page = coordinator_client.get(f"/providers/activities/{offering.pk}/exports").content.decode()
    assert "partial credit needs the course&#x27;s CE Broker subject area code" in page
    offering.cebroker_subject_area = "ETH"
    offering.save()
    response = coordinator_client.get(f"/providers/activities/{offering.pk}/exports/cebroker")
    assert response.status_code == 200
    (row,) = response.content.decode("utf-8-sig").strip().splitlines()
    assert row.startswith("123456789,654321,,,Q12345678,")
    assert "State=TX" in row
    assert "Profession=MD" in row
    assert row.endswith(",ETH,3.00")


def test_the_medbiquitous_report_names_the_learner(coordinator_client, offering, claimed):
    response = coordinator_client.get(f"/providers/activities/{offering.pk}/exports/medbiquitous")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    body = response.content.decode()
    assert "Alice" in body
    assert "Ng" in body
    assert f"/verify/cme/{claimed.verification_code}" in body


def test_an_unknown_export_is_not_found(coordinator_client, offering):
    assert (
        coordinator_client.get(f"/providers/activities/{offering.pk}/exports/xls").status_code
        == 404
    )
    assert not Claim.objects.exists()
