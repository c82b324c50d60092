import pytest
from django.db import connection

from tests.services import REQUIRE_SERVICES

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_every_configured_part_answers(client, settings) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["storage"] == "ok"


def test_healthz_is_503_when_the_broker_is_down(client, settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["broker"].startswith("down")


def test_healthz_is_503_when_storage_is_unreachable(client, settings) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "nowhere",
                "endpoint_url": "http://127.0.0.1:1",
                "access_key": "x",
                "secret_key": "x",
                "region_name": "us-east-1",
            },
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"].startswith("down")


def test_healthz_sees_the_real_broker_and_s3(client, settings, s3_storage) -> None:
    if not settings.CELERY_BROKER_URL:
        from tests.services import service_missing

        service_missing("a Celery broker (set CELERY_BROKER_URL=redis://...)")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.json()["checks"] == {"database": "ok", "broker": "ok", "storage": "ok"}
    assert response.status_code == 200


@pytest.mark.skipif(not REQUIRE_SERVICES, reason="only CI promises PostgreSQL")
def test_ci_runs_on_postgresql(postgresql) -> None:
    assert connection.vendor == "postgresql"
