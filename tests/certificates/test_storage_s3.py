"""The same flows on S3: a real moto server over HTTP, reached through django-storages."""

import datetime
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message

import pytest
from django.urls import reverse

from certificates.models import Certificate
from cmetrack.lib.downloads import PRESIGNED_SECONDS
from tests.certificates.corpus import flate_bomb_pdf, png_bomb
from tests.certificates.factories import make_pdf
from tests.certificates.helpers import upload

pytestmark = pytest.mark.django_db

TEXT = ["Certificate of Completion", "Stored in a private bucket"]


def _keys(s3_storage) -> list[str]:  # type: ignore[no-untyped-def]
    client, bucket = s3_storage
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def _fetch(url: str) -> tuple[int, bytes, Message]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - moto on loopback
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def test_an_upload_is_stored_in_the_bucket_under_its_random_key(s3_storage, alice_client) -> None:
    data = make_pdf(TEXT)
    response = alice_client.post(reverse("certificates:upload"), {"file": upload(data, "mine.pdf")})
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert _keys(s3_storage) == [certificate.file.name]
    client, bucket = s3_storage
    assert client.get_object(Bucket=bucket, Key=certificate.file.name)["Body"].read() == data


def test_the_download_is_a_redirect_to_a_presigned_url_that_works(s3_storage, alice_client) -> None:
    data = make_pdf(TEXT)
    alice_client.post(reverse("certificates:upload"), {"file": upload(data, "my cert.pdf")})
    certificate = Certificate.objects.get()

    response = alice_client.get(reverse("certificates:download", args=[certificate.public_id]))

    assert response.status_code == 302
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(response["Location"]).query)
    assert int(query["X-Amz-Expires"][0]) == PRESIGNED_SECONDS <= 300
    status, body, headers = _fetch(response["Location"])
    assert status == 200
    assert body == data
    assert headers["Content-Disposition"].startswith('attachment; filename="my cert.pdf"')
    assert headers["Content-Type"] == "application/pdf"


def test_the_presigned_url_is_signed_now_and_expires_within_five_minutes(
    s3_storage, alice_client
) -> None:
    # moto 5 serves presigned URLs without checking their age, so what S3 (or MinIO) enforces
    # is checked here as signed: the signing time and the lifetime in the URL itself.
    alice_client.post(reverse("certificates:upload"), {"file": upload(make_pdf(TEXT))})
    certificate = Certificate.objects.get()
    before = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
    response = alice_client.get(reverse("certificates:download", args=[certificate.public_id]))
    after = datetime.datetime.now(tz=datetime.UTC)

    query = urllib.parse.parse_qs(urllib.parse.urlsplit(response["Location"]).query)
    signed = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.UTC
    )
    assert before <= signed <= after
    assert int(query["X-Amz-Expires"][0]) <= 300
    assert "X-Amz-Signature" in query
    assert "X-Amz-Security-Token" not in query


def test_the_api_file_endpoint_redirects_too(s3_storage, alice, client) -> None:
    from accounts.services import api_token_create

    _, raw = api_token_create(user=alice, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    created = client.post("/api/v1/certificates", {"file": upload(make_pdf(TEXT))}, **auth).json()
    response = client.get(f"/api/v1/certificates/{created['id']}/file", **auth)
    assert response.status_code == 302
    assert _fetch(response["Location"])[0] == 200


def test_the_bucket_object_is_private(s3_storage, alice_client, moto_endpoint) -> None:
    alice_client.post(reverse("certificates:upload"), {"file": upload(make_pdf(TEXT))})
    key = Certificate.objects.get().file.name
    client, bucket = s3_storage
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers/AuthenticatedUsers


def test_deleting_removes_the_object_after_commit(
    s3_storage, alice_client, django_capture_on_commit_callbacks
) -> None:
    alice_client.post(reverse("certificates:upload"), {"file": upload(make_pdf(TEXT))})
    certificate = Certificate.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("certificates:delete", args=[certificate.pk]))
    assert not Certificate.objects.exists()
    assert _keys(s3_storage) == []


@pytest.mark.parametrize("build", [flate_bomb_pdf, png_bomb, lambda: b"<html>x</html>"])
def test_a_refused_upload_leaves_the_bucket_empty(s3_storage, alice_client, build) -> None:  # type: ignore[no-untyped-def]
    response = alice_client.post(reverse("certificates:upload"), {"file": upload(build())})
    assert response.status_code in (400, 415)
    assert not Certificate.objects.exists()
    assert _keys(s3_storage) == []


def test_a_failed_database_write_removes_the_stored_object(s3_storage, bob) -> None:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from certificates.services import certificate_store

    # A real failure after the file is written: the owner's row vanished meanwhile.
    get_user_model().objects.filter(pk=bob.pk).delete()
    with pytest.raises(ValidationError):
        certificate_store(owner=bob, upload=upload(make_pdf(TEXT)))
    assert not Certificate.objects.exists()
    assert _keys(s3_storage) == []


def test_the_zip_reads_from_the_bucket(s3_storage, alice_client) -> None:
    import io
    import zipfile

    data = make_pdf(TEXT)
    alice_client.post(reverse("certificates:upload"), {"file": upload(data, "s3.pdf")})
    response = alice_client.get(reverse("certificates:zip"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.read("s3.pdf") == data
