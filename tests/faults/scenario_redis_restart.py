"""Slow, `make faults` only: Redis dies with 100 transcript jobs queued, comes back
empty, and the periodic sweep re-sends them from the database: 100/100 done, none twice.

Not collected by `make test` (the file name does not match test_*.py); `make faults` names it.
"""

import datetime
import time

import pytest

from reporting import transcripts
from reporting.models import Transcript
from tests.faults.conftest import wait_for
from tests.security.test_access_matrix import record_figures

pytestmark = [pytest.mark.faults, pytest.mark.services]
JOBS = 100


@pytest.mark.timeout(1800)
def test_redis_shutdown_with_100_jobs_queued_then_restarted(
    alice, cme_record, broker, worker, media, settings
):
    # The broker's loss is what is tested, not the per-person queue limit: one person's 100.
    settings.TRANSCRIPT_MAX_PENDING_PER_USER = JOBS
    license = alice.licenses.get()
    requested = [
        transcripts.transcript_request(owner=alice, license_id=license.pk) for _ in range(JOBS)
    ]
    assert broker.queued("pdf") == JOBS
    broker.kill()  # SIGKILL, no persistence: like SHUTDOWN NOSAVE, every queued job is gone
    broker.start()
    assert broker.queued("pdf") == 0
    worker.concurrency = 2
    worker.start()
    restarted = time.monotonic()
    assert transcripts.transcripts_requeue_stale(older_than=datetime.timedelta()) == JOBS

    wait_for(
        lambda: (
            not Transcript.objects.filter(
                status__in=[Transcript.Status.QUEUED, Transcript.Status.RENDERING]
            ).exists()
        ),
        timeout=1500,
        interval=1,
    )
    recovery = time.monotonic() - restarted
    done = Transcript.objects.filter(pk__in=[t.pk for t in requested])
    ready = done.filter(status=Transcript.Status.READY).count()
    duplicated = done.filter(attempts__gt=1).count()
    files = len(list((media / "transcripts").rglob("*.pdf")))
    record_figures(
        "fault-redis-restart-100",
        {
            "submitted": JOBS,
            "finished": ready,
            "duplicated": duplicated,
            "lost": JOBS - ready,
            "artifacts": files,
            "recovery_seconds": round(recovery),
        },
    )
    assert ready == JOBS
    assert duplicated == 0
    assert files == JOBS
