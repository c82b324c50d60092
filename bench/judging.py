"""The judging queue: how many licenses a second the write-time warm-up judges and caches
(dashboard cards, license pages, compliance answers) with 1 and 2 worker processes, next to the
bulk re-evaluation that stores verdicts after a rule change, on the same data.

A real `celery worker -Q judging` (prefork) per run, Redis as broker and cache, PostgreSQL; one
`pages_warm_task` per physician, as after each physician's change. Needs Redis on loopback.
`.venv/bin/python bench/judging.py [--quick]`.
"""

import subprocess
import sys
import time
from pathlib import Path

import _stack

LICENSES = ("TX-MD", "CA-MD", "FL-MD")


def main() -> None:
    physicians = 40 if _stack.quick() else 150
    if not _stack.redis_url():
        print("judging queue: skipped (no Redis on loopback for the broker and the cache)")
        return
    url = _stack.database_create()
    _stack.django_setup(url)
    from django.core.cache import cache
    from django.utils import timezone

    from accounts.models import User
    from reporting.compliance.evaluation import licenses_reevaluate
    from reporting.compliance.selectors import record_version
    from reporting.licenses.warm import page_keys, pages_warm_task
    from reporting.models import License

    owners = [
        _stack.physician_create(f"judged{n}@example.com", activities=50, licenses=LICENSES)
        for n in range(physicians)
    ]
    licenses = License.objects.count()
    env = _stack.bench_env(url)
    broker = env["CELERY_BROKER_URL"]
    import redis

    queue = redis.Redis.from_url(broker)
    rows = []
    for processes in (1, 2):
        cache.clear()
        log = Path(_stack.ROOT / "var" / f"bench-judging-{processes}.log")
        log.parent.mkdir(exist_ok=True)
        worker = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "cmetrack",
                "worker",
                "-Q",
                "judging",
                "--pool=prefork",
                f"--concurrency={processes}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "WARNING",
            ],
            cwd=_stack.ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        try:
            # Warm the pool (imports, templates, connections) on the first physicians.
            for owner in owners[: processes * 2]:
                pages_warm_task.delay(owner.pk)
            _wait_empty(queue)
            time.sleep(2)
            cache.clear()
            started = time.perf_counter()
            for owner in owners:
                pages_warm_task.delay(owner.pk)
            _wait_empty(queue)
            today = timezone.localdate()
            pending = list(owners)
            while pending:
                user = pending[0]
                version = record_version(user=User.objects.get(pk=user.pk), as_of=today)
                ids = list(License.objects.filter(owner=user).values_list("pk", flat=True))
                keys = page_keys(version=version, license_ids=ids)
                if len(cache.get_many(keys)) == len(keys):
                    pending.pop(0)
                else:
                    time.sleep(0.05)
            seconds = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        rows.append(
            [
                f"write-time warm-up, {processes} worker process(es)",
                licenses,
                seconds,
                licenses / seconds,
            ]
        )
    started = time.perf_counter()
    licenses_reevaluate(as_of=timezone.localdate())
    seconds = time.perf_counter() - started
    rows.append(
        ["bulk re-evaluation (verdict only), in-process", licenses, seconds, licenses / seconds]
    )
    print(
        f"Judging queue: {physicians} physicians x {len(LICENSES)} licenses, 50 activities each; "
        "each warm-up judges every license of a physician and caches its cards, pages and answers"
    )
    _stack.table(["run", "licenses", "seconds", "licenses/s"], rows)
    print(_stack.load_line())


def _wait_empty(queue) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 900
    while queue.llen("judging") and time.monotonic() < deadline:
        time.sleep(0.05)


if __name__ == "__main__":
    main()
    sys.exit(0)
