"""The list, detail, download, delete and ZIP pages."""

import io
import tracemalloc
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from certificates.models import Certificate
from certificates.views import PAGE_SIZE
from tests.certificates.conftest import stored_files
from tests.certificates.factories import CertificateFactory, make_pdf, make_png
from tests.certificates.helpers import activity_backed_by, store
from tests.security.mfa import enable_totp

pytestmark = pytest.mark.django_db

TEXT = "Certificate of Completion"


def test_the_list_has_an_empty_state_with_the_upload_link(alice_client) -> None:
    page = alice_client.get(reverse("certificates:list")).content.decode()
    assert "No certificates yet" in page
    assert reverse("certificates:upload") in page
    assert reverse("certificates:zip") not in page


def test_the_list_shows_size_pages_date_and_activities_backed(alice, alice_client) -> None:
    certificate = store(alice, make_pdf([TEXT, "Conference 2024"]), "conference.pdf")
    activity_backed_by(certificate, "Day 1")
    activity_backed_by(certificate, "Day 2")

    page = alice_client.get(reverse("certificates:list")).content.decode()

    assert "conference.pdf" in page
    assert "2 activities" in page
    assert f"{certificate.uploaded_at:%-d %b %Y}" in page
    assert reverse("certificates:zip") in page


def test_the_list_is_paginated(alice, alice_client) -> None:
    CertificateFactory.create_batch(PAGE_SIZE + 1, owner=alice)
    first = alice_client.get(reverse("certificates:list")).content.decode()
    second = alice_client.get(reverse("certificates:list") + "?page=2").content.decode()
    assert "Page 1 of 2" in first
    assert first.count("<tr>") == PAGE_SIZE + 1  # + the header row
    assert second.count("<tr>") == 2


def test_the_detail_page_shows_the_suggestions(alice, alice_client) -> None:
    certificate = store(
        alice,
        make_pdf(
            [
                "has participated in the enduring material titled",
                '"Sepsis: Early Recognition"',
                "on January 8, 2024 and is awarded 1.5 AMA PRA Category 1 Credits\u2122.",
            ]
        ),
    )
    page = alice_client.get(reverse("certificates:detail", args=[certificate.pk])).content.decode()
    assert "Sepsis: Early Recognition" in page
    assert "8 Jan 2024" in page
    assert "1.50" in page
    assert "AMA PRA Category 1" in page


def test_a_download_is_an_attachment_that_is_never_sniffed(alice, alice_client) -> None:
    data = make_pdf([TEXT])
    certificate = store(alice, data, "mine.pdf")
    response = alice_client.get(reverse("certificates:download", args=[certificate.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="mine.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_image_is_downloaded_with_its_own_type(alice, alice_client) -> None:
    certificate = store(alice, make_png(), "photo.png")
    response = alice_client.get(reverse("certificates:download", args=[certificate.public_id]))
    b"".join(response.streaming_content)  # consumed, as a WSGI server would
    assert response["Content-Type"] == "image/png"


def test_staff_get_404_for_anyones_certificate_pages_and_file(alice, media) -> None:
    certificate = store(alice, make_pdf([TEXT]))
    staff = get_user_model().objects.create_user(email="staff@example.com", is_staff=True)
    enable_totp(staff)  # even with two-factor: the site never shows one person's file to another
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("certificates:detail", args=[certificate.pk])).status_code == 404
    download = client.get(reverse("certificates:download", args=[certificate.public_id]))
    assert download.status_code == 404
    assert client.get(reverse("certificates:delete", args=[certificate.pk])).status_code == 404
    assert client.post(reverse("certificates:delete", args=[certificate.pk])).status_code == 404
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_deleting_asks_first_and_names_the_activities_it_unlinks(alice, alice_client) -> None:
    certificate = store(alice, make_pdf([TEXT]))
    activity_backed_by(certificate, "Annual sepsis update")
    page = alice_client.get(reverse("certificates:delete", args=[certificate.pk])).content.decode()
    assert "It backs 1 activity" in page
    assert "Annual sepsis update" in page
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_deleting_unlinks_activities_and_removes_the_file(
    alice, alice_client, media, django_capture_on_commit_callbacks
) -> None:
    certificate = store(alice, make_pdf([TEXT]))
    activity = activity_backed_by(certificate)
    assert stored_files(media) == [certificate.file.name]

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("certificates:delete", args=[certificate.pk]))

    assert response.status_code == 302
    assert not Certificate.objects.exists()
    activity.refresh_from_db()
    assert activity.certificate is None
    assert stored_files(media) == []
    follow = alice_client.get(response["Location"]).content.decode()
    assert "was deleted. 1 activity no longer links to it." in follow


def test_the_file_is_removed_only_when_the_deletion_commits(
    alice, media, django_capture_on_commit_callbacks
) -> None:
    from certificates.services import certificate_delete

    certificate = store(alice, make_pdf([TEXT]))

    class Abort(Exception):
        pass

    def delete_then_fail() -> None:
        with transaction.atomic():
            certificate_delete(owner=alice, pk=certificate.pk)
            assert stored_files(media) == [certificate.file.name]  # not before the commit
            raise Abort

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Abort):
        delete_then_fail()
    assert callbacks == []  # a rolled-back deletion never removes the file
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    assert stored_files(media) == [certificate.file.name]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        certificate_delete(owner=alice, pk=certificate.pk)
    assert len(callbacks) == 1
    assert stored_files(media) == []


def test_the_zip_holds_every_certificate_under_its_name(alice, alice_client) -> None:
    first = make_pdf([TEXT, "One"])
    second = make_png()
    store(alice, first, "same name.pdf")
    store(alice, make_pdf([TEXT, "Two"]), "same name.pdf")
    store(alice, second, "photo.png")

    response = alice_client.get(reverse("certificates:zip"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="cme-certificates-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == ["photo.png", "same name (2).pdf", "same name.pdf"]
    assert archive.read("photo.png") == second


def test_the_zip_streams_in_bounded_memory(alice, alice_client, tmp_path) -> None:
    # 20 files of 1 MiB (random, so nothing compresses): the ZIP must never sit in memory.
    import os

    for number in range(20):
        data = make_pdf([f"Certificate {number}"]) + b"%" + os.urandom(1024 * 1024)
        CertificateFactory(owner=alice, data=data)
    total = sum(Certificate.objects.values_list("size", flat=True))
    target = tmp_path / "all.zip"

    tracemalloc.start()
    response = alice_client.get(reverse("certificates:zip"))
    with target.open("wb") as out:
        for chunk in response.streaming_content:
            out.write(chunk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert total > 20 * 1024 * 1024
    assert peak < total / 10  # measured: well under 1 MiB of Python allocations
    with zipfile.ZipFile(target) as archive:
        assert len(archive.namelist()) == 20
        assert archive.testzip() is None


def test_activities_keep_their_data_when_their_certificate_goes(alice, alice_client) -> None:
    certificate = store(alice, make_pdf([TEXT]))
    activity_backed_by(certificate, "Kept")
    alice_client.post(reverse("certificates:delete", args=[certificate.pk]))
    assert Activity.objects.get(owner=alice).title == "Kept"
