"""Queries: SQL queries per page for a physician with 5 and with 500 activities (must be equal),
and the PostgreSQL plans of the queries known to be heavy (each must use an index). Pages that
serve cached verdicts are counted twice: as a repeat visit, and with the cache empty (the first
visit after the physician's record or the rules change).

In-process (Django's test client) on a fresh PostgreSQL database that also holds 1,000 other
physicians' 100 activities each, so the planner sees a table where an index matters.
`.venv/bin/python bench/queries.py [--quick]`.
"""

import datetime
import sys

import _stack

UNUSABLE = "!"  # an unusable password hash
CACHED = ("dashboard", "license detail", "compliance API")  # verdicts cached by record version


def main() -> None:
    others = 200 if _stack.quick() else 1000
    url = _stack.database_create()
    _stack.django_setup(url)
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from reporting.models import License

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    few = _stack.physician_create("few@example.com", activities=5)
    many = _stack.physician_create("many@example.com", activities=500)
    filler = User.objects.bulk_create(
        [User(email=f"other{i}@example.com", password=UNUSABLE) for i in range(others)]
    )
    _stack.activities_bulk_create([u.pk for u in filler], per_user=100)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def pages(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
        license = License.objects.filter(owner=user).order_by("pk").first()
        assert license is not None, "the bench data gives everyone a license"
        return {
            "dashboard": "/dashboard/",
            "activity list": "/activities/",
            "certificate list": "/certificates/",
            "transcripts list": "/dashboard/transcripts/",
            "license detail": f"/dashboard/licenses/{license.pk}/",
            "compliance API": f"/api/v1/licenses/{license.pk}/compliance",
            "activities API list": "/api/v1/activities",
        }

    counts: dict[str, dict[str, int]] = {}
    for label, user in (("5", few), ("500", many)):
        client = Client()
        client.force_login(user)
        for page, path in pages(user).items():
            client.get(path)  # warm: the first request fills per-process caches
            for empty in (False, True) if page in CACHED else (False,):
                if empty:
                    cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                name = f"{page}, cache empty" if empty else page
                counts.setdefault(name, {})[label] = len(captured.captured_queries)

    print(f"Queries per page (PostgreSQL; {others} other physicians x 100 activities in the table)")
    _stack.table(
        ["page", "5 activities", "500 activities", "equal"],
        [[n, c["5"], c["500"], "yes" if c["5"] == c["500"] else "NO"] for n, c in counts.items()],
    )
    # The queries known to be heavy, by name, rather than whichever was slowest by noise: the
    # credits (the whole record, and what a page reads: those in its licenses' reach), the
    # record version every page reads, and the activity list's page of rows, all for the
    # physician with 500 activities.
    from reporting.compliance.selectors import credits_by_owner, record_version
    from reporting.rules.selectors import rules_in_process_forget

    heavy: list[tuple[str, str]] = []
    with CaptureQueriesContext(connection) as captured:
        credits_by_owner(owner_ids=[many.pk])  # the whole record (transcripts, exports)
    heavy += [("credits, whole record", q["sql"]) for q in captured.captured_queries]
    cache.clear()
    rules_in_process_forget()
    client = Client()
    client.force_login(many)
    with CaptureQueriesContext(connection) as captured:
        client.get("/dashboard/")  # a miss: the credits within the licenses' reach
    heavy += [
        ("credits in reach (dashboard miss)", q["sql"])
        for q in captured.captured_queries
        # The credits read is plain SQL (reporting/compliance/selectors.py): the one bounded by
        # a date is the read within the licenses' reach.
        if "activities_activity" in q["sql"] and "completed_on >" in q["sql"]
    ][:1]
    with CaptureQueriesContext(connection) as captured:
        record_version(user=many, as_of=datetime.date.today())  # noqa: DTZ011
    heavy.append(("record version", captured.captured_queries[-1]["sql"]))
    with CaptureQueriesContext(connection) as captured:
        client.get("/activities/")
    heavy += [
        ("activity list rows", q["sql"])
        for q in captured.captured_queries
        if 'FROM "activities_activity"' in q["sql"] and "LIMIT" in q["sql"]
    ][:1]
    expected = {
        "credits, whole record",
        "credits in reach (dashboard miss)",
        "record version",
        "activity list rows",
    }
    missing = expected - {name for name, _ in heavy}
    if missing:  # a query's text changed: the check must not pass by finding nothing
        sys.exit(f"heavy queries not found in what the pages ran: {', '.join(sorted(missing))}")
    failed = []
    for name, sql in heavy:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        uses_index = any("Index" in line for line in plan)
        timing = next((line for line in plan if line.startswith("Execution Time")), "")
        print(f"\n{name}: uses an index: {'yes' if uses_index else 'NO'}; {timing}")
        print(f"  {sql[:300]}")
        for line in plan:
            print("    " + line)
        if not uses_index:
            failed.append(name)
    print(_stack.load_line())
    if any(c["5"] != c["500"] for c in counts.values()):
        sys.exit("a page's query count grows with the number of activities")
    if failed:
        sys.exit(f"no index used by: {', '.join(failed)}")


if __name__ == "__main__":
    main()
