"""Engine: evaluations per second (pure engine, in memory), and the bulk re-evaluation of every
license after a rule change on PostgreSQL (time and queries: set-based, not one per user).

Pure part: 10,000 licenses spread over every board with rules in force, 100 credits each,
evaluated with `reporting.engine.evaluate`. Bulk part: 10,000 physicians (one license and 20
activities each, bulk-inserted) judged by
`reporting.compliance.evaluation.licenses_reevaluate`, queries counted with
CaptureQueriesContext. `.venv/bin/python bench/engine.py [--quick]`.
"""

import datetime
import random
import time
from decimal import Decimal

import _stack

UNUSABLE = "!"  # an unusable password hash


def main() -> None:
    licenses_n, users_n = (2_000, 2_000) if _stack.quick() else (10_000, 10_000)
    credits_n, per_user_db = 100, 20
    url = _stack.database_create()
    _stack.django_setup(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from activities.models import CreditType, Topic
    from reporting.compliance.evaluation import licenses_reevaluate
    from reporting.engine import Credit, LicenseFacts, evaluate
    from reporting.models import Board, License, RuleSet
    from reporting.rules import adapters
    from reporting.rules import selectors as rules_selectors

    today = datetime.date.today()  # noqa: DTZ011 (the server's day)
    boards = list(Board.objects.select_related("shares_rules_with").order_by("code"))
    versions = rules_selectors.rule_sets_for_boards(boards)
    specs = []
    for board in boards:
        rule_set = rules_selectors.rule_set_in_force(versions.get(board.rules_board.pk, []), today)
        if rule_set is not None:
            specs.append((board, adapters.rule_set_spec(rule_set)))
    kinds = list(CreditType.objects.values_list("slug", flat=True))
    topics = list(Topic.objects.values_list("slug", flat=True))
    rng = random.Random(8)

    def credit_list(seed: int) -> list[Credit]:
        return [
            Credit(
                activity_id=seed * 1000 + i,
                completed_on=today - datetime.timedelta(days=rng.randrange(900)),
                credit_type=kinds[i % min(2, len(kinds))] if i % 10 else rng.choice(kinds),
                credits=Decimal("1.50"),
                topics=frozenset({rng.choice(topics)}) if i % 6 == 0 else frozenset(),
                title=f"Activity {i}",
            )
            for i in range(credits_n)
        ]

    pool = [credit_list(seed) for seed in range(50)]  # 50 distinct records, reused
    work = []
    for i in range(licenses_n):
        board, spec = specs[i % len(specs)]
        facts = LicenseFacts(
            board=board.code,
            issued_on=today - datetime.timedelta(days=4000),
            expires_on=today + datetime.timedelta(days=30 + i % 700),
        )
        work.append((spec, facts, pool[i % len(pool)]))
    started = time.perf_counter()
    for spec, facts, credits in work:
        evaluate(spec, facts, credits, today)
    pure_seconds = time.perf_counter() - started

    # --- Bulk re-evaluation on PostgreSQL ---
    started = time.perf_counter()
    users = User.objects.bulk_create(
        [User(email=f"md{i}@example.com", password=UNUSABLE) for i in range(users_n)],
        batch_size=5000,
    )
    board_ids = [board.pk for board, _ in specs]
    License.objects.bulk_create(
        [
            License(
                owner_id=user.pk,
                board_id=board_ids[i % len(board_ids)],
                number=f"L{i:07d}",
                issued_on=today - datetime.timedelta(days=4000),
                expires_on=today + datetime.timedelta(days=30 + i % 700),
            )
            for i, user in enumerate(users)
        ],
        batch_size=5000,
    )
    _stack.activities_bulk_create([u.pk for u in users], per_user=per_user_db)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    load_seconds = time.perf_counter() - started
    # A rule change: a new version of one rule set, then every license judged again.
    assert RuleSet.objects.exists()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        judged = licenses_reevaluate(as_of=today)
    bulk_seconds = time.perf_counter() - started
    assert judged == users_n, judged
    checked = License.objects.filter(compliance_checked_at__isnull=False).count()

    print(f"Engine: {len(specs)} boards' rule sets in force, {credits_n} credits per license")
    _stack.table(
        ["measurement", "licenses", "seconds", "per second", "SQL queries"],
        [
            ["pure evaluate() in memory", licenses_n, pure_seconds, licenses_n / pure_seconds, 0],
            [
                f"licenses_reevaluate, PostgreSQL ({per_user_db} activities/user)",
                judged,
                bulk_seconds,
                judged / bulk_seconds,
                len(captured.captured_queries),
            ],
        ],
    )
    print(
        f"bulk: {users_n} physicians, {checked} verdicts stored; queries grow with chunks "
        f"(2,000 licenses each), not users; bulk insert took {load_seconds:.1f} s (not counted)"
    )
    print(_stack.load_line())


if __name__ == "__main__":
    main()
