"""Cold start: seconds for `make run` on a fresh clone to serve its first page, and the test
suite's wall time without the browser tests (`-m "not e2e"`, goal: under 3 minutes).

The clone is of the committed HEAD (`git clone` of this checkout into a temporary folder; this
checkout is not changed). `make run` there creates the venv, installs the lock file (uv's
cache makes this the warm-cache figure), migrates a new SQLite database, loads the state rules,
seeds the demo physician and starts runserver; we poll `/` until it answers. The test suite
runs in this checkout against a fresh PostgreSQL database and Redis, as CI does; `--quick`
skips it. `.venv/bin/python bench/cold_start.py [--quick]`.
"""

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import _stack


def first_page(clone: str) -> list[list[object]]:
    port = _stack.free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith(("VIRTUAL_ENV", "PYTHON"))
    }
    env["PATH"] = ":".join(p for p in env.get("PATH", "").split(":") if ".venv" not in p)
    log = open(os.path.join(clone, "make-run.log"), "w")  # noqa: SIM115
    started = time.perf_counter()
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    installed_at = served_at = None
    try:
        deadline = started + 540
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"make run exited with {process.returncode}: see {log.name}")
            if installed_at is None and os.path.exists(os.path.join(clone, ".venv/.installed")):
                installed_at = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/")
                status = connection.getresponse().status
                connection.close()
                if status in (200, 302):
                    served_at = time.perf_counter()
                    break
            except OSError:
                pass
            time.sleep(0.25)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
    if served_at is None:
        raise SystemExit("make run did not serve / within 9 minutes")
    install = (installed_at or started) - started
    return [
        ["make run: venv + install (uv cache warm)", install],
        ["make run: migrate, rules, demo, first page", served_at - (installed_at or started)],
        ["make run: total to first page", served_at - started],
    ]


def test_suite() -> list[object]:
    url = _stack.database_create("cmetrack_bench_tests")
    redis = _stack.redis_url()
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis}
    env["CELERY_BROKER_URL"] = redis.rsplit("/", 1)[0] + f"/{_stack.REDIS_DB + 1}" if redis else ""
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [
            "psql",
            "-q",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-c",
            "DROP DATABASE IF EXISTS test_cmetrack_bench_tests WITH (FORCE)",
        ],
        check=True,
    )
    started = time.perf_counter()
    result = subprocess.run(
        [_stack.PY, "-m", "pytest", "-m", "not e2e", "-q", "-p", "no:cacheprovider", "--create-db"],
        cwd=_stack.ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    summary = next(
        (
            line
            for line in reversed(result.stdout.splitlines())
            if re.search(r"passed|failed", line)
        ),
        "no summary",
    )
    return ['test suite, -m "not e2e", PostgreSQL + Redis', seconds, summary.strip("= ")]


def main() -> None:
    rows: list[list[object]] = []
    clone = tempfile.mkdtemp(prefix="cmetrack-cold-")
    try:
        subprocess.run(
            ["git", "clone", "-q", "--no-hardlinks", str(_stack.ROOT), clone], check=True
        )
        rows = [[*row, ""] for row in first_page(clone)]
    finally:
        shutil.rmtree(clone, ignore_errors=True)
    if _stack.quick():
        rows.append(["test suite", "skipped", "--quick"])
    else:
        rows.append(test_suite())
    print("Cold start (fresh clone of HEAD; SQLite for make run, as README says)")
    _stack.table(["step", "seconds", "result"], rows)
    print("goal: test suite without browser tests under 180 s in CI")
    print(_stack.load_line())


if __name__ == "__main__":
    main()
    sys.exit(0)
