"""The provider's pages: an activity offered, codes on the room's screen, claims corrected with
a reason, the evaluation summed up; a learner's own claims; and who gets a 404."""

import datetime
from decimal import Decimal

import pytest

from organizations.models import Role
from providers.models import Claim, ClaimCode, Offering, Provider
from providers.services import claim_make
from tests.accounts.factories import UserFactory
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    cme_offering,
    cme_provider,
)

pytestmark = pytest.mark.usefixtures("eager_celery")

OFFERING_FORM = {
    "title": "Ethics at the bedside",
    "learning_format": "live",
    "starts_on": "2026-01-10",
    "ends_on": "2026-01-10",
    "city": "Austin",
    "state": "TX",
    "designate_ama-pra-1": "3.50",
}


@pytest.fixture
def claimed(code, physician, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    question = code.offering.evaluation_questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        return claim_make(
            code=code,
            learner=physician,
            claim_as="ama-pra-1",
            credits="3.00",
            attested=True,
            answers={str(question.pk): "4"},
        )


def test_staff_offer_an_activity_with_its_designation_and_topics(coordinator_client, provider):
    from activities.models import Topic

    ethics = Topic.objects.get(slug="medical-ethics")
    response = coordinator_client.post(
        "/providers/lone-star/activities/new", {**OFFERING_FORM, "topics": [ethics.pk]}
    )
    offering = Offering.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/providers/activities/{offering.pk}/"
    assert offering.provider == provider
    assert list(offering.topics.all()) == [ethics]
    (designation,) = offering.designations.all()
    assert designation.credit_type.slug == "ama-pra-1"
    assert designation.max_credits == Decimal("3.50")
    page = coordinator_client.get(f"/providers/activities/{offering.pk}/").content.decode()
    assert "3.50 AMA PRA Category 1" in page
    assert "Medical ethics" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"designate_ama-pra-1": ""}, "Designate at least one kind of credit"),
        ({"designate_ama-pra-1": "3.30"}, "Credits come in steps of 0.25"),
        ({"ends_on": "2026-01-09"}, "The last day cannot be before the first day."),
        (
            {"city": "", "state": ""},
            "Give the city and state where it takes place, or tick Online.",
        ),
        ({"pars_id": "12345"}, "A PARS activity id is exactly 9 digits."),
    ],
)
def test_a_bad_activity_is_refused_in_words_and_nothing_stored(
    coordinator_client, provider, change, message
):
    response = coordinator_client.post(
        "/providers/lone-star/activities/new", {**OFFERING_FORM, **change}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Offering.objects.exists()


def test_an_accme_provider_needs_its_seven_digit_id(coordinator_client, provider):
    response = coordinator_client.post(
        "/providers/lone-star/settings", {"accreditation": "accme", "accme_id": "12345"}
    )
    assert "An ACCME provider id is exactly 7 digits." in response.content.decode()
    response = coordinator_client.post(
        "/providers/lone-star/settings", {"accreditation": "accme", "accme_id": ""}
    )
    assert "needs its 7-digit ACCME provider id" in response.content.decode()
    assert Provider.objects.get().accme_id == "0012345"


def test_a_new_provider_organization_is_set_up_from_its_home_page(client, vocabulary):
    organization = OrganizationFactory(name="Gulf Coast CME", slug="gulf", kind="provider")
    owner = UserFactory()
    MembershipFactory(organization=organization, user=owner, role=Role.OWNER)
    client.force_login(owner)
    assert "Set up accreditation" in client.get("/providers/").content.decode()
    response = client.post(
        "/providers/gulf/settings", {"accreditation": "accme", "accme_id": "0099999"}
    )
    assert response.status_code == 302
    assert Provider.objects.get(organization=organization).accme_id == "0099999"


def test_codes_are_issued_and_shown_on_the_rooms_screen(coordinator_client, offering):
    response = coordinator_client.post(
        f"/providers/activities/{offering.pk}/codes",
        {"kind": "shared", "opens_at": "2026-01-10T08:00", "closes_at": "2026-02-10T08:00"},
    )
    assert response.status_code == 302
    code = ClaimCode.objects.get()
    screen = coordinator_client.get(f"/providers/activities/{offering.pk}/codes/{code.pk}/screen")
    page = screen.content.decode()
    assert f"{code.code[:4]}-{code.code[4:]}" in page
    assert (
        '<div class="code-screen-qr" role="img" aria-label="QR code of the claim page"><svg' in page
    )


def test_a_code_that_closes_before_it_opens_is_refused(coordinator_client, offering):
    response = coordinator_client.post(
        f"/providers/activities/{offering.pk}/codes",
        {"kind": "shared", "opens_at": "2026-02-10T08:00", "closes_at": "2026-01-10T08:00"},
    )
    assert "Claims must close after they open." in response.content.decode()
    assert not ClaimCode.objects.exists()


def test_claims_page_lists_claims_with_totals(coordinator_client, offering, claimed):
    page = coordinator_client.get(f"/providers/activities/{offering.pk}/claims").content.decode()
    assert "Ng, Alice" in page
    assert "<strong>1</strong> claim · <strong>3.00</strong> AMA PRA Category 1" in page


def test_staff_correct_a_claim_with_a_reason_and_the_record_follows(
    coordinator_client, coordinator, offering, claimed, django_capture_on_commit_callbacks
):
    url = f"/providers/activities/{offering.pk}/claims/{claimed.pk}/"
    response = coordinator_client.post(
        url, {"credits": "2.50", "completed_on": "2026-01-10", "reason": ""}
    )
    assert "This field is required." in response.content.decode()
    response = coordinator_client.post(
        url, {"credits": "3.75", "completed_on": "2026-01-10", "reason": "typo"}
    )
    assert "designated for at most 3.50 credits" in response.content.decode()
    claimed.refresh_from_db()
    assert claimed.credits == Decimal("3.00")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url, {"credits": "2.50", "completed_on": "2026-01-10", "reason": "Left after the break"}
        )
    assert response.status_code == 302
    claimed.refresh_from_db()
    assert claimed.credits == Decimal("2.50")
    assert claimed.activity is not None
    assert claimed.activity.credits == Decimal("2.50")
    page = coordinator_client.get(url).content.decode()
    assert "credits 3.00 → 2.50" in page
    assert "Left after the break" in page
    assert coordinator.email in page


