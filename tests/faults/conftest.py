"""Real processes for fault scenarios: our own redis-server and Celery worker on loopback.

Never the machine's shared Redis (6379) or PostgreSQL (5432) service: the broker here is a
redis-server this test starts on a free port and kills by PID. The worker is a real
`celery -A cmetrack worker --pool=prefork` subprocess reading the test database, so the tests
need PostgreSQL (SQLite's in-memory test database is invisible to another process).
"""

import datetime
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from activities.models import Activity, CreditType
from tests.factories import ActivityFactory
from tests.reporting.transcripts.conftest import (  # noqa: F401 - shared fixtures
    cme_record,
    load_rules,
    log_activity,
    texas_license,
    vocabulary,
)
from tests.services import free_port, service_missing
from tests.storage import local_media

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")


class RedisServer:
    """A throw-away redis-server (no persistence) on a free loopback port."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            service_missing("redis-server (apt-get install redis-server)")
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise TimeoutError("our redis-server did not start")

    def kill(self) -> None:
        """SIGKILL: whatever was queued in memory is gone (no persistence)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def queued(self, queue: str = "celery") -> int:
        return int(redis.Redis(port=self.port).llen(queue))


class Worker:
    """`celery -A cmetrack worker --pool=prefork --concurrency=1` against the test database."""

    def __init__(self, broker: str, media: Path, log: Path, concurrency: int = 1) -> None:
        self.concurrency = concurrency
        database = connection.settings_dict
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "REDIS_"))},
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
                f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
            ),
            "CELERY_BROKER_URL": broker,
            "REDIS_URL": "",
            "MEDIA_ROOT": str(media),
            "TRANSCRIPT_RETRY_BASE_SECONDS": "1",
            "LOG_LEVEL": "INFO",
        }
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [str(CELERY), "-A", "cmetrack", "worker", "--pool=prefork"]
        command += [f"--concurrency={self.concurrency}"]
        command += ["-Q", ",".join(settings.CELERY_QUEUE_NAMES)]  # every kind of work
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"]
        with self.log.open("ab") as handle:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=handle,
                stderr=subprocess.STDOUT,
            )

    def pool_children(self) -> list[int]:
        assert self.process is not None
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            for child in self.pool_children():
                os.kill(child, signal.SIGKILL)
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def postgresql_only(transactional_db) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL for a worker subprocess (set DATABASE_URL=postgres://...)")


@pytest.fixture
def media(settings, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    return local_media(settings, tmp_path)


def _reset_connections(app) -> None:  # type: ignore[no-untyped-def]
    """Drop the pooled broker connections so the next send uses the current broker_url.

    The pools belong to kombu, not to the app: one per broker URL in a process-wide registry
    that the app looks up again after we clear its own references. Closing a pool without
    taking it out of the registry (as `app._pool.force_close_all()` alone did) leaves a closed
    pool that every later send to that URL gets: "Acquire on closed pool" in whichever test
    next uses CI's broker. `kombu.pools.reset()` closes them and empties the registry.
    """
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(postgresql_only, monkeypatch) -> Iterator[RedisServer]:  # type: ignore[no-untyped-def]
    """Our redis-server, and this process's Celery app pointed at it."""
    from cmetrack.celery import app

    server = RedisServer()
    server.start()
    # Celery reads the environment variable before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=server.url)
    _reset_connections(app)
    yield server
    app.conf.update(saved)
    _reset_connections(app)
    server.kill()


@pytest.fixture
def worker(broker, media, tmp_path) -> Iterator[Worker]:  # type: ignore[no-untyped-def]
    process = Worker(broker.url, media, tmp_path / "worker.log")
    yield process
    process.stop()


def many_activities(owner, count: int) -> None:  # type: ignore[no-untyped-def]
    """A long record, so rendering takes long enough to be interrupted."""
    credit_type = CreditType.objects.get(slug="ama-pra-1")
    Activity.objects.bulk_create(
        ActivityFactory.build(
            owner=owner,
            title=f"Grand rounds session {number}: case review and discussion",
            provider="Accredited Provider",
            completed_on=datetime.date(2026, 3, 1),
            started_on=datetime.date(2026, 3, 1),
            credit_type=credit_type,
            credits=Decimal("0.25"),
        )
        for number in range(count)
    )


def wait_for(predicate, timeout: float, interval: float = 0.05):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not true within {timeout} s")
