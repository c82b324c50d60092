"""A worker killed mid-render, Redis down at request time.

These are the fast fault scenarios (about half a minute together) and run in CI; the slow ones
(Redis restart with 100 jobs, PostgreSQL restart under load) are in `make faults`.
"""

import datetime
import os
import signal
import time

import pytest
from django.urls import reverse

from reporting import transcripts
from reporting.models import Transcript
from reporting.transcripts.forms import cycle_value
from tests.faults.conftest import many_activities, wait_for
from tests.security.test_access_matrix import record_figures

pytestmark = [pytest.mark.faults, pytest.mark.services]


def stored_pdfs(media) -> list:  # type: ignore[no-untyped-def]
    return sorted((media / "transcripts").rglob("*.pdf"))


def test_a_worker_killed_mid_transcript_finishes_it_exactly_once(alice, cme_record, worker, media):
    many_activities(alice, 120)
    requested = transcripts.transcript_request(owner=alice, license_id=alice.licenses.get().pk)
    worker.start()

    wait_for(
        lambda: Transcript.objects.filter(
            pk=requested.pk, status=Transcript.Status.RENDERING
        ).exists(),
        timeout=60,
        interval=0.01,
    )
    children = worker.pool_children()
    assert len(children) == 1
    killed_at = time.monotonic()
    os.kill(children[0], signal.SIGKILL)

    done = wait_for(
        lambda: (
            Transcript.objects.filter(pk=requested.pk)
            .exclude(status__in=[Transcript.Status.QUEUED, Transcript.Status.RENDERING])
            .first()
        ),
        timeout=90,
    )
    recovery = time.monotonic() - killed_at
    assert done.status == Transcript.Status.READY, done.error
    assert done.attempts == 2  # the killed render and the redelivered one
    files = stored_pdfs(media)
    assert [path.name for path in files] == [os.path.basename(done.file.name)]
    assert worker.process.poll() is None  # the worker replaced its pool child
    record_figures(
        "fault-worker-sigkill",
        {
            "submitted": 1,
            "finished": 1,
            "duplicated": 0,
            "lost": 0,
            "attempts": done.attempts,
            "artifacts": len(files),
            "recovery_seconds": round(recovery, 1),
        },
    )


def test_redis_down_when_a_transcript_is_requested_queues_it_and_it_runs_later(
    alice, alice_client, cme_record, broker, worker, media
):
    broker.kill()
    license = alice.licenses.get()
    cycle = transcripts.license_cycles(license)[0]
    started = time.monotonic()
    response = alice_client.post(
        reverse("reporting:transcript_request"),
        {
            "cycle": cycle_value(license, cycle),
            "kind": "transcript",
            "full_name": alice.profile.full_name,
            "degree": alice.profile.degree,
            "npi": alice.profile.npi,
            "license_number": license.number,
        },
        follow=True,
    )
    took = time.monotonic() - started
    assert response.status_code == 200
    assert "Your PDF is queued" in response.content.decode()
    assert took < 10
    transcript = Transcript.objects.get(owner=alice)
    assert transcript.status == Transcript.Status.QUEUED

    # Redis comes back (empty: the message never got there), the worker starts, and the
    # periodic sweep sends the row again; the database row is the source of truth.
    broker.start()
    worker.start()
    assert transcripts.transcripts_requeue_stale(older_than=datetime.timedelta()) == 1
    done = wait_for(
        lambda: Transcript.objects.filter(pk=transcript.pk, status=Transcript.Status.READY).first(),
        timeout=90,
    )
    assert done.attempts == 1
    assert len(stored_pdfs(media)) == 1
    record_figures(
        "fault-redis-down-at-request",
        {"submitted": 1, "finished": 1, "duplicated": 0, "lost": 0, "request_seconds": took},
    )
