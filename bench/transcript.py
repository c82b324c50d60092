"""Transcript render time and peak memory for 20, 200 and 1,000 activities, against a floor.

The floor is a bare WeasyPrint table of the same rows and page count: what any HTML-to-PDF
transcript costs. Each measurement runs in a fresh subprocess so that peak RSS
(resource.getrusage) belongs to that render alone. The context is built in memory (no
database): `.venv/bin/python bench/transcript.py [--quick]`.

Worker throughput (transcripts per minute with 1 and 2 worker processes) runs on a fresh
PostgreSQL database (`cmetrack_bench`): each worker process is started and warmed (Django,
fonts) before the clock starts, then renders its share of queued transcripts with
`reporting.transcripts.transcript_render`, the body of the Celery task.
"""

import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (20, 200, 1000)


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmetrack.settings")
    import django

    django.setup()


def _context(count: int):  # type: ignore[no-untyped-def]
    from reporting.transcripts import ActivityRow, LicenseInfo, Physician, transcript_context

    rng = random.Random(count)
    kinds = ["AMA PRA Category 1", "AMA PRA Category 2", "AOA Category 1-A"]
    rows = [
        ActivityRow(
            activity_id=i,
            completed_on=datetime.date(2025, 9, 1) + datetime.timedelta(days=i % 700),
            title=f"Activity {i}: "
            + " ".join(
                rng.choice(["cardiology", "sepsis", "ethics", "update", "review", "course"])
                for _ in range(6)
            ),
            provider="Accredited Provider of Continuing Education",
            credit_type=kinds[i % 3],
            credit_type_position=i % 3,
            credits=Decimal("1.25"),
            topics=("Medical ethics",) if i % 7 == 0 else (),
            has_certificate=i % 2 == 0,
        )
        for i in range(count)
    ]
    return transcript_context(
        physician=Physician("Alice Ng", "MD", "1234567893", "alice@example.com"),
        license=LicenseInfo("TX-MD", "Texas Medical Board", "Q12345678"),
        cycle_start=datetime.date(2025, 8, 31),
        cycle_end=datetime.date(2027, 8, 31),
        activities=rows,
        report=None,
        generated_at=datetime.datetime(2026, 11, 22, tzinfo=datetime.UTC),
        verification_code="bench-code-0000000000",
        verification_url="https://cmetrack.example/verify/bench-code-0000000000",
    )


def _floor_html(count: int) -> str:
    rows = "".join(
        f"<tr><td>2026-01-01</td><td>Activity {i}: cardiology sepsis ethics update review "
        f"course</td><td>Accredited Provider of Continuing Education</td><td>1.25</td>"
        f"<td></td><td>yes</td></tr>"
        for i in range(count)
    )
    return f"<table>{rows}</table>"


FLOOR_ROWS_PER_PAGE = 15  # two-line rows (equal fixed columns) on a letter page


def measure(kind: str, count: int) -> dict[str, float]:
    """One render in this process: seconds, pages and peak RSS (MB).

    For the floor, `count` is the number of pages to fill.
    """
    _setup_django()
    from pypdf import PdfReader

    from reporting.transcripts import transcript_pdf
    from reporting.transcripts.pdf import html_to_pdf

    html_to_pdf("<p>warm-up: fonts</p>", pdf_variant=None)
    context = _context(count)
    started = time.perf_counter()
    if kind == "transcript":
        pdf = transcript_pdf(context)
    else:
        css = (
            "@page { size: letter; margin: 18mm 15mm 20mm } html { font: 9pt 'DejaVu Sans' } "
            "table { table-layout: fixed; width: 100% }"
        )
        pdf = html_to_pdf(
            _floor_html(count * FLOOR_ROWS_PER_PAGE), stylesheets=[css], pdf_variant=None
        )
    seconds = time.perf_counter() - started
    import io

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "pages": pages, "peak_mb": peak_mb, "bytes": len(pdf)}


def _run(kind: str, count: int) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--one", kind, str(count)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


# --- Worker throughput ---------------------------------------------------------------------
WORKER_ACTIVITIES = 200  # a physician's two-year record


