"""Uploads built to exhaust the host: refused (or read within budget) before anything is drawn.

The real upload page, the real pdftoppm and tesseract; each program is reached through a small
wrapper on PATH that writes down the arguments it was given and then runs the real binary, so a
test can say what the rasteriser was asked to draw.
"""

import os
import shlex
import shutil
import sys
import threading
import time
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse

from certificates import programs
from certificates.extraction.text import NO_TEXT_MESSAGE, OCR_MAX_PIXELS
from certificates.models import Certificate
from certificates.validation.pdf import MAX_PDF_PAGES
from tests.certificates.conftest import stored_files
from tests.certificates.factories import pdf_from_objects
from tests.services import service_missing

UPLOAD = reverse("certificates:upload")


def blank_page_pdf(width: float, height: float) -> bytes:
    """One page of the given size in points with a drawn box and no text layer: a scan to OCR."""
    content = b"0.5 g 36 36 100 100 re f"
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents 4 0 R "
            b"/Resources << >> >>" % (width, height),
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        ]
    )


def page_tree_bomb(fan_out: int = 46, depth: int = 3) -> bytes:
    """A page tree in which every level names the next level's one node `fan_out` times.

    46 ** 3 = 97,336 pages from a file of about a kilobyte and a half.
    """
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        kid = level + 3
        kids = b" ".join(b"%d 0 R" % kid for _ in range(fan_out))
        count = fan_out ** (depth - level)
        objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count))
    page = depth + 2
    content = page + 1
    objects.append(b"<< /Type /Page /MediaBox [0 0 612 792] /Contents %d 0 R >>" % content)
    objects.append(b"<< /Length 0 >>\nstream\n\nendstream")
    assert objects[page - 1].startswith(b"<< /Type /Page ")
    return pdf_from_objects(objects)


def many_pages_pdf(count: int) -> bytes:
    """`count` real pages (each its own object with its own content stream)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for _ in range(count):
        kids.append(b"%d 0 R" % (len(objects) + 1))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>"
            % (len(objects) + 2)
        )
        objects.append(b"<< /Length 0 >>\nstream\n\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), count)
    return pdf_from_objects(objects)


@pytest.fixture
def program_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put argument-logging wrappers of pdftoppm and tesseract first on PATH; return the log."""
    log = tmp_path / "programs.log"
    log.touch()
    wrappers = tmp_path / "bin"
    wrappers.mkdir()
    for name in ("pdftoppm", "tesseract"):
        real = shutil.which(name)
        if real is None:
            service_missing(f"{name} (apt-get install poppler-utils tesseract-ocr)")
        wrapper = wrappers / name
        wrapper.write_text(
            f'#!/bin/sh\necho "{name} $*" >> {shlex.quote(str(log))}\nexec {real} "$@"\n'
        )
        wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrappers}{os.pathsep}{os.environ['PATH']}")
    return log


