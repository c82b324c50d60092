"""Fixtures for transcripts: alice's Texas license and CME record, Celery eager or a real worker."""

import datetime
import os
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from activities.models import Activity, CreditType, Topic
from certificates.models import Certificate
from reporting.models import License, Transcript
from tests import factories
from tests.certificates.factories import make_pdf, make_png
from tests.factories import answers
from tests.reporting import conftest as reporting_fixtures
from tests.services import service_missing
from tests.storage import local_media

# The reporting tests' fixtures, shared rather than copied.
load_rules = reporting_fixtures.load_rules
log_activity = reporting_fixtures.log_activity

CREDIT_TYPES = [
    ("ama-pra-1", "AMA PRA Category 1", 0, Decimal("0.25")),
    ("ama-pra-2", "AMA PRA Category 2", 1, None),
]
TOPICS = [("medical-ethics", "Medical ethics"), ("human-trafficking", "Human trafficking")]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Files go to a fresh folder per test, never the developer's var/media."""
    local_media(settings, tmp_path)


@pytest.fixture
def vocabulary(db) -> None:  # type: ignore[no-untyped-def]
    # The data migration made these, but a transactional test before us may have flushed them.
    for slug, name, position, increment in CREDIT_TYPES:
        CreditType.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position, "increment": increment}
        )
    for slug, name in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})


@pytest.fixture
def texas_license(alice, load_rules, vocabulary) -> License:  # type: ignore[no-untyped-def]
    load_rules("TX")
    alice.profile.npi = "1234567893"
    alice.profile.degree = "MD"
    alice.profile.save()
    return factories.texas_license(alice, condition_answers=answers("direct_patient_care"))


def store_certificate(owner, data: bytes, content_type: str, name: str) -> Certificate:  # type: ignore[no-untyped-def]
    import hashlib

    return Certificate.objects.create(
        owner=owner,
        file=ContentFile(data, name=name),
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


@pytest.fixture
def cme_record(alice, texas_license, log_activity) -> list[Activity]:  # type: ignore[no-untyped-def]
    """Five activities in the current cycle (one PDF and one PNG certificate), one before it."""
    day = datetime.date
    activities = [
        log_activity(
            alice, credits="10.00", completed_on=day(2026, 2, 3), title="Cardiology update"
        ),
        log_activity(
            alice,
            credits="2.00",
            completed_on=day(2026, 3, 14),
            title="Ethics in practice",
            topics=("medical-ethics",),
        ),
        log_activity(alice, credits="12.50", completed_on=day(2026, 5, 9), title="Sepsis bundle"),
        log_activity(
            alice,
            credits="4.00",
            credit_type="ama-pra-2",
            completed_on=day(2026, 6, 1),
            title="Journal club",
        ),
        log_activity(
            alice, credits="1.00", completed_on=day(2025, 6, 1), title="Last cycle's course"
        ),
    ]
    pdf = store_certificate(
        alice, make_pdf(["Certificate: Cardiology update"]), "application/pdf", "cardio.pdf"
    )
    png = store_certificate(alice, make_png(400, 300), "image/png", "sepsis.png")
    Activity.objects.filter(pk=activities[0].pk).update(certificate=pdf)
    Activity.objects.filter(pk=activities[2].pk).update(certificate=png)
    return activities


# --- Celery -----------------------------------------------------------------------------------
@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Tasks run in-process, as in the embedded default (no broker)."""
    from cmetrack.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _routes_changed(app) -> None:  # type: ignore[no-untyped-def]
    """Celery caches its queues and router; rebuild them from the configuration now in force."""
    app.amqp.__dict__.pop("queues", None)
    app.amqp.__dict__.pop("router", None)
    app.amqp.flush_routes()


def _redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


@pytest.fixture
def celery_worker(settings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A real Celery worker (a thread in this process) consuming a private queue on Redis."""
    from celery.contrib.testing.worker import start_worker

    from cmetrack.celery import app

    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker or not _redis_reachable(broker):
        service_missing("Redis as the Celery broker (set CELERY_BROKER_URL=redis://...)")
    # A queue of our own: another test run on the same Redis cannot take our tasks, nor we theirs.
    queue = f"test-transcripts-{uuid.uuid4().hex[:8]}"
    saved = {
        key: app.conf[key]
        for key in (
            "task_always_eager",
            "task_default_queue",
            "broker_url",
            "worker_hijack_root_logger",
            "task_routes",
        )
    }
    app.conf.update(
        task_always_eager=False,
        task_default_queue=queue,
        broker_url=broker,
        worker_hijack_root_logger=False,
        # Every kind of work (pdf, ocr, judging, mail) to this one worker's queue.
        task_routes={"*": {"queue": queue}},
    )
    _routes_changed(app)
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
    ) as worker:
        yield worker
    app.conf.update(saved)
    _routes_changed(app)
    with app.connection_for_write() as connection:
        connection.default_channel.queue_delete(queue)


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.1):  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not true within {timeout} s")


def transcript_settled(pk) -> Transcript | None:  # type: ignore[no-untyped-def]
    transcript = Transcript.objects.get(pk=pk)
    return None if transcript.is_pending else transcript