def worker(ids: list[str]) -> None:
    """One worker process: set up and warm, say ready, wait for go, render `ids` in turn."""
    _setup_django()
    from reporting.transcripts import transcript_render
    from reporting.transcripts.pdf import html_to_pdf

    html_to_pdf("<p>warm-up: fonts</p>", pdf_variant=None)
    print("ready", flush=True)
    sys.stdin.readline()
    for transcript_id in ids:
        transcript = transcript_render(transcript_id=transcript_id)
        assert transcript is not None, transcript_id
        assert transcript.status == "ready", transcript_id
    print("done", flush=True)


def worker_throughput() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import _stack

    per_run = 4 if _stack.quick() else 6
    url = _stack.database_create()
    _stack.django_setup(url)
    from reporting.models import License, Transcript
    from reporting.transcripts.services import license_cycles

    user = _stack.physician_create(
        "transcripts@example.com", activities=WORKER_ACTIVITIES, licenses=("TX-MD",)
    )
    license = License.objects.get(owner=user)
    cycle = license_cycles(license)[0]
    env = _stack.bench_env(url)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    rows = []
    for processes in (1, 2):
        ids = [
            str(
                Transcript.objects.create(
                    owner=user, license=license, cycle_start=cycle.start, cycle_end=cycle.end
                ).pk
            )
            for _ in range(per_run)
        ]
        workers = [
            subprocess.Popen(
                [sys.executable, __file__, "--worker", *ids[k::processes]],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
                env=env,
            )
            for k in range(processes)
        ]
        for process in workers:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
        started = time.perf_counter()
        for process in workers:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        for process in workers:
            process.communicate(timeout=600)
            assert process.returncode == 0, "a worker failed"
        seconds = time.perf_counter() - started
        ready = Transcript.objects.filter(pk__in=ids, status="ready").count()
        assert ready == per_run, f"{ready} of {per_run} transcripts ready"
        rows.append([processes, per_run, seconds, per_run / seconds * 60])
    print(
        f"\nWorker throughput: transcripts of {WORKER_ACTIVITIES} activities, PostgreSQL, "
        "each worker warmed before the clock starts"
    )
    _stack.table(["worker processes", "transcripts", "seconds", "per minute"], rows)
    print(_stack.load_line())


def main() -> None:
    print(
        f"{'activities':>10} {'pages':>5} {'render s':>9} {'peak MB':>8} | "
        f"{'floor pages':>11} {'floor s':>8} {'floor MB':>8} | {'time x':>6} {'mem x':>6}"
    )
    quick = "--quick" in sys.argv
    repeats = 2 if quick else 3
    for count in SIZES[:2] if quick else SIZES:
        # Ours and the floor alternate, `repeats` times; the medians (and the median of the
        # pairwise ratios) hold when a neighbour slows one render of the run.
        pairs = []
        for _ in range(repeats):
            ours = _run("transcript", count)
            pairs.append((ours, _run("floor", int(ours["pages"]))))
        ours = {key: statistics.median(o[key] for o, _ in pairs) for key in pairs[0][0]}
        floor = {key: statistics.median(f[key] for _, f in pairs) for key in pairs[0][1]}
        ratio = statistics.median(o["seconds"] / f["seconds"] for o, f in pairs)
        print(
            f"{count:>10} {ours['pages']:>5.0f} {ours['seconds']:>9.2f} {ours['peak_mb']:>8.0f} | "
            f"{floor['pages']:>11.0f} {floor['seconds']:>8.2f} {floor['peak_mb']:>8.0f} | "
            f"{ratio:>6.2f} {ours['peak_mb'] / floor['peak_mb']:>6.2f}"
        )
    print(f"medians of {repeats} alternating runs; time x = median of the pairwise ratios;")
    print("floor = a bare WeasyPrint table filling the same pages (no PDF/A, QR or grouping);")
    print("peak MB = max RSS of a fresh process that imported Django, warmed fonts, rendered once.")
    worker_throughput()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]))))
    elif len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2:])
    else:
        main()