@pytest.fixture
def flatten_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every time pypdf flattens a page tree into its page list (and let it)."""
    calls: list[int] = []
    original = pypdf.PdfReader._flatten

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pypdf.PdfReader, "_flatten", counting)
    return calls


def post(client, data: bytes, name: str = "scan.pdf"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def test_a_poster_sized_page_is_refused_before_any_program_draws_it(
    alice_client, media, program_log
):  # type: ignore[no-untyped-def]
    bomb = blank_page_pdf(4800, 4800)
    assert len(bomb) < 1024

    response = post(alice_client, bomb)

    assert response.status_code == 400
    assert "page of 169 by 169 cm" in response.content.decode()
    assert "at most 1.5 square metres" in response.content.decode()
    assert program_log.read_text() == ""  # neither pdftoppm nor tesseract ever started
    assert not Certificate.objects.exists()
    assert stored_files(media) == []


def test_a_page_tree_naming_one_node_thousands_of_times_is_refused_by_counting(
    alice_client, media, flatten_calls
):  # type: ignore[no-untyped-def]
    bomb = page_tree_bomb()
    assert len(bomb) < 2048

    response = post(alice_client, bomb)

    assert response.status_code == 400
    assert f"more than {MAX_PDF_PAGES} pages" in response.content.decode()
    assert flatten_calls == []  # refused before pypdf built its list of 97,336 pages
    assert not Certificate.objects.exists()
    assert stored_files(media) == []


def test_a_ten_thousand_page_pdf_is_refused_by_counting(alice_client, media, flatten_calls):  # type: ignore[no-untyped-def]
    response = post(alice_client, many_pages_pdf(10_000))

    assert response.status_code == 400
    assert f"more than {MAX_PDF_PAGES} pages" in response.content.decode()
    assert flatten_calls == []
    assert not Certificate.objects.exists()
    assert stored_files(media) == []


def test_a_large_scan_is_read_at_a_resolution_that_fits_the_pixel_budget(
    alice_client, media, program_log
):  # type: ignore[no-untyped-def]
    # A2 (42 x 59.4 cm): 35 million pixels at 300 dpi, so it is drawn smaller.
    response = post(alice_client, blank_page_pdf(1191, 1684))

    assert response.status_code == 302
    assert Certificate.objects.count() == 1
    calls = [line.split() for line in program_log.read_text().splitlines()]
    rasterised = [call for call in calls if call[0] == "pdftoppm"]
    assert len(rasterised) == 1
    arguments = rasterised[0]
    width = int(arguments[arguments.index("-scale-to-x") + 1])
    height = int(arguments[arguments.index("-scale-to-y") + 1])
    assert width * height <= OCR_MAX_PIXELS
    assert width * height > OCR_MAX_PIXELS * 0.9  # read as sharp as the budget allows
    assert "-r" not in arguments  # the size is fixed in pixels, never left to a resolution


def test_a_scan_too_large_to_read_sharply_within_budget_is_kept_without_ocr(
    alice_client, media, program_log
):  # type: ignore[no-untyped-def]
    # A0 (84 x 119 cm) fits the page-size rule but would need 140 million pixels at 300 dpi.
    response = post(alice_client, blank_page_pdf(2384, 3370), name="poster.pdf")

    assert response.status_code == 302
    assert program_log.read_text() == ""
    assert Certificate.objects.get().text == ""
    follow = alice_client.get(response["Location"])
    assert NO_TEXT_MESSAGE in follow.content.decode()


# --- The runner: ceilings the kernel enforces ------------------------------------------------
def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_a_program_asking_for_more_memory_than_its_ceiling_fails(settings):  # type: ignore[no-untyped-def]
    limits = programs.Limits(memory_bytes=256 * 2**20, cpu_seconds=10, timeout_seconds=20)

    result = programs.run_bounded(
        python("b = bytearray(1024 * 1024 * 1024); print('allocated')"), limits=limits
    )

    assert result is not None
    assert result.returncode != 0
    assert b"MemoryError" in result.stderr
    assert b"allocated" not in result.stdout


def test_a_program_computing_past_its_cpu_ceiling_is_stopped_by_the_kernel(settings):  # type: ignore[no-untyped-def]
    limits = programs.Limits(memory_bytes=512 * 2**20, cpu_seconds=1, timeout_seconds=30)

    result = programs.run_bounded(python("while True: pass"), limits=limits)

    assert result is not None
    assert result.returncode == -24  # SIGXCPU: the CPU ceiling, not our wall-clock timeout


def test_no_more_programs_run_at_once_than_the_concurrency_setting(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PROGRAM_CONCURRENCY = 2
    running = tmp_path / "running"
    running.mkdir()
    # Each child registers itself, looks how many are running, waits, and leaves.
    code = (
        "import os, sys, time, pathlib;"
        f"d = pathlib.Path({str(running)!r}); me = d / str(os.getpid()); me.touch();"
        "time.sleep(0.3); print(len(list(d.iterdir()))); me.unlink()"
    )
    seen: list[int] = []

    def one() -> None:
        result = programs.run_bounded(python(code))
        assert result is not None
        seen.append(int(result.stdout))

    threads = [threading.Thread(target=one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(seen) == 6
    assert max(seen) <= 2


def test_a_caller_that_finds_every_slot_taken_gives_up_instead_of_queueing(settings):  # type: ignore[no-untyped-def]
    settings.PROGRAM_CONCURRENCY = 1
    settings.PROGRAM_SLOT_WAIT_SECONDS = 0.1
    started = threading.Event()

    def hold() -> None:
        started.set()
        programs.run_bounded(python("import time; time.sleep(1)"))

    holder = threading.Thread(target=hold)
    holder.start()
    started.wait()
    try:
        # The holder's child is running: give it a moment to have taken the only slot.
        time.sleep(0.2)
        with pytest.raises(programs.ProgramBusy):
            programs.run_bounded(python("print(1)"))
    finally:
        holder.join()
