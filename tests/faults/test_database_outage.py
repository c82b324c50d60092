"""With the database unreachable the app answers 503, never 500.

A real gunicorn serves the app with DATABASE_URL pointing at a loopback port where nothing
listens (the same refusal a stopped PostgreSQL gives). The slow half, a PostgreSQL restart under
load with recovery and no partial rows, is bench/faults.py (`make faults`).
"""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import free_port, wait_for_http

pytestmark = [pytest.mark.faults]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def app_without_database(tmp_path_factory) -> Iterator[str]:
    port, dead = free_port(), free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead}/cmetrack",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "LOG_LEVEL": "CRITICAL",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "cmetrack.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "-t", "30"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for_http(f"{base}/accounts/login/", timeout=60)
    yield base
    process.terminate()
    process.wait(timeout=10)


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_page_that_needs_the_database_is_503_with_a_plain_message(app_without_database):
    status, headers, body = fetch(f"{app_without_database}/verify/ABCDEFGHJKLMNPQR")
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert b"Briefly unavailable" in body
    assert b"Nothing you sent was saved" in body
    assert b"Traceback" not in body
    assert b"OperationalError" not in body


def test_the_api_is_503_with_a_json_detail(app_without_database):
    status, headers, body = fetch(
        f"{app_without_database}/api/v1/activities",
        {"Authorization": "Bearer cmt_notarealtokenbutlookeduptherefore"},
    )
    assert status == 503
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body)["detail"].startswith("CME Track is briefly unavailable")
    assert headers["Retry-After"] == "30"


def _gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "cmetrack.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "-t", "30"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def production_app_without_database(tmp_path_factory) -> Iterator[str]:
    """DEBUG off, as deployed: errors outside any view go through the project's handler500."""
    port, dead = free_port(), free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "outage-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead}/cmetrack",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "LOG_LEVEL": "CRITICAL",
        "CLAMAV_URL": "disabled",  # no upload here: the database outage is what is tested
    }
    process = _gunicorn(env, port)
    base = f"http://127.0.0.1:{port}"
    _wait_until_answering(f"{base}/healthz")
    yield base
    process.terminate()
    process.wait(timeout=10)


HTTPS = {"X-Forwarded-Proto": "https"}


def _wait_until_answering(url: str, timeout: float = 60.0) -> None:
    """Any HTTP answer will do (the health check itself says 503 without a database)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            fetch(url, HTTPS)
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


SESSION = "abcdefghijklmnopqrstuvwxyz012345"


@pytest.mark.parametrize(
    "path",
    ["/verify/ABCDEFGHJKLMNPQR", "/dashboard/", "/activities/", "/admin/", "/api/v1/profile"],
)
@pytest.mark.parametrize("deployed", [False, True])
def test_a_visitor_with_a_session_cookie_gets_503_too(
    request, app_without_database, path, deployed
):
    # A signed-in physician carries a session cookie: loading it (for the user, in middleware
    # before any view runs) or saving it afterwards is the first thing to touch the database.
    if deployed:
        base = request.getfixturevalue("production_app_without_database")
        headers = {**HTTPS, "Cookie": f"__Host-sessionid={SESSION}; __Host-csrftoken=x"}
    else:
        base = app_without_database
        headers = {"Cookie": f"sessionid={SESSION}; csrftoken=x"}
    status, response_headers, body = fetch(f"{base}{path}", headers)
    assert status == 503, body[:300]
    assert response_headers["Retry-After"] == "30"
    if path.startswith("/api/"):
        assert json.loads(body)["detail"].startswith("CME Track is briefly unavailable")
    else:
        assert b"Briefly unavailable" in body
    assert b"Traceback" not in body
