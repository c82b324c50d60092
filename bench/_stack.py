"""What the bench scripts share: PostgreSQL started and a fresh database, Django set up on it,
gunicorn started on a free loopback port, a keep-alive load client, and table printing.

Not a benchmark itself (its name starts with an underscore); every `bench/*.py` imports it and
starts what it needs, so each script runs standalone on a fresh clone.
"""

from __future__ import annotations

import datetime
import hashlib
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
# Both can be moved (BENCH_DATABASE, BENCH_REDIS_DB) when several people bench on one machine.
BENCH_DB = os.environ.get("BENCH_DATABASE", "cmetrack_bench")
# The bench's own Redis database (cache); the next one is its Celery broker.
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "10"))

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _usage() -> None:
    """`--help` prints the script's own description instead of starting a long run; an option
    the benches do not know stops before anything starts."""
    import __main__

    known = {"--quick", "--help", "-h"}
    if {"--help", "-h"} & set(sys.argv[1:]):
        print((__main__.__doc__ or "").strip())
        print("\nOptions: --quick (fewer rounds). Environment: BENCH_DATABASE, BENCH_REDIS_DB.")
        sys.exit(0)
    unknown = [arg for arg in sys.argv[1:] if arg.startswith("-") and arg not in known]
    if unknown and Path(sys.argv[0]).name != "transcript.py":  # it takes its own worker flags
        sys.exit(f"unknown option {' '.join(unknown)}; try --help")


if Path(sys.argv[0]).parent.resolve() == Path(__file__).resolve().parent:
    _usage()


def quick() -> bool:
    return "--quick" in sys.argv or os.environ.get("BENCH_QUICK") == "1"


# --- Services ---------------------------------------------------------------------------------
def _run(command: Sequence[str], **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def, type-arg]
    return subprocess.run(list(command), check=True, **kwargs)


def postgres_ensure() -> None:
    """Start the local PostgreSQL cluster if it is down (as .ci/run does)."""
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0:
        return
    version = sorted(os.listdir("/etc/postgresql"))[0]
    _run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])
    for _ in range(30):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0:
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL did not start on 127.0.0.1:5432")


def redis_url() -> str:
    """Redis db 10 when a Redis answers on loopback (as in production), else '' (locmem cache)."""
    if shutil.which("redis-cli") is None:
        return ""
    ok = subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True, text=True)
    return f"redis://127.0.0.1:6379/{REDIS_DB}" if ok.stdout.strip() == "PONG" else ""


def database_create(name: str = BENCH_DB) -> str:
    """A fresh, empty database (dropped first if a previous run left it); returns its URL."""
    postgres_ensure()
    psql = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
    _run([*psql, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
    _run([*psql, "-c", f"CREATE DATABASE {name}"])
    return f"{PG}/{name}"


def _psql(*commands: str) -> None:
    psql = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
    for command in commands:
        _run([*psql, "-c", command], stdout=subprocess.DEVNULL)


def _database_exists(name: str) -> bool:
    out = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",  # noqa: S608 (our own name)
        ],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() == "1"


def _template_name() -> str:
    """A migrated database with the state rules, named after the migrations and rules it holds."""
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("*/migrations/*.py"), *ROOT.glob("reporting/data/*.json")]):
        digest.update(path.name.encode() + path.read_bytes())
    return f"{BENCH_DB}_tpl_{digest.hexdigest()[:10]}"


