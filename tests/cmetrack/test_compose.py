"""docker-compose.yml cannot run here (no Docker engine), so check its wiring as data."""

import re
from pathlib import Path

import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _environment(name: str) -> dict[str, str]:
    return SERVICES[name]["environment"]


def test_every_part_of_the_stack_is_a_service_with_a_healthcheck() -> None:
    for name in ("web", "worker", "worker-judging", "beat", "postgres", "redis", "minio"):
        assert name in SERVICES, name
        assert "healthcheck" in SERVICES[name], f"{name} has no healthcheck"


def test_the_app_services_are_wired_to_postgres_redis_and_minio() -> None:
    for name in (
        "web",
        "worker",
        "worker-pdf",
        "worker-ocr",
        "worker-judging",
        "worker-mail",
        "beat",
    ):
        env = _environment(name)
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert "@postgres:5432/" in env["DATABASE_URL"], name
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379"), name
        assert env["AWS_STORAGE_BUCKET_NAME"], name
        assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000", name
        assert env["DEBUG"] == "0", name
        depends = SERVICES[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name


def test_the_bucket_is_created_before_the_app_starts() -> None:
    assert "createbucket" in SERVICES
    assert (
        SERVICES["web"]["depends_on"]["createbucket"]["condition"]
        == "service_completed_successfully"
    )


def test_worker_and_beat_run_celery() -> None:
    for name in ("worker", "worker-pdf", "worker-ocr", "worker-judging", "worker-mail"):
        assert "worker" in " ".join(SERVICES[name]["command"]), name
    assert "beat" in " ".join(SERVICES["beat"]["command"])


def test_web_serves_with_gunicorn_and_probes_healthz() -> None:
    assert "gunicorn" in " ".join(SERVICES["web"]["command"])
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])


def _worker_queues() -> dict[str, tuple[str, str]]:
    """Each worker service's `-Q` queue and its `--concurrency=` value, by service name."""
    found = {}
    for name, service in SERVICES.items():
        command = service.get("command", [])
        if not isinstance(command, list) or "worker" not in command:
            continue
        queue = command[command.index("-Q") + 1]
        concurrency = next(a for a in command if a.startswith("--concurrency="))
        found[name] = (queue, concurrency.removeprefix("--concurrency="))
    return found


def test_every_queue_has_its_own_worker_service_with_its_own_concurrency() -> None:
    from django.conf import settings

    workers = _worker_queues()
    served = sorted(queue for queue, _ in workers.values())
    # One service per queue, none left without a consumer, none consuming two kinds of work.
    assert served == sorted(settings.CELERY_QUEUE_NAMES)
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed <= set(served)
    for name, (_queue, concurrency) in workers.items():
        # A deployment raises it from the environment, without code changes.
        assert re.fullmatch(r"\$\{[A-Z_]+_CONCURRENCY:-\d+\}", concurrency), name
        assert "@$$HOSTNAME" in " ".join(SERVICES[name]["healthcheck"]["test"]), name
        assert SERVICES[name]["environment"]["CELERY_BROKER_URL"].startswith("redis://"), name


def test_tasks_go_to_the_queue_of_their_kind_of_work() -> None:
    from cmetrack.celery import app

    router = app.amqp.router
    expected = {
        "reporting.tasks.transcript_render_task": "pdf",
        "reporting.tasks.licenses_reevaluate_task": "judging",
        "reporting.tasks.pages_warm_task": "judging",
        "reporting.tasks.pages_warm_today_task": "judging",
        "reporting.tasks.license_reminders_send_task": "mail",
        "certificates.services.certificate_read_task": "ocr",
        "certificates.services.certificates_read_stale_task": "ocr",
        "certificates.tasks.certificate_orphans_purge_task": "celery",
    }
    for task, queue in expected.items():
        assert router.route({}, task)["queue"].name == queue, task
