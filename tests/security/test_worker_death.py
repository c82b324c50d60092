"""A whole Celery worker dies mid-render (an OOM kill of the host's worker, not one pool child):
the transcript is made by the next worker within minutes, once, and the page says what happened.

Real processes: our own redis-server, a real prefork worker killed with SIGKILL (parent and
children), a second worker started afterwards; PostgreSQL so the workers see the test database.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import transcripts
from reporting.models import Transcript
from reporting.transcripts.services import RENDERING_STALE_AFTER
from tests.faults import conftest as faults
from tests.faults.conftest import many_activities, wait_for
from tests.reporting.transcripts import conftest as transcript_fixtures

pytestmark = [pytest.mark.faults, pytest.mark.services]
# The fault scenarios' own redis-server, worker and media folder, and the transcript record.
postgresql_only = faults.postgresql_only
broker = faults.broker
worker = faults.worker
media = faults.media
cme_record = transcript_fixtures.cme_record


def test_a_transcript_whose_whole_worker_died_is_made_by_the_next_one_within_minutes(
    alice, alice_client, worker, media, cme_record, time_machine
) -> None:  # type: ignore[no-untyped-def]
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

    worker.stop()  # SIGKILL to the pool children and the worker itself: nothing acknowledges

    dead = Transcript.objects.get(pk=requested.pk)
    assert dead.status == Transcript.Status.RENDERING
    # Not yet: a render younger than the hard time limit may still be running somewhere.
    assert transcripts.transcripts_requeue_stale() == 0
    # The beat sweep, run a little after the deadline (it runs every minute).
    time_machine.move_to(timezone.now() + RENDERING_STALE_AFTER + datetime.timedelta(seconds=5))
    assert transcripts.transcripts_requeue_stale() == 1
    waiting = Transcript.objects.get(pk=requested.pk)
    assert waiting.status == Transcript.Status.QUEUED
    page = alice_client.get(reverse("reporting:transcript_status", args=[waiting.pk]))
    assert "The worker making this PDF stopped; it was queued again at" in page.content.decode()

    worker.start()  # the host brought a worker back
    done = wait_for(
        lambda: (
            Transcript.objects.filter(pk=requested.pk)
            .exclude(status__in=[Transcript.Status.QUEUED, Transcript.Status.RENDERING])
            .first()
        ),
        timeout=90,
    )

    assert done.status == Transcript.Status.READY, done.error
    assert done.attempts == 2
    assert done.error == ""
    files = sorted((media / "transcripts").rglob("*.pdf"))
    assert [path.name for path in files] == [os.path.basename(done.file.name)]


def test_every_pool_process_of_a_real_worker_has_an_address_space_ceiling(worker, settings) -> None:  # type: ignore[no-untyped-def]
    worker.env["WORKER_PROCESS_MEMORY_MB"] = "1536"
    worker.start()

    def ceilings() -> list[list[str]]:
        found = []
        for child in worker.pool_children():
            try:
                limits = Path(f"/proc/{child}/limits").read_text()
            except FileNotFoundError:
                continue  # a process that was starting and is gone
            line = next(row for row in limits.splitlines() if row.startswith("Max address space"))
            found.append(line.split()[3:5])
        return found

    # The ceiling is set as each pool process starts, once it has loaded the app.
    seen = wait_for(lambda: [c for c in ceilings() if c != ["unlimited"] * 2], timeout=60)
    assert seen == [[str(1536 * 1024 * 1024)] * 2]
