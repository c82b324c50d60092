"""A learner claims with a code: the rules of a claim, each refusal in words, nothing stored."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from activities.models import Activity, Source
from certificates.models import Certificate, Draft
from providers.models import Claim, ClaimCode, EvaluationAnswer, Session
from tests.factories import cme_code
from tests.providers.conftest import ethics_status

pytestmark = pytest.mark.usefixtures("eager_celery")


def claim_page(code: ClaimCode) -> str:
    return f"/cme/claim/{code.code}"


def post_claim(client, code, *, credits="3.00", claim_as="ama-pra-1", attested=True, **extra):  # type: ignore[no-untyped-def]
    data = {"claim_as": claim_as, "credits": credits, **extra}
    if attested:
        data["attested"] = "on"
    return client.post(claim_page(code), data)


def nothing_stored() -> bool:
    return not Claim.objects.exists() and not Activity.objects.exists()


@pytest.fixture
def physician_client(client, physician):  # type: ignore[no-untyped-def]
    client.force_login(physician)
    return client


def test_a_physician_claims_answers_and_the_credit_lands_in_the_record(
    physician_client, physician, code, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_claim(physician_client, code, report_consent="on")
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cme/claims/{claim.pk}/"
    assert claim.credits == Decimal("3.00")
    assert claim.learner == physician
    assert claim.report_consent
    assert claim.attested
    assert claim.degree == "MD"
    # The evaluation comes before the certificate: nothing in the record yet.
    assert not claim.evaluated
    assert claim.activity is None
    assert not claim.certificate_file
    page = physician_client.get(f"/cme/claims/{claim.pk}/").content.decode()
    assert "Answer the provider's evaluation to receive your certificate" in page
    question = claim.offering.evaluation_questions.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = physician_client.post(
            f"/cme/claims/{claim.pk}/", {f"question_{question.pk}": "5"}
        )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert EvaluationAnswer.objects.get(claim=claim).answer == "5"
    activity = claim.activity
    assert activity is not None
    assert activity.owner == physician
    assert activity.source == Source.PROVIDER
    assert activity.provider_verified
    assert activity.credits == Decimal("3.00")
    assert activity.credit_type.slug == "ama-pra-1"
    assert activity.provider == "Lone Star Medical Society"
    assert [t.slug for t in activity.topics.all()] == ["medical-ethics"]
    # The certificate is the learner's own, stored as an upload is, and not a draft to confirm.
    certificate = activity.certificate
    assert certificate is not None
    assert certificate.owner == physician
    assert certificate.content_type == "application/pdf"
    assert certificate.size > 1000
    assert not Draft.objects.filter(certificate=certificate, status=Draft.Status.OPEN).exists()
    download = physician_client.get(f"/cme/claims/{claim.pk}/certificate.pdf")
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF-")
    assert download["Content-Disposition"].startswith("attachment")


def test_the_credit_counts_toward_texas_ethics_by_itself(
    physician_client, physician, texas_license, code, django_capture_on_commit_callbacks
):
    assert ethics_status(physician, texas_license) != "met"
    question = code.offering.evaluation_questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        post_claim(physician_client, code)
        claim = Claim.objects.get()
        physician_client.post(f"/cme/claims/{claim.pk}/", {f"question_{question.pk}": "4"})
    assert ethics_status(physician, texas_license) == "met"


@pytest.mark.parametrize(
    ("credits", "message"),
    [
        ("3.75", "designated for at most 3.50 AMA PRA Category 1 credits"),
        ("1.10", "Credits are claimed in steps of 0.25"),
        ("0", "Enter more than 0 credits."),
        ("lots", "Enter the credits you claim as a number"),
    ],
)
def test_credits_above_the_maximum_or_off_the_quarter_grid_are_refused(
    physician_client, code, credits, message
):
    response = post_claim(physician_client, code, credits=credits)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_stored()


def test_the_attestation_must_be_ticked(physician_client, code):
    response = post_claim(physician_client, code, attested=False)
    assert response.status_code == 400
    assert "commensurate with the extent of my participation" in response.content.decode()
    assert "Tick the attestation to claim" in response.content.decode()
    assert nothing_stored()


def test_a_second_claim_of_the_same_session_is_refused(physician_client, code):
    session = Session.objects.create(
        offering=code.offering, title="Morning plenary", held_on=code.offering.starts_on
    )
    session_code = cme_code(code.offering, session=session)
    assert post_claim(physician_client, session_code, credits="1.00").status_code == 302
    before = list(Claim.objects.values())
    response = post_claim(physician_client, session_code, credits="1.00")
    assert response.status_code == 400
    assert "You already claimed 1.00 credits for “Morning plenary”" in response.content.decode()
    assert "one claim per session" in response.content.decode()
    assert list(Claim.objects.values()) == before


def test_sessions_together_stay_within_the_activity_maximum(physician_client, code):
    day1 = Session.objects.create(
        offering=code.offering, title="Day 1", held_on=code.offering.starts_on
    )
    day2 = Session.objects.create(
        offering=code.offering, title="Day 2", held_on=code.offering.starts_on
    )
    assert (
        post_claim(
            physician_client, cme_code(code.offering, session=day1), credits="3.00"
        ).status_code
        == 302
    )
    response = post_claim(physician_client, cme_code(code.offering, session=day2), credits="1.00")
    assert "You have already claimed 3.00 of the 3.50" in response.content.decode()
    assert "you can claim up to 0.50 more" in response.content.decode()
    assert Claim.objects.count() == 1


def test_a_nurse_practitioner_cannot_claim_category_1(client, nurse_practitioner, code):
    client.force_login(nurse_practitioner)
    page = client.get(claim_page(code)).content.decode()
    assert "Certificate of participation" in page
    assert 'value="ama-pra-1"' not in page  # not offered at all
    response = post_claim(client, code)
    assert response.status_code == 400
    assert "AMA PRA Category 1 credit is only for physicians (MD, DO)" in response.content.decode()
    assert "your profile says NP (Nurse Practitioner)" in response.content.decode()
    assert nothing_stored()


def test_a_nurse_practitioner_gets_a_certificate_of_participation(
    client, nurse_practitioner, code, django_capture_on_commit_callbacks
):
    client.force_login(nurse_practitioner)
    question = code.offering.evaluation_questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_claim(client, code, claim_as="participation").status_code == 302
        claim = Claim.objects.get()
        client.post(f"/cme/claims/{claim.pk}/", {f"question_{question.pk}": "3"})
    claim.refresh_from_db()
    assert claim.participation
    assert claim.credit_type.slug == "ama-pra-1"
    # In an NP's record the hours are attendance ("Other"), never Category 1.
    assert claim.activity is not None
    assert claim.activity.credit_type.slug == "other"


def test_an_unknown_code_is_refused_in_words(physician_client, code):
    response = physician_client.post("/cme/claim", {"code": "ZZZZ-ZZZZ"})
    assert response.status_code == 400
    assert "We do not know this code" in response.content.decode()
    response = physician_client.get("/cme/claim/ZZZZZZZZ")
    assert response.status_code == 404
    assert "We do not know this code" in response.content.decode()
    assert nothing_stored()


def test_a_code_is_typed_as_printed(physician_client, code):
    typed = f"{code.code[:4].lower()}-{code.code[4:].lower()}"
    response = physician_client.post("/cme/claim", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == claim_page(code)


def test_an_expired_code_is_refused_and_nothing_stored(physician_client, code):
    ClaimCode.objects.filter(pk=code.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=40),
        closes_at=timezone.now() - datetime.timedelta(days=10),
    )
    response = post_claim(physician_client, code)
    assert response.status_code == 404
    assert "Claims with this code closed on" in response.content.decode()
    assert "Ask Lone Star Medical Society" in response.content.decode()
    assert nothing_stored()


def test_a_code_not_yet_open_says_when_it_opens(physician_client, code):
    ClaimCode.objects.filter(pk=code.pk).update(
        opens_at=timezone.now() + datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    response = post_claim(physician_client, code)
    assert "Claims with this code open on" in response.content.decode()
    assert nothing_stored()


def test_a_personal_code_claims_once(physician_client, client, code, nurse_practitioner):
    personal = cme_code(code.offering, kind=ClaimCode.Kind.ATTENDEE, attendee_name="Alice Ng")
    assert post_claim(physician_client, personal).status_code == 302
    client.force_login(nurse_practitioner)
    response = post_claim(client, personal, claim_as="participation")
    assert "This personal code has already been used" in response.content.decode()
    assert Claim.objects.count() == 1


def test_a_code_guessed_in_a_loop_is_refused_with_when_to_try_again(
    physician_client, code, settings
):
    settings.CLAIM_CODE_ATTEMPTS_PER_USER = 5
    for attempt in range(5):
        response = physician_client.post("/cme/claim", {"code": f"GUESS{attempt:03d}"})
        assert response.status_code == 400
    # Even the right code is refused now: the guesser cannot tell a hit from a miss.
    response = physician_client.post("/cme/claim", {"code": code.code})
    assert response.status_code == 429
    assert "Too many claim codes were tried" in response.content.decode()
    assert "Please try again in" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 600
    assert physician_client.get(claim_page(code)).status_code == 429
    assert post_claim(physician_client, code).status_code == 429
    assert nothing_stored()


def test_the_address_is_limited_too_whoever_is_signed_in(client, code, settings):
    settings.CLAIM_CODE_ATTEMPTS_PER_ADDRESS = 3
    for attempt in range(3):
        client.post("/cme/claim", {"code": f"GUESS{attempt:03d}"})
    assert client.post("/cme/claim", {"code": code.code}).status_code == 429


def test_someone_without_an_account_gets_the_certificate_by_email_and_an_invitation(
    client, code, django_capture_on_commit_callbacks
):
    question = code.offering.evaluation_questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_claim(
            client,
            code,
            first_name="Rosa",
            last_name="Díaz",
            email="Rosa.Diaz@Example.com",
            degree="DO",
            **{f"question_{question.pk}": "5"},
        )
    assert response.status_code == 200
    assert "Your certificate is on its way to rosa.diaz@example.com" in response.content.decode()
    claim = Claim.objects.get()
    assert claim.learner is None
    assert claim.email == "rosa.diaz@example.com"
    assert claim.evaluated
    assert not Activity.objects.exists()
    (message,) = mail.outbox
    assert message.to == ["rosa.diaz@example.com"]
    assert "create a free CME Track account with this e-mail address" in message.body
    assert "/accounts/signup/" in message.body
    ((name, data, content_type),) = message.attachments
    assert name.endswith(".pdf")
    assert data.startswith(b"%PDF-")
    assert content_type == "application/pdf"
    assert claim.emailed_at is not None


def test_without_an_account_the_evaluation_is_answered_in_the_same_form(client, code):
    response = post_claim(
        client, code, first_name="Rosa", last_name="Díaz", email="rosa@example.com", degree="DO"
    )
    assert response.status_code == 400
    assert "Please answer this question." in response.content.decode()
    assert nothing_stored()


def test_an_email_claim_joins_the_record_once_the_address_is_confirmed(
    client, code, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_confirmed

    from tests.accounts.factories import UserFactory

    question = code.offering.evaluation_questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        post_claim(
            client,
            code,
            first_name="Rosa",
            last_name="Díaz",
            email="rosa@example.com",
            degree="DO",
            **{f"question_{question.pk}": "5"},
        )
    rosa = UserFactory(email="rosa@example.com", profile__degree="DO")
    with django_capture_on_commit_callbacks(execute=True):
        email_confirmed.send(
            sender=EmailAddress, request=None, email_address=EmailAddress.objects.get(user=rosa)
        )
    claim = Claim.objects.get()
    assert claim.learner == rosa
    assert claim.activity is not None
    assert claim.activity.owner == rosa
    assert claim.activity.provider_verified
    assert claim.activity.certificate is not None
    assert Certificate.objects.filter(owner=rosa).count() == 1
