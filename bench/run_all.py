"""Run every benchmark in turn and print its table: `make bench` (add BENCH_ARGS=--quick).

Each script starts what it needs (PostgreSQL, a fresh `cmetrack_bench` database, gunicorn,
moto, worker processes), so each also runs alone: `.venv/bin/python bench/pages.py`.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = (
    "queries",
    "pages",
    "roster",
    "judging",
    "engine",
    "transcript",
    "uploads",
    "extraction",
    "cold_start",
)


def main() -> int:
    args = [a for a in sys.argv[1:] if a.startswith("--")]
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    failed = []
    started = time.perf_counter()
    for name in only or ORDER:
        print(f"\n== bench/{name}.py {' '.join(args)}", flush=True)
        began = time.perf_counter()
        code = subprocess.run([sys.executable, str(HERE / f"{name}.py"), *args]).returncode
        print(f"(bench/{name}.py: {time.perf_counter() - began:.0f} s, exit {code})", flush=True)
        if code:
            failed.append(name)
    print(f"\nall benchmarks: {time.perf_counter() - started:.0f} s; load {os.getloadavg()[0]:.2f}")
    sys.path.insert(0, str(HERE))
    import _stack

    _stack.database_drop()  # the bench's database and its template: nothing left behind
    if failed:
        print(f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
