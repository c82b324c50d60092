# ruff: noqa: F811 - pytest fixtures imported from other test packages are parameters here
"""What goes wrong inside is logged, not shown: the physician's PDF and the API's `error` field
carry plain words, never a storage path or an exception's text."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from certificates.models import Certificate
from reporting.models import License
from tests.api.conftest import bearer_client
from tests.reporting.conftest import load_rules, log_activity  # noqa: F401
from tests.reporting.transcripts.conftest import (  # noqa: F401
    cme_record,
    eager_celery,
    texas_license,
    vocabulary,
)

pytestmark = pytest.mark.django_db
INTERNALS = ("Errno", "Traceback", "Error", "media/", "certificates/", "year 0", "year -")


def _request(api, license: License, kind: str, capture, before_render=None) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """Ask for a transcript; the worker (eager here) renders it once the request commits."""
    with capture() as callbacks:
        response = api.post(
            "/api/v1/transcripts",
            {"license": license.pk, "kind": kind},
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    if before_render:
        before_render()
    for callback in callbacks:
        callback()
    return api.get(f"/api/v1/transcripts/{response.json()['id']}").json()


def test_a_missing_certificate_file_is_named_plainly_in_the_audit_packet(
    alice, cme_record, caplog, eager_celery, django_capture_on_commit_callbacks
) -> None:
    cardio = Certificate.objects.get(owner=alice, filename="cardio.pdf")
    lost = cardio.file.name
    default_storage.delete(lost)
    api = bearer_client(alice)
    license = License.objects.get(owner=alice)
    transcript = _request(api, license, "audit_packet", django_capture_on_commit_callbacks)
    assert transcript["status"] == "ready"
    pdf = b"".join(api.get(f"/api/v1/transcripts/{transcript['id']}/file").streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "the stored file is missing, damaged or encrypted" in " ".join(text.split())
    for internal in (*INTERNALS, lost):
        assert internal not in text, internal
    assert lost in caplog.text  # the details are in the log, for us


def test_a_failed_render_tells_the_api_plain_words_and_logs_the_details(
    alice, cme_record, caplog, eager_celery, django_capture_on_commit_callbacks
) -> None:
    license = License.objects.get(owner=alice)

    def corrupt() -> None:
        # Between the request and the render, the row turns into one no form accepts (first
        # licensed in year 1), written past validation: the rules engine raises on it.
        License.objects.filter(pk=license.pk).update(issued_on=datetime.date(1, 1, 1))

    transcript = _request(
        bearer_client(alice), license, "transcript", django_capture_on_commit_callbacks, corrupt
    )
    assert transcript["status"] == "failed"
    assert transcript["error"].startswith("The PDF could not be made because of an error on our")
    for internal in INTERNALS:
        assert internal not in transcript["error"], internal
    assert "year" in caplog.text  # the exception, in full, in the log
