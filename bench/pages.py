"""Pages: requests/s and p50/p95/p99 of the pages physicians use, each as a ratio to the floor.

gunicorn (2 sync workers, DEBUG off) + PostgreSQL on loopback; a physician with 3 licenses and
500 activities, logged in with a session cookie. The floor is `/bench/floor` (bench/floor_urls.py):
the same stack and middleware, a view that reads one row and renders a tiny template. Pages and
the floor are measured interleaved, round by round, in one run, so a busy neighbour slows them
alike and the ratios hold. `.venv/bin/python bench/pages.py [--quick]`.

Three tables:

1. Repeat visits (4 keep-alive connections): the dashboard, license page and compliance API
   serve verdicts cached under the physician's record version.
2. First visits after a real change, judged today: before each timed request one activity's
   credits change in the database (outside the timed request, without the commit hook, so no
   warm-up is queued): the request path judges and renders. The "task ran" rows then run the
   write-time warm-up (`reporting.licenses.warm.pages_warm`, what the judging worker does after
   a change) before the timed request, as when the worker has finished: the usual case.
3. Scaling: the first visit after a change (request path) for 50 / 500 / 5,000 activities
   logged one every third day back from today (wrapping round within a 15-year career: 500
   reach back 4 years, 5,000 are 2.7 times as dense in each cycle), with 1 / 3 / 10 licenses;
   and "5000 older": the 500's record plus 4,500 activities before it (a long career with
   the same recent years), which a verdict should not pay for.

Tables 2 and 3 time one request at a time on one connection, each followed by a floor request;
the ratio is the floor's mean time over the page's (the same as req/s ÷ floor's req/s for one
client), and p95 ÷ the floor's p95.
"""

import sys
from collections.abc import Callable, Mapping
from decimal import Decimal

import _stack

CONCURRENCY = 4  # client connections; 2 workers each take one request at a time
CAREER_DAYS = 15 * 365


def _change(activity_id: int, n: int) -> None:
    """A real change to one activity (its credits), as an edit would make it; no warm-up."""
    from django.utils import timezone

    from activities.models import Activity

    Activity.objects.filter(pk=activity_id).update(
        credits=Decimal("1.25") + Decimal("0.25") * (n % 2), updated_at=timezone.now()
    )


def first_visits(
    port: int,
    headers: dict[str, str],
    pages: Mapping[str, tuple[str, Callable[[int], None]]],
    *,
    rounds: int,
) -> dict[str, tuple[list[float], list[float]]]:
    """`_stack.one_at_a_time` for pages that share the physician's headers."""
    return _stack.one_at_a_time(
        port,
        {name: (path, headers, prepare) for name, (path, prepare) in pages.items()},
        rounds=rounds,
        floor_headers=headers,
    )


