"""The task path on a real Celery worker consuming Redis.

CI sets CELERY_BROKER_URL; without a reachable broker these tests fail in CI and skip locally.
"""

import time
from pathlib import Path

import pytest
import redis
from celery.worker import state
from django.conf import settings
from django.db import transaction

from cmetrack.celery import app
from reporting import transcripts
from reporting.models import Transcript
from reporting.transcripts.services import transcript_render_task
from tests.reporting.transcripts.conftest import transcript_settled, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _files(transcript: Transcript) -> list[Path]:
    folder = Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / "transcripts"
    return sorted((folder / str(transcript.pk)).glob("*.pdf"))


def _queue_length() -> int:
    client = redis.Redis.from_url(app.conf.broker_url)
    return int(client.llen(app.conf.task_default_queue))


def _drained() -> bool:
    return _queue_length() == 0 and not state.active_requests and not state.reserved_requests


def test_a_requested_transcript_is_rendered_by_the_worker(alice, cme_record, celery_worker) -> None:
    license = alice.licenses.get()
    requested = transcripts.transcript_request(owner=alice, license_id=license.pk)
    assert requested.status == Transcript.Status.QUEUED
    transcript = wait_for(lambda: transcript_settled(requested.pk))
    assert transcript.status == Transcript.Status.READY, transcript.error
    assert transcript.attempts == 1
    assert len(_files(transcript)) == 1
    with transcript.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_job_delivered_three_times_makes_one_pdf(alice, cme_record, celery_worker) -> None:
    license = alice.licenses.get()
    requested = transcripts.transcript_request(owner=alice, license_id=license.pk)
    transcript_render_task.delay(str(requested.pk))
    transcript_render_task.delay(str(requested.pk))
    wait_for(lambda: transcript_settled(requested.pk))
    wait_for(_drained)
    transcript = Transcript.objects.get(pk=requested.pk)
    assert transcript.status == Transcript.Status.READY
    assert transcript.attempts == 1
    assert len(_files(transcript)) == 1
    first = transcript.sha256
    transcript_render_task.delay(str(requested.pk))  # a ready transcript is never redone
    wait_for(_drained)
    time.sleep(0.3)
    assert Transcript.objects.get(pk=requested.pk).sha256 == first


def test_an_exception_after_the_request_rolls_back_and_the_task_never_runs(
    alice, cme_record, celery_worker
) -> None:
    license = alice.licenses.get()

    def request_then_fail() -> None:
        with transaction.atomic():
            transcripts.transcript_request(owner=alice, license_id=license.pk)
            raise RuntimeError("the view failed after the request")

    with pytest.raises(RuntimeError):
        request_then_fail()
    time.sleep(0.5)
    assert not Transcript.objects.exists()
    assert _queue_length() == 0


def test_a_storage_outage_is_retried_five_times_with_backoff_then_fails(
    alice, cme_record, celery_worker, settings, tmp_path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocker / "media"},
        },
    }
    license = alice.licenses.get()
    started = time.monotonic()
    requested = transcripts.transcript_request(owner=alice, license_id=license.pk)
    transcript = wait_for(lambda: transcript_settled(requested.pk), timeout=45)
    assert transcript.status == Transcript.Status.FAILED
    assert transcript.attempts == 6  # the first try and five retries
    assert "temporary problem" in transcript.error
    # Back-off (tests/settings.py: 1 s doubling, capped at 2 s, no jitter): 1 + 2 + 2 + 2 + 2 s.
    assert time.monotonic() - started >= 9
    wait_for(_drained)
