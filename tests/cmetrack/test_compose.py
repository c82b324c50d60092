"""docker-compose.yml cannot run here (no Docker engine), so check its wiring as data."""

from pathlib import Path

import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _environment(name: str) -> dict[str, str]:
    return SERVICES[name]["environment"]


def test_every_part_of_the_stack_is_a_service_with_a_healthcheck() -> None:
    for name in ("web", "worker", "beat", "postgres", "redis", "minio"):
        assert name in SERVICES, name
        assert "healthcheck" in SERVICES[name], f"{name} has no healthcheck"


def test_the_app_services_are_wired_to_postgres_redis_and_minio() -> None:
    for name in ("web", "worker", "beat"):
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
    assert "worker" in " ".join(SERVICES["worker"]["command"])
    assert "beat" in " ".join(SERVICES["beat"]["command"])


def test_web_serves_with_gunicorn_and_probes_healthz() -> None:
    assert "gunicorn" in " ".join(SERVICES["web"]["command"])
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
