"""The production image serves its pages: static files collected exactly as the Dockerfile does,
then a real gunicorn with DEBUG off answering HTML pages with hashed static URLs.

No Docker engine runs here, so the test does what the image build does: the build context (the
repository less what .dockerignore leaves out) is copied to a temporary folder, the Dockerfile's
own collectstatic command runs there with its own environment, and gunicorn serves that copy.
"""

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import free_port

ROOT = Path(__file__).resolve().parents[2]
HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front sends it


def _dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _ignored(relative: str, patterns: list[str]) -> bool:
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        bare = pattern.lstrip("!").rstrip("/").removeprefix("**/")
        parts = relative.split("/")
        hit = fnmatch.fnmatch(relative, bare) or any(fnmatch.fnmatch(p, bare) for p in parts)
        if pattern.lstrip("!").startswith(("**/",)) or "/" not in bare:
            hit = hit or fnmatch.fnmatch(parts[-1], bare)
        if hit:
            ignored = not negate
    return ignored


def _build_context(target: Path) -> None:
    """`COPY . .` of the Docker build: the repository less what .dockerignore excludes."""
    patterns = _dockerignore()
    for folder, subfolders, files in os.walk(ROOT):
        here = Path(folder).relative_to(ROOT).as_posix()
        prefix = "" if here == "." else here + "/"
        subfolders[:] = [name for name in subfolders if not _ignored(prefix + name, patterns)]
        for name in files:
            if _ignored(prefix + name, patterns):
                continue
            destination = target / prefix / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(Path(folder) / name, destination)


def _collectstatic_step() -> tuple[dict[str, str], list[str]]:
    """The environment and command of the Dockerfile's collectstatic RUN step."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    run = next(line for line in text.splitlines() if "collectstatic" in line)
    step = run.removeprefix("RUN").split("&&")[0]
    words = shlex.split(step)
    env = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    command = [word for word in words if not re.match(r"^[A-Z_]+=", word)]
    return env, command


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=HTTPS)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _wait(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> Iterator[str]:
    app = tmp_path_factory.mktemp("app")
    _build_context(app)
    env, command = _collectstatic_step()
    assert command[:2] == ["python", "manage.py"]
    base_env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(app)}
    collected = subprocess.run(
        [sys.executable, *command[1:]],
        cwd=app,
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr[-2000:]
    port = free_port()
    server_env = {
        **base_env,
        "DEBUG": "0",
        "SECRET_KEY": "production-image-test-" + "s" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "1",
        "DATABASE_URL": f"sqlite:///{app / 'db.sqlite3'}",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
        "CLAMAV_URL": "disabled",  # no upload here: the static files are what is tested
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=app,
        env=server_env,
        capture_output=True,
        timeout=300,
        check=True,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "cmetrack.wsgi:application", "--bind", f"127.0.0.1:{port}", "-w", "1"],
        cwd=app,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    _wait(f"{base}/healthz")
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_html_pages_answer_200_with_hashed_static_urls(image, path) -> None:
    status, _headers, body = _get(image + path)
    assert status == 200, body[:500]
    hashed = re.findall(rb"/static/css/app\.[0-9a-f]{12}\.css", body)
    assert hashed, "the page links the stylesheet by its hashed name"
    css_status, css_headers, css = _get(image + hashed[0].decode())
    assert css_status == 200
    assert b"{" in css
    assert "max-age" in css_headers.get("Cache-Control", "")


def test_the_build_context_leaves_out_secrets_local_state_and_caches() -> None:
    patterns = _dockerignore()
    for name in [".env", ".venv", "var/db.sqlite3", ".git", "node_modules", "staticfiles"]:
        assert _ignored(name, patterns), name
    for name in [".pytest_cache", ".ruff_cache", "cmetrack/__pycache__/x.pyc"]:
        assert _ignored(name, patterns), name
    assert not _ignored(".env.example", patterns)
    assert not _ignored("cmetrack/settings.py", patterns)