def bench_env(database_url: str) -> dict[str, str]:
    """Production-like settings (DEBUG off) with the bench URLconf, on loopback only."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        # Benchmarks measure the app, not a virus scanner (production requires one).
        "CLAMAV_URL": os.environ.get("CLAMAV_URL", "disabled"),
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        "PYTHONPATH": str(ROOT),
        # The limiter still counts every request, but a benchmark's burst must not trip it.
        "API_RATE_LIMIT_PER_MINUTE": "1000000",
        "API_RATE_LIMIT_PER_IP_PER_MINUTE": "1000000",
    }
    redis = redis_url()
    env["REDIS_URL"] = redis
    env["CELERY_BROKER_URL"] = redis.rsplit("/", 1)[0] + f"/{REDIS_DB + 1}" if redis else ""
    for key in ("AWS_STORAGE_BUCKET_NAME", "CI"):
        env.pop(key, None)
    return env


def collect_static(env: dict[str, str]) -> None:
    """The hashed static files and their manifest, as production has them (incremental)."""
    _run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env)


def django_setup(database_url: str, *, migrate: bool = True, rules: bool = True) -> None:
    """Point this process at `database_url` with the bench settings, migrate and load rules."""
    env = bench_env(database_url)
    started = time.perf_counter()
    name = database_url.rsplit("/", 1)[-1]
    template = _template_name()
    if migrate and rules and _database_exists(template):
        _psql(
            f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
            f"CREATE DATABASE {name} TEMPLATE {template}",
        )
    else:
        if migrate:
            _run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env)
        if rules:
            _run(
                [PY, "manage.py", "load_state_rules"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        if migrate and rules:  # the next script copies this instead of migrating again
            _psql(f"CREATE DATABASE {template} TEMPLATE {name}")
    collect_static(env)  # DEBUG is off: pages need the manifest even in-process
    os.environ.update(env)
    import django

    django.setup()
    print(f"(database ready in {time.perf_counter() - started:.0f} s)", flush=True)


# --- Data -------------------------------------------------------------------------------------
BOARDS = ("TX-MD", "CA-MD", "FL-MD")


def physician_create(  # type: ignore[no-untyped-def]
    email: str, *, activities: int, licenses: Sequence[str] = BOARDS, span_days: int = 700
):
    """A physician with licenses on `licenses` boards and `activities` logged credits."""
    from accounts.models import User
    from reporting.models import Board, License

    user = User.objects.create_user(email=email, password=None)
    if hasattr(user, "profile"):
        user.profile.full_name = "Bench Physician"
        user.profile.save()
    today = datetime.date.today()  # noqa: DTZ011 (the server's day)
    for i, code in enumerate(licenses):
        board = Board.objects.get(code=code)
        License.objects.create(
            owner=user,
            board=board,
            number=f"B{i:06d}",
            issued_on=today - datetime.timedelta(days=3000),
            expires_on=today + datetime.timedelta(days=200 + 90 * i),
        )
    activities_bulk_create([user.pk], per_user=activities, span_days=span_days)
    return user


def activities_bulk_create(
    user_ids: Iterable[int], *, per_user: int, span_days: int = 700, before_days: int = 0
) -> int:
    """`per_user` activities for each user, every 7th with a topic; bulk inserts, few queries.

    One every third day back from `before_days` ago, wrapping round within `span_days` (a
    career's history: several cycles)."""
    from activities.models import Activity, CreditType, Topic

    kinds = list(CreditType.objects.order_by("position"))
    topics = list(Topic.objects.order_by("pk")[:3])
    today = datetime.date.today()  # noqa: DTZ011 (the server's day)
    rows = []
    for user_id in user_ids:
        for i in range(per_user):
            day = today - datetime.timedelta(days=before_days + (i * 3) % span_days)
            rows.append(
                Activity(
                    owner_id=user_id,
                    title=f"Grand rounds {i}: sepsis update",
                    provider="Accredited Provider",
                    started_on=day,
                    completed_on=day,
                    credit_type=kinds[i % 2],
                    credits=Decimal("1.25"),
                )
            )
    created = Activity.objects.bulk_create(rows, batch_size=5000)
    through = Activity.topics.through
    links = [
        through(activity_id=a.pk, topic_id=topics[n % len(topics)].pk)
        for n, a in enumerate(created)
        if n % 7 == 0 and topics
    ]
    through.objects.bulk_create(links, batch_size=5000)
    return len(created)


def session_cookie(user) -> str:  # type: ignore[no-untyped-def]
    """A logged-in session for `user`, as the login view would store it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore as DbStore

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    store = store_class() if store_class is not None else DbStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


# --- gunicorn ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with `workers` sync workers on a free loopback port; stopped on exit."""

    def __init__(self, database_url: str, *, workers: int = 2) -> None:
        self.port = free_port()
        env = bench_env(database_url)
        collect_static(env)
        self.process = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "cmetrack.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--preload",
            ],
            cwd=ROOT,
            env=env,
        )

    def __enter__(self) -> Gunicorn:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}")
            try:
                status, _ = request_once(self.port, "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def request_once(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- Load client ------------------------------------------------------------------------------
def burst(
    port: int,
    path: str | Callable[[], str],
    headers: dict[str, str],
    *,
    requests: int,
    concurrency: int,
    seconds: float = 60.0,
) -> tuple[float, list[float]]:
    """Up to `requests` GETs over `concurrency` keep-alive connections, no new one started after
    `seconds`; returns (wall seconds, latencies). A callable `path` gives each request's path."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while True:
                with lock:
                    if next(counter, None) is None or time.perf_counter() > stop_at:
                        return
                    target = path() if callable(path) else path
                started = time.perf_counter()
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                with lock:
                    if response.status != 200:
                        errors.append(f"{target}: HTTP {response.status}")
                    latencies.append(elapsed)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, first: {errors[0]}")
    return wall, latencies


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def interleaved(
    measure: dict[str, Callable[[], tuple[float, list[float]]]], *, rounds: int
) -> dict[str, tuple[float, list[float]]]:
    """Run every measurement once per round, in turn, so a noisy neighbour hits all alike."""
    totals: dict[str, tuple[float, list[float]]] = {name: (0.0, []) for name in measure}
    for _ in range(rounds):
        for name, run in measure.items():
            wall, latencies = run()
            total_wall, all_latencies = totals[name]
            totals[name] = (total_wall + wall, all_latencies + latencies)
    return totals


def database_drop(name: str = BENCH_DB) -> None:
    """Drop the bench's database and its migrated template (`make bench` leaves nothing)."""
    _psql(
        f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
        f"DROP DATABASE IF EXISTS {_template_name()} WITH (FORCE)",
    )


def boards_with_rules(count: int) -> list[str]:
    """`count` state medical boards whose rules are in force today, the usual three first."""
    from reporting.models import Board

    codes = list(
        Board.objects.filter(rule_sets__isnull=False, code__endswith="-MD")
        .exclude(code__in=BOARDS)
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()
    )
    return [*BOARDS, *codes][:count]


def timed_get(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> float:
    """One GET on a keep-alive connection; its seconds (the response must be a 200)."""
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return elapsed


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


# --- Output -----------------------------------------------------------------------------------
def load_line() -> str:
    one, five, _ = os.getloadavg()
    return f"machine: {os.cpu_count()} cores, load average {one:.2f} (1 min) {five:.2f} (5 min)"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    print(
        "  ".join(
            h.rjust(w) if i else h.ljust(w)
            for i, (h, w) in enumerate(zip(headers, widths, strict=False))
        )
    )
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=False))
            )
        )
    sys.stdout.flush()


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if value < 100 else f"{value:.0f}"
    return str(value)


