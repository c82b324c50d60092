"""Uploading through the page: what is stored, what is refused, and what the user sees."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from tests.certificates.conftest import stored_files
from tests.certificates.corpus import CORPUS, BadUpload
from tests.certificates.factories import make_jpeg, make_pdf, make_png
from tests.certificates.helpers import store, upload

pytestmark = pytest.mark.django_db

URL = reverse("certificates:upload")


def test_the_upload_page_has_a_labelled_file_input(alice_client) -> None:
    page = alice_client.get(URL).content.decode()
    assert '<label for="id_file">Certificate file' in page
    assert 'type="file" name="file"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "up to 10 MB" in page


def test_a_pdf_is_stored_under_a_random_key_with_its_facts(alice, alice_client, media) -> None:
    data = make_pdf(["Certificate of Completion", "Alice Ng, MD"])
    response = alice_client.post(URL, {"file": upload(data, "My CME.pdf")})

    certificate = Certificate.objects.get(owner=alice)
    assert response.status_code == 302
    assert certificate.filename == "My CME.pdf"
    assert (certificate.content_type, certificate.size, certificate.pages) == (
        "application/pdf",
        len(data),
        1,
    )
    assert len(certificate.sha256) == 64
    assert "Alice Ng, MD" in certificate.text
    key = certificate.file.name
    assert key.startswith("certificates/")
    assert key.endswith(".pdf")
    assert "CME" not in key
    assert stored_files(media) == [key]
    assert (media / key).read_bytes() == data


def test_after_an_upload_the_add_activity_form_is_next(alice_client) -> None:
    response = alice_client.post(URL, {"file": upload(make_pdf())})
    certificate = Certificate.objects.get()
    assert response["Location"] == reverse("activities:create") + f"?certificate={certificate.pk}"


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [(make_png(), "scan.png", "image/png"), (make_jpeg(), "photo.jpg", "image/jpeg")],
)
def test_images_are_accepted(
    alice, alice_client, data: bytes, name: str, content_type: str
) -> None:
    assert alice_client.post(URL, {"file": upload(data, name)}).status_code == 302
    assert Certificate.objects.get(owner=alice).content_type == content_type


def test_the_same_file_twice_is_recognised_and_not_stored_again(alice_client, media) -> None:
    data = make_pdf(["Certificate of Completion", "Once only"])
    alice_client.post(URL, {"file": upload(data, "first.pdf")})
    first = Certificate.objects.get()

    response = alice_client.post(URL, {"file": upload(data, "renamed copy.pdf")})

    assert response.status_code == 200
    page = response.content.decode()
    assert "You already uploaded this file" in page
    assert reverse("certificates:detail", args=[first.pk]) in page
    assert Certificate.objects.count() == 1
    assert stored_files(media) == [first.file.name]


def test_two_people_uploading_the_same_file_get_two_certificates(
    alice_client, bob_client, media
) -> None:
    data = make_pdf(["Same course, two doctors"])
    alice_client.post(URL, {"file": upload(data, "same.pdf")})
    bob_client.post(URL, {"file": upload(data, "same.pdf")})
    keys = [certificate.file.name for certificate in Certificate.objects.all()]
    assert len(set(keys)) == 2
    assert stored_files(media) == sorted(keys)


@pytest.mark.parametrize("bad", CORPUS, ids=[bad.id for bad in CORPUS])
def test_a_bad_upload_shows_its_message_and_stores_nothing(
    alice_client, media, bad: BadUpload
) -> None:
    response = alice_client.post(URL, {"file": upload(bad.data, bad.name)})

    assert response.status_code == bad.status
    assert bad.message.replace("'", "&#x27;") in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert Certificate.objects.count() == 0
    assert stored_files(media) == []


def test_a_file_over_the_limit_is_refused_with_413(alice_client, media, settings) -> None:
    settings.CERTIFICATE_MAX_BYTES = 1024 * 1024
    data = make_pdf() + b"%" * (1024 * 1024)
    response = alice_client.post(URL, {"file": upload(data)})
    assert response.status_code == 413
    assert "This file is larger than the 1 MB limit." in response.content.decode()
    assert Certificate.objects.count() == 0
    assert stored_files(media) == []


def test_a_file_of_twice_the_real_limit_is_refused(alice_client, media) -> None:
    data = b"%PDF-1.7\n" + bytes(20 * 1024 * 1024)
    response = alice_client.post(URL, {"file": upload(data)})
    assert response.status_code == 413
    assert "This file is larger than the 10 MB limit." in response.content.decode()
    assert stored_files(media) == []


def test_posting_without_a_file_asks_for_one(alice_client) -> None:
    response = alice_client.post(URL, {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize(
    ("sent", "shown", "header"),
    [
        ("../../x.pdf", "x.pdf", "attachment; filename=\"x.pdf\"; filename*=UTF-8''x.pdf"),
        (
            '";filename=x.html',
            "__filename=x.html.pdf",
            'attachment; filename="__filename_x.html.pdf"; '
            "filename*=UTF-8''__filename%3Dx.html.pdf",
        ),
        ("CON.pdf", "_CON.pdf", "attachment; filename=\"_CON.pdf\"; filename*=UTF-8''_CON.pdf"),
        (
            "Zertifikat \u00dcbung.pdf",
            "Zertifikat \u00dcbung.pdf",
            'attachment; filename="Zertifikat _bung.pdf"; '
            "filename*=UTF-8''Zertifikat%20%C3%9Cbung.pdf",
        ),
        (
            "cert\u202efdp.exe",
            "certfdp.exe.pdf",
            "attachment; filename=\"certfdp.exe.pdf\"; filename*=UTF-8''certfdp.exe.pdf",
        ),
    ],
)
def test_nasty_names_are_stored_under_a_generated_key_and_sent_safely(
    alice, alice_client, media, sent: str, shown: str, header: str
) -> None:
    # Through the service: the test client's own multipart encoding mangles some of these names.
    store(alice, make_pdf(["Certificate of Completion", sent]), sent)
    certificate = Certificate.objects.get()
    assert certificate.filename == shown
    assert stored_files(media) == [certificate.file.name]
    assert certificate.file.name.startswith("certificates/")
    response = alice_client.get(reverse("certificates:download", args=[certificate.public_id]))
    b"".join(response.streaming_content)  # consumed, as a WSGI server would
    assert response["Content-Disposition"] == header


def test_a_1000_character_name_is_shortened(alice_client) -> None:
    response = alice_client.post(URL, {"file": upload(make_pdf(), "n" * 996 + ".pdf")})
    assert response.status_code == 302
    assert Certificate.objects.get().filename == "n" * 146 + ".pdf"


@pytest.mark.parametrize("name", ["x\x00.pdf", "x\r\nX-Injected: 1.pdf"])
def test_control_characters_in_a_sent_name_never_reach_storage_or_headers(
    alice_client, media, name: str
) -> None:
    # Django's multipart parser already drops non-printable characters; whatever arrives,
    # the stored key is ours and the header has no line break.
    data = make_pdf(["Certificate of Completion", repr(name)])
    response = alice_client.post(URL, {"file": upload(data, name)})
    assert response.status_code in (302, 400)
    for certificate in Certificate.objects.all():
        download = alice_client.get(reverse("certificates:download", args=[certificate.public_id]))
        b"".join(download.streaming_content)
        assert "\r" not in download["Content-Disposition"]
        assert "\n" not in download["Content-Disposition"]
        assert "\x00" not in certificate.filename
    assert all(path.startswith("certificates/") for path in stored_files(media))


def test_uploading_needs_a_sign_in(client, media) -> None:
    response = client.post(URL, {"file": upload(make_pdf())})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert stored_files(media) == []
