"""Certificate reading: per-field accuracy on the sample corpus and the time per page.

The corpus is tests/certificates/sample_certificates (certificates.json rendered with WeasyPrint
in the layouts providers use, then scanned and photographed); every file is read with
`read_certificates` exactly as an upload is, and each field compared with what the certificate
says. Text PDFs and scans/photos are reported apart; OCR (Tesseract) runs one page at a time in
this process. `--quick` reads six scans and photos instead of all of them.
`.venv/bin/python bench/extraction.py [--quick]`.
"""

import os
import sys

import _stack

TEXT_FLOOR = 0.95
SCAN_FLOOR = 0.85


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # Accuracy is measured here, not the request-time ceilings: on a shared machine a page can
    # wait longer than production's 30 s for a core, and a timed-out OCR would count as misread.
    os.environ.setdefault("PROGRAM_TIMEOUT_SECONDS", "300")
    os.environ.setdefault("PROGRAM_CPU_SECONDS", "120")
    import django

    django.setup()
    from tests.certificates.sample_certificates.build import by_id, held_out_files, samples
    from tests.certificates.sample_certificates.score import EXTRA_FIELDS, FIELDS, read_all

    print(_stack.load_line())
    scans = samples("scan")
    photos = samples("photo")
    if _stack.quick():
        picked = {"jn-kidney", "netce-trafficking", "edhub-opioid-use-disorder"}
        scans = samples("scan", by_id(*picked))
        photos = samples(
            "photo", by_id("pim-opioids", "medscape-hepatitis", "nurse-domestic-violence")
        )
    runs = {
        "text PDFs": read_all(samples("pdf")),
        "scans": read_all(scans),
        "photos": read_all(photos),
    }
    runs["scans + photos"] = type(runs["scans"])(
        runs["scans"].outcomes + runs["photos"].outcomes,
        runs["scans"].seconds + runs["photos"].seconds,
        runs["scans"].pages + runs["photos"].pages,
    )
    # Layouts written after the reader was tuned: how it does on wording it was not fitted to.
    runs["held-out text PDFs"] = read_all(samples("pdf", held_out_files()))
    if not _stack.quick():
        runs["held-out photos"] = read_all(samples("photo", held_out_files()))
    headers = ["corpus", "certificates", "pages", *FIELDS, *EXTRA_FIELDS, "s/page"]
    _stack.table(
        headers,
        [
            [
                name,
                len(run.outcomes),
                run.pages,
                *(f"{run.accuracy(field):.0%}" for field in (*FIELDS, *EXTRA_FIELDS)),
                run.seconds / max(run.pages, 1),
            ]
            for name, run in runs.items()
        ],
    )
    misses = [
        f"  {o.sample.id} / {o.expected.id}: {', '.join(o.wrong)}"
        for run in (runs["text PDFs"], runs["scans + photos"])
        for o in run.outcomes
        if o.wrong
    ]
    if misses:
        print("wrong fields:")
        print("\n".join(misses))
    below = [
        f"{name} {field} {run.accuracy(field):.0%} < {floor:.0%}"
        for name, run, floor in (
            ("text PDFs", runs["text PDFs"], TEXT_FLOOR),
            ("scans + photos", runs["scans + photos"], SCAN_FLOOR),
        )
        for field in FIELDS
        if run.accuracy(field) < floor
    ]
    for line in below:
        print(f"BELOW THE AIM: {line}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