# --- Tables shared by the page benchmarks ---------------------------------------------------
RATIO_COLUMNS = [
    "page", "requests", "p50 ms", "p95 ms", "floor p50 ms", "vs floor", "p50 vs floor", "p95/floor",
]  # fmt: skip
REPEAT_COLUMNS = [
    "page",
    "requests",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "rps/floor",
    "p95/floor",
]


def one_at_a_time(
    port: int,
    pages: Mapping[str, tuple[str, dict[str, str], Callable[[int], None]]],
    *,
    rounds: int,
    floor_headers: dict[str, str],
) -> dict[str, tuple[list[float], list[float]]]:
    """For each page (path, headers, prepare), `rounds` times: prepare(n) (untimed), time one
    GET, time one floor GET. Returns, per page, its latencies and the floor's right after them."""
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in pages}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        for n in range(rounds):
            for name, (path, headers, prepare) in pages.items():
                prepare(n)
                page, floor = times[name]
                page.append(timed_get(connection, path, headers))
                floor.append(timed_get(connection, "/bench/floor", floor_headers))
    finally:
        connection.close()
    return times


def ratio_row(name: str, page: list[float], floor: list[float]) -> list[object]:
    """A row of RATIO_COLUMNS: the floor's mean time over the page's, and the medians' ratio
    too (with few rounds on a busy machine one stalled request moves the means)."""
    mean_page, mean_floor = sum(page) / len(page), sum(floor) / len(floor)
    return [
        name,
        len(page),
        percentile(page, 50) * 1000,
        percentile(page, 95) * 1000,
        percentile(floor, 50) * 1000,
        f"{mean_floor / mean_page:.3f}x",
        f"{percentile(floor, 50) / percentile(page, 50):.3f}x",
        f"{percentile(page, 95) / percentile(floor, 95):.2f}x",
    ]


def repeat_rows(
    results: Mapping[str, tuple[float, list[float]]], *, floor: str = "floor (bare view)"
) -> list[list[object]]:
    """Rows of REPEAT_COLUMNS from `interleaved` bursts, each page against the `floor` burst."""
    floor_wall, floor_latencies = results[floor]
    floor_rps = len(floor_latencies) / floor_wall
    floor_p95 = percentile(floor_latencies, 95)
    rows: list[list[object]] = []
    for name, (wall, latencies) in results.items():
        rps = len(latencies) / wall
        p95 = percentile(latencies, 95)
        rows.append(
            [
                name,
                len(latencies),
                rps,
                percentile(latencies, 50) * 1000,
                p95 * 1000,
                percentile(latencies, 99) * 1000,
                f"{rps / floor_rps:.3f}x",
                f"{p95 / floor_p95:.2f}x",
            ]
        )
    return rows