def test_a_viewer_reads_but_cannot_correct(client, offering, claimed):
    viewer = UserFactory()
    MembershipFactory(organization=offering.provider.organization, user=viewer, role=Role.VIEWER)
    client.force_login(viewer)
    url = f"/providers/activities/{offering.pk}/claims/{claimed.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"credits": "1.00", "completed_on": "2026-01-10", "reason": "x"})
    assert response.status_code == 404
    assert Claim.objects.get().credits == Decimal("3.00")


def test_the_evaluation_summary_averages_the_ratings(coordinator_client, offering, claimed):
    page = coordinator_client.get(
        f"/providers/activities/{offering.pk}/evaluation"
    ).content.decode()
    assert "1 learner answered." in page
    assert "average 4.0 of 5" in page


def test_a_learner_sees_their_own_claims(client, physician, claimed):
    client.force_login(physician)
    page = client.get("/cme/claims/").content.decode()
    assert "Ethics at the bedside" in page
    assert "Certificate ready" in page


def test_the_certificate_code_is_checked_on_the_verify_pages(client, claimed):
    page = client.get(f"/verify/cme/{claimed.verification_code}").content.decode()
    assert "Issued." in page
    assert "Alice Ng" in page
    assert "3.00 AMA PRA Category 1" in page
    assert client.get("/verify/cme/NOTAREALCODE").status_code == 404
    # The transcripts' verification page is a different room.
    assert client.get(f"/verify/{claimed.verification_code}").status_code == 404


