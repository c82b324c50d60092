"""The credentialing roster: one office's roster of 200 physicians, each as a ratio to the floor.

gunicorn (2 sync workers, DEBUG off) + PostgreSQL on loopback + Redis (the cache); an office
with 200 consenting physicians holding 1, 2 or 3 licenses each (399 licenses), each physician
with 100 activities over two years; its owner logged in with a session cookie, and an API token.
The floor is `/bench/floor` (bench/floor_urls.py), measured interleaved with the roster, so a
busy neighbour slows both alike. `.venv/bin/python bench/roster.py [--quick]`.

Three tables:

1. First visit, every verdict a miss: before each timed request (untimed) the roster's cached
   verdicts are deleted, as on the first visit of a day: every license is judged.
2. Repeat visits (4 keep-alive connections): nothing changed since the last visit.
3. After one physician changes: before each timed request one activity's credits change in the
   database (a different physician each time): that physician's licenses are judged again.

Tables 1 and 3 time one request at a time on one connection, each followed by a floor request;
"vs floor" is the floor's mean time over the page's, and p95 ÷ the floor's p95. Every visit
reads the consents and writes the access log (one entry per physician on the page shown).
"""

import datetime
import sys
from decimal import Decimal

import _stack

CONCURRENCY = 4  # client connections; 2 workers each take one request at a time
PHYSICIANS = 200
ACTIVITIES = 100


def _office_create():  # type: ignore[no-untyped-def]
    """The office, its owner (logged in) and 200 consenting physicians with 1 to 3 licenses."""
    from accounts.models import User
    from organizations.models import Consent, Membership, Organization, Role
    from reporting.models import Board, License

    office = Organization.objects.create(name="Bench Memorial Hospital", slug="bench-memorial")
    owner = User.objects.create_user(email="office@example.com", password=None)
    Membership.objects.create(organization=office, user=owner, role=Role.OWNER)
    boards = [Board.objects.get(code=code) for code in _stack.boards_with_rules(3)]
    today = datetime.date.today()  # noqa: DTZ011 (the server's day)
    physicians = []
    for n in range(PHYSICIANS):
        physician = User.objects.create_user(email=f"physician-{n:03d}@example.com", password=None)
        if hasattr(physician, "profile"):
            physician.profile.full_name = f"Physician {n:03d}"
            physician.profile.save()
        for i, board in enumerate(boards[: n % 3 + 1]):
            License.objects.create(
                owner=physician,
                board=board,
                number=f"R{n:03d}{i}",
                issued_on=today - datetime.timedelta(days=3000),
                expires_on=today + datetime.timedelta(days=60 + 7 * n + 90 * i),
            )
        Consent.objects.create(
            physician=physician, organization=office, scope=Consent.Scope.STATUS, all_licenses=True
        )
        physicians.append(physician)
    _stack.activities_bulk_create([p.pk for p in physicians], per_user=ACTIVITIES)
    return office, owner, physicians


def _verdicts_forget(office) -> int:  # type: ignore[no-untyped-def]
    """Delete the roster's cached verdicts (the cache's state on the first visit of a day)."""
    from django.core.cache import cache
    from django.utils import timezone

    from organizations import roster

    verdict_key = getattr(roster, "verdict_key", None)
    if verdict_key is None:
        return 0  # a roster that caches no verdict: every visit is a first visit
    from reporting.compliance.selectors import record_versions

    today = timezone.localdate()
    licenses, consents = roster.consented_licenses(office, as_of=today)
    versions = record_versions(user_ids=consents, as_of=today)
    keys = [
        verdict_key(version=versions[license.owner_id], license_id=license.pk)
        for license in licenses
    ]
    cache.delete_many(keys)
    return len(keys)


def _change(activity_id: int, n: int) -> None:
    """A real change to one activity (its credits), as an edit would make it; no warm-up."""
    from django.utils import timezone

    from activities.models import Activity

    Activity.objects.filter(pk=activity_id).update(
        credits=Decimal("1.25") + Decimal("0.25") * (n % 2), updated_at=timezone.now()
    )


