"""GET /healthz: is every configured part of the stack answering?"""

from collections.abc import Callable

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker() -> None:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1)


def _storage() -> None:
    default_storage.exists("healthz-probe")


def checks() -> dict[str, Callable[[], None] | None]:
    """The parts to probe; None means not configured (no broker in the embedded default)."""
    return {
        "database": _database,
        "broker": None if settings.CELERY_TASK_ALWAYS_EAGER else _broker,
        "storage": _storage,
    }


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report: dict[str, str] = {}
    healthy = True
    for name, probe in checks().items():
        if probe is None:
            report[name] = "not configured"
            continue
        try:
            probe()
        except Exception as exc:  # any failure of a dependency is "down", with its class name
            report[name] = f"down: {type(exc).__name__}"
            healthy = False
        else:
            report[name] = "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": report},
        status=200 if healthy else 503,
    )