@pytest.mark.parametrize("who", ["other_provider_staff", "learner", "anonymous"])
def test_others_get_404_on_every_provider_page(client, offering, claimed, code, who):
    if who == "other_provider_staff":
        other = cme_provider(name="Other Society", slug="other")
        stranger = UserFactory()
        MembershipFactory(organization=other.organization, user=stranger, role=Role.OWNER)
        client.force_login(stranger)
    elif who == "learner":
        client.force_login(claimed.learner)
    urls = [
        "/providers/lone-star/",
        "/providers/lone-star/settings",
        "/providers/lone-star/activities/new",
        f"/providers/activities/{offering.pk}/",
        f"/providers/activities/{offering.pk}/edit",
        f"/providers/activities/{offering.pk}/codes",
        f"/providers/activities/{offering.pk}/codes/{code.pk}/screen",
        f"/providers/activities/{offering.pk}/claims",
        f"/providers/activities/{offering.pk}/claims/{claimed.pk}/",
        f"/providers/activities/{offering.pk}/claims/{claimed.pk}/certificate.pdf",
        f"/providers/activities/{offering.pk}/evaluation",
    ]
    for url in urls:
        response = client.get(url)
        expected = 302 if who == "anonymous" else 404
        assert response.status_code == expected, url
        if who == "anonymous":
            assert response["Location"].startswith("/accounts/login/")


def test_a_learner_who_is_not_the_claimant_gets_404(client, claimed, bob):
    client.force_login(bob)
    for url in (f"/cme/claims/{claimed.pk}/", f"/cme/claims/{claimed.pk}/certificate.pdf"):
        assert client.get(url).status_code == 404
    assert "Alice" not in client.get("/cme/claims/").content.decode()
    # Nor can bob answer alice's evaluation.
    assert client.post(f"/cme/claims/{claimed.pk}/", {}).status_code == 404


def test_other_providers_activities_stay_out_of_the_list(coordinator_client, provider):
    other = cme_provider(name="Other Society", slug="other")
    cme_offering(other, title="Someone else's course")
    cme_offering(provider, title="Our course", starts_on=datetime.date(2026, 2, 1))
    page = coordinator_client.get("/providers/lone-star/").content.decode()
    assert "Our course" in page
    assert "Someone else" not in page
    assert coordinator_client.get("/providers/other/").status_code == 404


def test_a_provider_that_requires_two_factor_sends_staff_to_set_it_up(
    coordinator_client, provider, offering
):
    provider.organization.require_mfa = True
    provider.organization.save()
    for url in ("/providers/lone-star/", f"/providers/activities/{offering.pk}/claims"):
        response = coordinator_client.get(url)
        assert response.status_code == 302
        assert "/accounts/2fa/totp/activate" in response["Location"]


def test_a_roster_gives_each_attendee_a_personal_code(coordinator_client, offering):
    from django.core.files.uploadedfile import SimpleUploadedFile

    roster = "name,email\nAlice Ng,alice@example.com\nBob Osei,\n"
    response = coordinator_client.post(
        f"/providers/activities/{offering.pk}/roster",
        {
            "roster-roster": SimpleUploadedFile("roster.csv", roster.encode(), "text/csv"),
            "roster-opens_at": "2026-01-10T08:00",
            "roster-closes_at": "2026-02-10T08:00",
        },
    )
    assert response.status_code == 302
    codes = ClaimCode.objects.order_by("attendee_name")
    assert [(c.kind, c.attendee_name, c.attendee_email) for c in codes] == [
        ("attendee", "Alice Ng", "alice@example.com"),
        ("attendee", "Bob Osei", ""),
    ]


def test_a_roster_with_a_bad_line_issues_no_code(coordinator_client, offering):
    from django.core.files.uploadedfile import SimpleUploadedFile

    roster = "name,email\nAlice Ng,alice@example.com\n,nobody@example.com\nCarl,not-an-address\n"
    response = coordinator_client.post(
        f"/providers/activities/{offering.pk}/roster",
        {
            "roster-roster": SimpleUploadedFile("roster.csv", roster.encode(), "text/csv"),
            "roster-opens_at": "2026-01-10T08:00",
            "roster-closes_at": "2026-02-10T08:00",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 3: the name is empty." in page
    assert "Line 4: “not-an-address” is not an e-mail address." in page
    assert not ClaimCode.objects.exists()
