"""One person cannot fill the shared workers, and a document whose worker died is not left
"rendering" for a quarter of an hour.

Real requests to the transcript page and the API, real rows; the worker-death sweep runs on rows
in the states a dead worker leaves behind (tests/faults kills a whole real worker for it).
"""

import datetime
from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import transcripts
from reporting.models import Transcript
from reporting.transcripts.forms import cycle_value
from reporting.transcripts.services import MAX_STALLS, RENDERING_STALE_AFTER
from tests.api.conftest import bearer_client
from tests.services import free_port

FULL = "You already have 3 documents being made; wait for one to finish."


def ask(client, license) -> object:  # type: ignore[no-untyped-def]
    cycle = transcripts.license_cycles(license)[0]
    return client.post(
        reverse("reporting:transcript_request"),
        {
            "cycle": cycle_value(license, cycle),
            "kind": "audit_packet",
            "full_name": license.owner.profile.full_name,
            "degree": license.owner.profile.degree,
            "npi": license.owner.profile.npi,
            "license_number": license.number,
        },
    )


def test_a_fourth_document_while_three_are_queued_is_refused_on_the_page(
    alice, alice_client, texas_license
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        assert ask(alice_client, texas_license).status_code == 302

    refused = ask(alice_client, texas_license)

    assert refused.status_code == 400
    assert FULL in refused.content.decode()
    assert Transcript.objects.filter(owner=alice).count() == 3


def test_a_fourth_document_is_refused_by_the_api_too(alice, texas_license) -> None:  # type: ignore[no-untyped-def]
    api = bearer_client(alice)
    body = {"license": texas_license.pk, "kind": "audit_packet"}
    for _ in range(3):
        assert (
            api.post("/api/v1/transcripts", body, content_type="application/json").status_code
            == 202
        )

    refused = api.post("/api/v1/transcripts", body, content_type="application/json")

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"__all__": [FULL]}
    assert Transcript.objects.filter(owner=alice).count() == 3


def test_one_persons_full_queue_does_not_stop_anyone_else(
    alice, bob, alice_client, texas_license
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        ask(alice_client, texas_license)
    bobs = texas_license.__class__.objects.create(
        owner=bob,
        board=texas_license.board,
        number="B-1",
        issued_on=texas_license.issued_on,
        expires_on=texas_license.expires_on,
        condition_answers=texas_license.condition_answers,
    )

    transcript = transcripts.transcript_request(owner=bob, license_id=bobs.pk)

    assert transcript.status == Transcript.Status.QUEUED


def test_when_one_finishes_there_is_room_again(alice, alice_client, texas_license) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        ask(alice_client, texas_license)
    first = Transcript.objects.filter(owner=alice).first()
    Transcript.objects.filter(pk=first.pk).update(status=Transcript.Status.READY)

    assert ask(alice_client, texas_license).status_code == 302
    assert Transcript.objects.filter(owner=alice).count() == 4


def test_retrying_a_failed_one_counts_against_the_limit(alice, alice_client, texas_license) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        ask(alice_client, texas_license)
    failed = Transcript.objects.filter(owner=alice).first()
    Transcript.objects.filter(pk=failed.pk).update(status=Transcript.Status.FAILED)
    ask(alice_client, texas_license)  # the third pending one again

    response = alice_client.post(
        reverse("reporting:transcript_retry", args=[failed.pk]), follow=True
    )

    assert FULL in response.content.decode()
    assert Transcript.objects.get(pk=failed.pk).status == Transcript.Status.FAILED


# --- A whole worker died: the sweep puts its documents back, and says so ---------------------
def abandoned(alice, license, *, minutes_ago: float, attempts: int = 1) -> Transcript:  # type: ignore[no-untyped-def]
    transcript = transcripts.transcript_request(owner=alice, license_id=license.pk)
    started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Transcript.objects.filter(pk=transcript.pk).update(
        status=Transcript.Status.RENDERING, started_at=started, attempts=attempts
    )
    return transcript


@pytest.fixture
def no_worker() -> Iterator[None]:
    """This process's Celery app sends to a broker where nothing listens (no worker anywhere)."""
    from kombu import pools

    from cmetrack.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=f"redis://127.0.0.1:{free_port()}/0")
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.update(saved)
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.usefixtures("no_worker")
def test_a_render_abandoned_for_five_minutes_is_queued_again_and_the_page_says_so(
    alice, alice_client, texas_license
) -> None:  # type: ignore[no-untyped-def]
    assert datetime.timedelta(minutes=5) >= RENDERING_STALE_AFTER
    stuck = abandoned(alice, texas_license, minutes_ago=5)
    fresh = abandoned(alice, texas_license, minutes_ago=2)  # may still be rendering

    transcripts.transcripts_requeue_stale()

    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == Transcript.Status.QUEUED
    assert "The worker making this PDF stopped; it was queued again at" in stuck.error
    assert fresh.status == Transcript.Status.RENDERING
    page = alice_client.get(reverse("reporting:transcript_status", args=[stuck.pk]))
    assert "The worker making this PDF stopped" in page.content.decode()


@pytest.mark.usefixtures("eager_celery")
def test_the_sweep_gets_an_abandoned_render_made(alice, texas_license) -> None:  # type: ignore[no-untyped-def]
    # With the in-process worker of the embedded default, sending it again renders it.
    stuck = abandoned(alice, texas_license, minutes_ago=5)

    assert transcripts.transcripts_requeue_stale() == 1

    stuck.refresh_from_db()
    assert stuck.status == Transcript.Status.READY
    assert stuck.attempts == 2
    assert stuck.error == ""


def test_a_render_that_killed_its_worker_again_and_again_is_failed_with_a_reason(
    alice, alice_client, texas_license
) -> None:  # type: ignore[no-untyped-def]
    poison = abandoned(alice, texas_license, minutes_ago=5, attempts=MAX_STALLS)

    transcripts.transcripts_requeue_stale()

    poison.refresh_from_db()
    assert poison.status == Transcript.Status.FAILED
    assert f"stopped {MAX_STALLS} times" in poison.error
    page = alice_client.get(reverse("reporting:transcript_status", args=[poison.pk]))
    assert "Retry" in page.content.decode()


def test_the_broker_hands_back_a_dead_workers_task_within_five_minutes(settings) -> None:  # type: ignore[no-untyped-def]
    from cmetrack.celery import app

    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout <= 300
    # ...but never while the task may still be running or waiting to retry.
    from reporting.transcripts.services import TRANSCRIPT_TIME_LIMIT, retry_delay

    assert timeout > TRANSCRIPT_TIME_LIMIT
    assert max(retry_delay(20) for _ in range(50)) < timeout
    assert app.conf.beat_schedule["transcripts-requeue-stale"]["schedule"] <= 60