def main() -> None:
    quick = _stack.quick()
    rounds, per_burst, seconds = (3, 40, 2.0) if quick else (6, 200, 3.0)
    first_rounds = 3 if quick else 8
    change_rounds = 6 if quick else 20
    url = _stack.database_create()
    _stack.django_setup(url)
    from django.core.cache import cache
    from django.db import connection

    from activities.models import Activity
    from organizations.tokens import organization_token_create

    if not _stack.redis_url():
        print("note: no Redis on loopback: gunicorn's workers do not share a cache, and this")
        print("      process cannot delete their verdicts: table 1 is not all misses")
    cache.clear()
    office, owner, physicians = _office_create()
    _, raw = organization_token_create(organization=office, created_by=owner, name="bench")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum would gather in production
    session = {"Cookie": _stack.session_cookie(owner), "Host": "127.0.0.1"}
    api = {"Authorization": f"Bearer {raw}", "Host": "127.0.0.1"}
    page, csv, roster_api = (
        f"/organizations/{office.slug}/",
        f"/organizations/{office.slug}/roster.csv",
        "/api/v1/organization/roster?page_size=100",
    )
    changed = [
        Activity.objects.filter(owner=p).order_by("-completed_on", "pk").values_list("pk")[0][0]
        for p in physicians
    ]

    def forget(n: int) -> None:
        _verdicts_forget(office)

    def after_change(n: int) -> None:
        _change(changed[(n * 37) % len(changed)], n)

    first = {
        "roster page (p1 of 399 rows)": (page, session, forget),
        "roster API (p1, 100 rows)": (roster_api, api, forget),
    }
    change = {
        "roster page (p1 of 399 rows)": (page, session, after_change),
        "roster API (p1, 100 rows)": (roster_api, api, after_change),
    }
    repeat = {
        "floor (bare view)": ("/bench/floor", session),
        "roster page (p1 of 399 rows)": (page, session),
        "roster CSV (399 rows)": (csv, session),
        "roster API (p1, 100 rows)": (roster_api, api),
    }
    with _stack.Gunicorn(url, workers=2) as server:
        for path, headers in repeat.values():  # every worker: imports, templates, rules
            _stack.burst(server.port, path, headers, requests=4, concurrency=CONCURRENCY)
        firsts = _stack.one_at_a_time(
            server.port, first, rounds=first_rounds, floor_headers=session
        )
        runs = {
            name: (
                lambda path=path, headers=headers: _stack.burst(
                    server.port,
                    path,
                    headers,
                    requests=per_burst,
                    concurrency=CONCURRENCY,
                    seconds=seconds,
                )
            )
            for name, (path, headers) in repeat.items()
        }
        results = _stack.interleaved(runs, rounds=rounds)
        changes = _stack.one_at_a_time(
            server.port, change, rounds=change_rounds, floor_headers=session
        )

    licenses = sum(n % 3 + 1 for n in range(PHYSICIANS))
    print(
        f"Roster of {PHYSICIANS} physicians, {licenses} licenses, {ACTIVITIES} activities each; "
        "gunicorn 2 workers + PostgreSQL + Redis"
    )
    columns = _stack.RATIO_COLUMNS
    print(f"\n1. First visit, every verdict a miss ({first_rounds} rounds, one connection)")
    _stack.table(columns, [_stack.ratio_row(name, *times) for name, times in firsts.items()])
    print(
        f"\n2. Repeat visits, nothing changed ({CONCURRENCY} keep-alive connections, {rounds} "
        f"interleaved rounds of {seconds:.0f} s, at most {per_burst} requests, per page)"
    )
    _stack.table(_stack.REPEAT_COLUMNS, _stack.repeat_rows(results))
    print(
        f"\n3. After one physician changes one activity ({change_rounds} rounds, one connection, "
        "a different physician each round)"
    )
    _stack.table(columns, [_stack.ratio_row(name, *times) for name, times in changes.items()])
    print(_stack.load_line())


if __name__ == "__main__":
    main()
    sys.exit(0)
