"""Pages: requests/s and p50/p95/p99 of the pages physicians use, each as a ratio to the floor.

gunicorn (2 sync workers, DEBUG off) + PostgreSQL on loopback; a physician with 3 licenses and
500 activities, logged in with a session cookie. The floor is `/bench/floor` (bench/floor_urls.py):
the same stack and middleware, a view that reads one row and renders a tiny template. Pages and
the floor are measured interleaved, round by round, in one run, so a busy neighbour slows them
alike and the ratios hold. `.venv/bin/python bench/pages.py [--quick]`.

The dashboard, license detail and compliance API serve verdicts cached under the physician's
record version after the first request; "dashboard, after a change" asks for a new day every
request, so each one evaluates the rules and renders the cards afresh.
"""

import datetime
import itertools
import sys
from collections.abc import Callable

import _stack

CONCURRENCY = 4  # client connections; 2 workers each take one request at a time


def main() -> None:
    rounds, per_burst, seconds = (3, 40, 2.0) if _stack.quick() else (6, 200, 3.0)
    url = _stack.database_create()
    _stack.django_setup(url)
    from reporting.models import License

    user = _stack.physician_create("bench@example.com", activities=500)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum would gather in production
    license = License.objects.filter(owner=user).order_by("pk").first()
    assert license is not None
    headers = {"Cookie": _stack.session_cookie(user), "Host": "127.0.0.1"}
    # A new day for every request: the record version changes, so nothing is cached. This is
    # the dashboard's cost on the first visit after the physician's record or the rules change.
    days = (datetime.date(2000, 1, 1) + datetime.timedelta(days=n) for n in itertools.count())
    pages: dict[str, str | Callable[[], str]] = {
        "floor (bare view)": "/bench/floor",
        "dashboard": "/dashboard/",
        "dashboard, after a change": lambda: f"/dashboard/?as_of={next(days)}",
        "activity list (p1 of 500)": "/activities/",
        "license detail": f"/dashboard/licenses/{license.pk}/",
        "compliance API": f"/api/v1/licenses/{license.pk}/compliance",
    }
    with _stack.Gunicorn(url, workers=2) as server:
        for path in pages.values():  # warm every worker: imports, templates, connections
            _stack.burst(server.port, path, headers, requests=8, concurrency=CONCURRENCY)
        runs = {
            name: (
                lambda path=path: _stack.burst(
                    server.port,
                    path,
                    headers,
                    requests=per_burst,
                    concurrency=CONCURRENCY,
                    seconds=seconds,
                )
            )
            for name, path in pages.items()
        }
        results = _stack.interleaved(runs, rounds=rounds)

    floor_wall, floor_lat = results["floor (bare view)"]
    floor_rps = len(floor_lat) / floor_wall
    floor_p95 = _stack.percentile(floor_lat, 95)
    rows = []
    for name, (wall, latencies) in results.items():
        rps = len(latencies) / wall
        p95 = _stack.percentile(latencies, 95)
        rows.append(
            [
                name,
                len(latencies),
                rps,
                _stack.percentile(latencies, 50) * 1000,
                p95 * 1000,
                _stack.percentile(latencies, 99) * 1000,
                f"{rps / floor_rps:.2f}x",
                f"{p95 / floor_p95:.2f}x",
            ]
        )
    print(
        f"Pages: gunicorn 2 workers + PostgreSQL, {CONCURRENCY} keep-alive connections, "
        f"{rounds} interleaved rounds of {seconds:.0f} s (at most {per_burst} requests) per page"
    )
    _stack.table(
        ["page", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "rps/floor", "p95/floor"],
        rows,
    )
    dash = next(r for r in rows if r[0] == "dashboard")
    print(
        f"goal: dashboard >= 0.50x the floor's req/s (now {dash[6]}), "
        f"p95 <= 2.50x the floor's p95 (now {dash[7]})"
    )
    print(_stack.load_line())


if __name__ == "__main__":
    main()
    sys.exit(0)
