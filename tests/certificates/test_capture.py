"""Capturing certificates: reading after the upload, progress, several files at once, drafts
reviewed beside the certificate's pages, and the marks on suggested fields."""

import json

import pytest
from django.urls import reverse

from activities.models import Activity
from certificates.models import Certificate, Draft, ReadingStatus
from certificates.services import certificate_read, certificate_store
from tests.certificates.bundles import bundle_pdf, certificate_lines
from tests.certificates.conftest import stored_files
from tests.certificates.corpus import CORPUS
from tests.certificates.factories import make_pdf, make_png
from tests.certificates.helpers import store, upload
from tests.reporting.transcripts import conftest as transcript_fixtures

pytestmark = pytest.mark.django_db

celery_worker = transcript_fixtures.celery_worker
eager_celery = transcript_fixtures.eager_celery

UPLOAD = reverse("certificates:upload")
CREATE = reverse("activities:create")


def _queued(owner, data: bytes, name: str = "scan.pdf") -> Certificate:  # type: ignore[no-untyped-def]
    """A stored certificate a worker has not read yet (as with a real broker)."""
    certificate = store(owner, data, name)
    Certificate.objects.filter(pk=certificate.pk).update(
        status=ReadingStatus.QUEUED, text="", read_attempts=0, read_started_at=None
    )
    certificate.drafts.all().delete()
    certificate.refresh_from_db()
    return certificate


# --- Reading ----------------------------------------------------------------------------------
def test_an_upload_is_read_into_one_draft_with_its_pages_and_fields(alice) -> None:
    certificate = store(alice, make_pdf(certificate_lines("Sepsis Bundles in Practice")))
    assert certificate.status == ReadingStatus.READY
    (draft,) = certificate.drafts.all()
    assert (draft.first_page, draft.last_page, draft.status) == (1, 1, Draft.Status.OPEN)
    assert draft.method == "pdf"
    assert draft.suggestions["title"] == "Sepsis Bundles in Practice"
    assert draft.suggestions["credits"] == "1.00"
    assert draft.suggestions["completed_on"] == "2025-03-04"


def test_reading_twice_changes_nothing(alice) -> None:
    certificate = store(alice, make_pdf(certificate_lines("Sepsis Bundles in Practice")))
    drafts = list(certificate.drafts.values_list("pk", flat=True))
    certificate_read(certificate_id=certificate.pk)
    assert list(certificate.drafts.values_list("pk", flat=True)) == drafts


