"""Real services for tests: whether they are required, and how to start the ones we own."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE_SERVICES = (
    os.environ.get("CI", "").lower() == "true" or os.environ.get("CMETRACK_REQUIRE_SERVICES") == "1"
)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


# `make test-fast` runs the suite in at most this many pytest-xdist workers (gw0, gw1, ...).
XDIST_MAX_WORKERS = 4


def redis_url_of_this_worker(url: str, *, first: int) -> str:
    """`url` on Redis database `first` + the xdist worker's number; `url` itself without xdist.

    Tests empty the Redis database they use (FLUSHDB) before and after, so two workers sharing
    one would empty it under each other. Redis has databases 0-15: the cache takes 8-11, the
    personal-cache tests 12-15.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker:
        return url
    number = int(worker.removeprefix("gw"))
    if number >= XDIST_MAX_WORKERS:
        raise RuntimeError(f"at most {XDIST_MAX_WORKERS} xdist workers share one Redis")
    return urllib.parse.urlsplit(url)._replace(path=f"/{first + number}").geturl()


def service_missing(what: str) -> NoReturn:
    """Fail in CI (a missing service must never pass silently); skip on a laptop."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required here (CI=true or CMETRACK_REQUIRE_SERVICES=1) but missing")
    pytest.skip(f"{what} is not available on this machine")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - loopback URL we built
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def start_moto_server() -> tuple[subprocess.Popen[bytes], str]:
    """A moto S3 server over real HTTP on a free loopback port."""
    binary = Path(sys.executable).with_name("moto_server")
    if not binary.exists() and not shutil.which("moto_server"):
        service_missing("moto_server (pip install 'moto[s3]' flask flask-cors)")
    port = free_port()
    process = subprocess.Popen(
        [str(binary if binary.exists() else "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{endpoint}/moto-api/")
    except TimeoutError:
        process.kill()
        service_missing("moto_server did not start")
    return process, endpoint
