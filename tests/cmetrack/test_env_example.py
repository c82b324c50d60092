"""`cp .env.example .env && make run` serves the app, as the example's header promises.

The copy shares this checkout's installed .venv (make sees it up to date and installs nothing),
so the test exercises the settings the example sets, not the package index.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Variables a developer's shell or the test run may carry that `make run` would not see.
NOT_INHERITED = {
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "CLAMAV_URL",
    "SITE_URL",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthz(port: int) -> tuple[int, dict[str, object]] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except OSError:
        return None


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_starts_with_the_example_env_copied(tmp_path) -> None:
    if not (ROOT / ".venv" / ".installed").is_file():
        pytest.skip("make install has not run in this checkout")
    clone = tmp_path / "clone"
    shutil.copytree(
        ROOT,
        clone,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "node_modules", "*.pyc", ".env", "staticfiles"
        ),
    )
    (clone / ".venv").symlink_to(ROOT / ".venv")
    shutil.copy(clone / ".env.example", clone / ".env")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    log = (tmp_path / "make-run.log").open("w")
    server = subprocess.Popen(
        ["make", "run", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        answer = None
        deadline = time.monotonic() + 300
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            time.sleep(1)
            answer = _healthz(port)
        output = (tmp_path / "make-run.log").read_text()
        assert answer is not None, f"make run did not serve /healthz:\n{output[-3000:]}"
        status, body = answer
        assert status == 200, body
        # The embedded default: SQLite answers and no broker is configured.
        assert body["checks"] == {"database": "ok", "broker": "not configured", "storage": "ok"}
        assert "Demo physician ready" in output
        assert (clone / "var" / "db.sqlite3").is_file()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