def test_a_queued_certificate_is_read_by_the_task_path(alice) -> None:
    certificate = _queued(alice, make_pdf(certificate_lines("Ethics at the Bedside")))
    certificate_read(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.status == ReadingStatus.READY
    assert certificate.read_attempts == 1
    assert "Ethics at the Bedside" in certificate.text
    assert certificate.drafts.get().suggestions["title"] == "Ethics at the Bedside"


def test_a_reading_that_ran_out_of_attempts_fails_with_a_message(alice) -> None:
    certificate = _queued(alice, make_pdf(certificate_lines("Ethics")))
    Certificate.objects.filter(pk=certificate.pk).update(read_attempts=3)
    certificate_read(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.status == ReadingStatus.FAILED
    assert certificate.read_message == "We could not read this file; please type the details."
    assert not certificate.drafts.exists()


def test_too_many_files_waiting_refuses_one_more_and_stores_nothing(
    alice, bob, alice_client, bob_client, settings, media
) -> None:
    settings.CERTIFICATE_MAX_READING_PER_USER = 1
    waiting = _queued(alice, make_pdf(["Certificate of Completion", "first"]))
    response = alice_client.post(UPLOAD, {"file": upload(make_pdf(["Second certificate"]))})
    assert response.status_code == 429
    assert "1 of your certificates are still being read" in response.content.decode()
    assert list(Certificate.objects.filter(owner=alice)) == [waiting]
    assert stored_files(media) == [waiting.file.name]
    # Someone else's pile never holds up bob.
    assert bob_client.post(UPLOAD, {"file": upload(make_pdf(["Bob's"]))}).status_code == 302


# --- Progress ---------------------------------------------------------------------------------
def test_the_progress_page_polls_while_the_file_is_read(alice, alice_client) -> None:
    certificate = _queued(alice, make_pdf(certificate_lines("Ethics")))
    response = alice_client.get(reverse("certificates:reading", args=[certificate.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Being read" in page
    assert "Waiting to be read" in page
    assert 'hx-trigger="every 1s"' in page
    # Without JavaScript the page refreshes itself.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page


def test_once_read_the_progress_page_goes_on_to_the_filled_form(alice, alice_client) -> None:
    certificate = _queued(alice, make_pdf(certificate_lines("Ethics")))
    certificate_read(certificate_id=certificate.pk)
    url = reverse("certificates:reading", args=[certificate.pk])
    response = alice_client.get(url)
    assert response["Location"] == f"{CREATE}?certificate={certificate.pk}"
    polled = alice_client.get(url, headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == f"{CREATE}?certificate={certificate.pk}"


def test_someone_elses_progress_page_is_404(alice, bob_client) -> None:
    certificate = _queued(alice, make_pdf(certificate_lines("Ethics")))
    assert bob_client.get(reverse("certificates:reading", args=[certificate.pk])).status_code == 404


# --- Several files ----------------------------------------------------------------------------
def test_several_files_at_once_become_drafts_to_confirm(alice, alice_client) -> None:
    files = [
        upload(make_pdf(certificate_lines("Opioid Prescribing Update")), "one.pdf"),
        upload(make_pdf(certificate_lines("Implicit Bias in Care")), "two.pdf"),
    ]
    response = alice_client.post(UPLOAD, {"file": files})
    assert response["Location"] == reverse("certificates:drafts")
    assert Certificate.objects.filter(owner=alice).count() == 2
    page = alice_client.get(reverse("certificates:drafts")).content.decode()
    assert "2 drafts to confirm" in page
    assert "Opioid Prescribing Update" in page
    assert "Implicit Bias in Care" in page
    for draft in Draft.objects.all():
        assert f"{CREATE}?draft={draft.pk}" in page


def test_a_hostile_file_among_several_is_refused_by_name_and_not_stored(
    alice, alice_client, media
) -> None:
    hostile = CORPUS[0]
    files = [
        upload(make_pdf(certificate_lines("Opioid Prescribing Update")), "good.pdf"),
        upload(hostile.data, "bad.pdf"),
    ]
    response = alice_client.post(UPLOAD, {"file": files}, follow=True)
    page = response.content.decode()
    assert "“bad.pdf” was not stored" in page
    (certificate,) = Certificate.objects.filter(owner=alice)
    assert certificate.filename == "good.pdf"
    assert stored_files(media) == [certificate.file.name]


def test_only_hostile_files_get_their_messages_on_the_form(alice_client, media) -> None:
    response = alice_client.post(
        UPLOAD, {"file": [upload(b"", "empty.pdf"), upload(b"MZ\x90\x00", "tool.exe.pdf")]}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "empty.pdf: This file is empty." in page
    assert not Certificate.objects.exists()
    assert stored_files(media) == []


def test_the_page_script_gets_one_answer_per_file_as_json(alice, alice_client) -> None:
    response = alice_client.post(
        UPLOAD,
        {"file": upload(make_pdf(certificate_lines("Ethics")), "ethics.pdf")},
        headers={"Accept": "application/json"},
    )
    certificate = Certificate.objects.get(owner=alice)
    assert response.status_code == 201
    assert json.loads(response.content) == {
        "created": True,
        "filename": "ethics.pdf",
        "status": "ready",
        "next": f"{CREATE}?certificate={certificate.pk}",
    }
    refused = alice_client.post(
        UPLOAD, {"file": upload(b"", "empty.pdf")}, headers={"Accept": "application/json"}
    )
    assert refused.status_code == 400
    assert json.loads(refused.content)["error"] == "This file is empty."
    assert Certificate.objects.count() == 1


def test_the_upload_field_takes_several_files(alice_client) -> None:
    page = alice_client.get(UPLOAD).content.decode()
    assert 'type="file" name="file"' in page
    assert " multiple" in page
    assert "data-drop-zone" in page


# --- Page images ------------------------------------------------------------------------------
def test_the_owner_sees_each_page_as_an_image_we_drew(alice, alice_client) -> None:
    certificate = store(alice, make_pdf(certificate_lines("Ethics")))
    response = alice_client.get(reverse("certificates:page", args=[certificate.public_id, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_an_image_certificate_is_redrawn_too(alice, alice_client) -> None:
    certificate = store(alice, make_png(400, 300), "photo.png")
    response = alice_client.get(reverse("certificates:page", args=[certificate.public_id, 1]))
    assert response.status_code == 200
    assert response.content.startswith(b"\x89PNG")


def test_page_images_are_404_for_anyone_else_and_past_the_last_page(
    alice, alice_client, bob_client
) -> None:
    certificate = store(alice, make_pdf(certificate_lines("Ethics")))
    page_url = reverse("certificates:page", args=[certificate.public_id, 1])
    assert bob_client.get(page_url).status_code == 404
    past = reverse("certificates:page", args=[certificate.public_id, 2])
    assert alice_client.get(past).status_code == 404
    zero = reverse("certificates:page", args=[certificate.public_id, 0])
    assert alice_client.get(zero).status_code == 404


# --- Review -----------------------------------------------------------------------------------
def test_the_review_page_shows_the_drafts_pages_beside_the_filled_form(alice, alice_client) -> None:
    certificate = store(alice, make_pdf(certificate_lines("Implicit Bias in Care")))
    draft = certificate.drafts.get()
    response = alice_client.get(CREATE, {"draft": draft.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("certificates:page", args=[certificate.public_id, 1]) in page
    assert 'class="review"' in page
    assert response.context["form"].initial["title"] == "Implicit Bias in Care"
    assert response.context["form"].initial["certificate"] == certificate.pk


def test_suggested_fields_are_marked_until_changed_or_confirmed(alice, alice_client) -> None:
    certificate = store(alice, make_pdf(certificate_lines("Implicit Bias in Care")))
    draft = certificate.drafts.get()
    page = alice_client.get(CREATE, {"draft": draft.pk}).content.decode()
    for name in ("title", "completed_on", "credits", "credit_type"):
        assert f'data-suggested="{name}"' in page
    assert page.count("Suggested from the certificate") == len(
        alice_client.get(CREATE, {"draft": draft.pk}).context["suggested"]
    )
    # Posted back with an error elsewhere: the changed title and the confirmed date lose
    # their marks; the untouched credits keep theirs.
    response = alice_client.post(
        f"{CREATE}?draft={draft.pk}",
        {
            "title": "Implicit bias (corrected)",
            "completed_on": "2025-03-04",
            "confirmed": ["completed_on"],
            "credits": "1.00",
            "credit_type": "",
            "format": "enduring",
        },
    )
    suggested = response.context["suggested"]
    assert "title" not in suggested
    assert "completed_on" not in suggested
    assert "credits" in suggested
    assert not Activity.objects.exists()


def test_a_typed_form_has_no_suggested_marks(alice_client) -> None:
    page = alice_client.get(CREATE).content.decode()
    assert "Suggested from the certificate" not in page
    assert "data-suggested" not in page


def test_confirming_a_draft_logs_it_and_opens_the_next_one(alice, alice_client) -> None:
    first = store(alice, make_pdf(certificate_lines("Opioid Prescribing Update")), "a.pdf")
    second = store(alice, make_pdf(certificate_lines("Implicit Bias in Care")), "b.pdf")
    draft = first.drafts.get()
    page = alice_client.get(CREATE, {"draft": draft.pk})
    form = page.context["form"]
    data = {name: form[name].value() for name in ("title", "provider", "completed_on", "credits")}
    data.update(
        credit_type=form["credit_type"].value(),
        format="enduring",
        certificate=first.pk,
        started_on=data["completed_on"],
    )
    response = alice_client.post(f"{CREATE}?draft={draft.pk}", data)
    activity = Activity.objects.get()
    assert activity.certificate == first
    assert activity.title == "Opioid Prescribing Update"
    draft.refresh_from_db()
    assert draft.status == Draft.Status.CONFIRMED
    assert response["Location"] == f"{CREATE}?draft={second.drafts.get().pk}"


def test_someone_elses_draft_is_404_to_review_and_to_dismiss(alice, bob_client) -> None:
    draft = store(alice, make_pdf(certificate_lines("Ethics"))).drafts.get()
    assert bob_client.get(CREATE, {"draft": draft.pk}).status_code == 404
    assert bob_client.get(CREATE, {"draft": "x"}).status_code == 404
    dismiss = reverse("certificates:draft_dismiss", args=[draft.pk])
    assert bob_client.post(dismiss).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Draft.Status.OPEN


def test_a_dismissed_draft_leaves_the_list(alice, alice_client) -> None:
    draft = store(alice, make_pdf(certificate_lines("Ethics"))).drafts.get()
    alice_client.post(reverse("certificates:draft_dismiss", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DISMISSED
    assert (
        "No drafts to confirm" in alice_client.get(reverse("certificates:drafts")).content.decode()
    )


def test_a_bundle_stored_by_the_reader_keeps_each_drafts_page_range(alice) -> None:
    data = bundle_pdf([certificate_lines(f"Course {n}") for n in range(1, 4)])
    certificate = certificate_store(owner=alice, upload=upload(data, "bundle.pdf")).certificate
    assert certificate.pages == 3
    for draft in certificate.drafts.all():
        assert 1 <= draft.first_page <= draft.last_page <= 3


def test_uploaded_before_reading_existed_still_fills_the_form(alice, alice_client) -> None:
    certificate = store(alice, make_pdf(certificate_lines("Ethics")))
    certificate.drafts.all().delete()
    response = alice_client.get(CREATE, {"certificate": certificate.pk})
    assert response.context["form"].initial["title"] == "Ethics"
    assert response.context["page_numbers"] == [1]


# --- A real worker ----------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)  # the worker reads what the request committed
def test_with_a_worker_the_upload_answers_before_the_file_is_read(
    alice, alice_client, celery_worker, settings
) -> None:
    settings.CERTIFICATE_READ_IN_WORKER = True
    from tests.reporting.transcripts.conftest import wait_for

    response = alice_client.post(
        UPLOAD, {"file": upload(make_pdf(certificate_lines("Stroke Update")), "stroke.pdf")}
    )
    certificate = Certificate.objects.get(owner=alice)
    # The request only stored the file; the progress page is next, whatever the worker does.
    assert response["Location"] == reverse("certificates:reading", args=[certificate.pk])
    wait_for(lambda: Certificate.objects.get(pk=certificate.pk).status == ReadingStatus.READY)
    assert certificate.drafts.get().suggestions["title"] == "Stroke Update"


def test_readings_a_dead_broker_left_queued_are_sent_again(alice, eager_celery) -> None:
    import datetime

    from django.utils import timezone

    from certificates.services import certificates_read_stale

    stuck = _queued(alice, make_pdf(certificate_lines("Stroke Update")))
    fresh = _queued(alice, make_pdf(certificate_lines("Fresh upload")), "fresh.pdf")
    Certificate.objects.filter(pk=stuck.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    assert certificates_read_stale() == 1  # in-process here: sent means read
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == ReadingStatus.READY
    assert fresh.status == ReadingStatus.QUEUED