def main() -> None:
    quick = _stack.quick()
    rounds, per_burst, seconds = (3, 40, 2.0) if quick else (6, 200, 3.0)
    first_rounds = 8 if quick else 20
    scale_rounds = 4 if quick else 8
    url = _stack.database_create()
    _stack.django_setup(url)
    from django.core.cache import cache
    from django.db import connection

    from accounts.models import User
    from activities.models import Activity
    from reporting.licenses.warm import pages_warm
    from reporting.models import License

    if not _stack.redis_url():
        print("note: no Redis on loopback: gunicorn and this process do not share a cache, so")
        print("      the 'task ran' rows measure a miss")
    cache.clear()
    user = _stack.physician_create("bench@example.com", activities=500)
    scaling = {}
    for licenses in (1, 3, 10):
        boards = _stack.boards_with_rules(licenses)
        for activities in ("50", "500", "5000", "5000 older"):
            owner = _stack.physician_create(
                f"scale-{activities.replace(' ', '-')}-{licenses}@example.com",
                activities=500 if activities == "5000 older" else int(activities),
                licenses=boards,
                span_days=CAREER_DAYS,
            )
            if activities == "5000 older":  # the 500's last day was 1,497 days ago
                _stack.activities_bulk_create(
                    [owner.pk], per_user=4500, span_days=CAREER_DAYS, before_days=1500
                )
            scaling[(activities, licenses)] = owner
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum would gather in production
    license = License.objects.filter(owner=user).order_by("pk").first()
    assert license is not None
    headers = {"Cookie": _stack.session_cookie(user), "Host": "127.0.0.1"}
    pages: dict[str, str | Callable[[], str]] = {
        "floor (bare view)": "/bench/floor",
        "dashboard": "/dashboard/",
        "activity list (p1 of 500)": "/activities/",
        "license detail": f"/dashboard/licenses/{license.pk}/",
        "compliance API": f"/api/v1/licenses/{license.pk}/compliance",
    }

    def activity_of(owner: User) -> int:
        return (
            Activity.objects.filter(owner=owner)
            .order_by("-completed_on", "pk")
            .values_list("pk", flat=True)[0]
        )

    changed = activity_of(user)

    def after_change(n: int) -> None:
        _change(changed, n)

    def after_change_and_task(n: int) -> None:
        _change(changed, n)
        pages_warm(user=User.objects.get(pk=user.pk))  # what the judging worker does

    dashboard, license_page = "/dashboard/", f"/dashboard/licenses/{license.pk}/"
    first = {
        "dashboard, request path": (dashboard, after_change),
        "dashboard, task ran": (dashboard, after_change_and_task),
        "license page, request path": (license_page, after_change),
        "license page, task ran": (license_page, after_change_and_task),
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
        first_visits(server.port, headers, first, rounds=2)  # each worker's first judging
        firsts = first_visits(server.port, headers, first, rounds=first_rounds)
        scale_pages = {}
        scale_headers = {}
        for (activities, licenses), owner in scaling.items():
            key = f"{activities}-{licenses}"
            scale_headers[key] = {"Cookie": _stack.session_cookie(owner), "Host": "127.0.0.1"}
            owner_license = License.objects.filter(owner=owner).order_by("pk").first()
            assert owner_license is not None
            activity = activity_of(owner)
            for page, path in (
                ("dashboard", "/dashboard/"),
                ("license page", f"/dashboard/licenses/{owner_license.pk}/"),
            ):
                scale_pages[(activities, licenses, page)] = (
                    path,
                    lambda n, activity=activity: _change(activity, n),
                    key,
                )
        scaled: dict[tuple[str, int, str], tuple[list[float], list[float]]] = {}
        for n in range(scale_rounds + 1):  # the first round warms templates and connections
            for cell, (path, prepare, key) in scale_pages.items():
                got = first_visits(
                    server.port, scale_headers[key], {"page": (path, prepare)}, rounds=1
                )["page"]
                if n:
                    cell_pages, cell_floors = scaled.setdefault(cell, ([], []))
                    cell_pages.extend(got[0])
                    cell_floors.extend(got[1])

    print(
        f"1. Repeat visits: gunicorn 2 workers + PostgreSQL, {CONCURRENCY} keep-alive connections, "
        f"{rounds} interleaved rounds of {seconds:.0f} s (at most {per_burst} requests) per page"
    )
    _stack.table(_stack.REPEAT_COLUMNS, _stack.repeat_rows(results))
    print(
        f"\n2. First visit after a real change (3 licenses, 500 activities, judged today; "
        f"{first_rounds} rounds, one connection, each request followed by a floor request)"
    )
    _stack.table(
        _stack.RATIO_COLUMNS, [_stack.ratio_row(name, *times) for name, times in firsts.items()]
    )
    print(
        f"\n3. First visit after a change (request path) by the size of the record "
        f"({scale_rounds} rounds each; one activity every third day, within {CAREER_DAYS // 365}"
        " years; 5000 older: the 500's plus 4,500 before them)"
    )
    scale_rows = []
    for (activities, licenses, page), times in scaled.items():
        row = _stack.ratio_row(f"{page}, {activities} activities, {licenses} licenses", *times)
        mean = sum(times[0]) / len(times[0])
        base = scaled[("500", licenses, page)][0]
        row.append(f"{mean / (sum(base) / len(base)):.2f}x")
        scale_rows.append(row)
    _stack.table([*_stack.RATIO_COLUMNS, "cost / 500's"], scale_rows)
    print(_stack.load_line())


if __name__ == "__main__":
    main()
    sys.exit(0)
