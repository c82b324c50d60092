"""Text from a validated certificate, page by page: its PDF text layer (pdfplumber's positioned
words, pypdf as the fallback), else Tesseract OCR (its TSV output: words with their boxes).

Runs only on files `validation` accepted, so every stream is already within its size budget.
OCR needs the `tesseract` binary (Debian: tesseract-ocr) and, for PDFs, `pdftoppm`
(poppler-utils); without them a scan simply yields no text and the user types the details.
Both run through `programs.run_bounded` (memory, CPU, time and concurrency ceilings), and a page
is drawn only at a size measured beforehand to fit OCR_MAX_PIXELS.
"""

import io
import math
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from certificates.programs import ProgramBusy, run_bounded
from certificates.validation import PDF, PNG
from certificates.validation.pdf import page_boxes, pdf_reader

from .deskew import straighten
from .layout import Page, lines_from_segments, pdf_pages, tsv_segments

NO_TEXT_MESSAGE = "No text was found in this file; please type the details."
# A bundle of certificates (a conference's sessions, a year of journal CME) runs to a few pages
# each; past these the rest is left for the physician to type.
MAX_TEXT_PAGES = 20
MAX_OCR_PAGES = 10
MAX_TEXT_CHARS = 100_000
OCR_DPI = 300
# Below this Tesseract misreads certificate small print: a page that fits the pixel budget only
# at a lower resolution is not read at all (the user types the details).
OCR_MIN_DPI = 150
# Pixels one page may become before OCR. A Letter page at 300 dpi is 8.4 million, A3 17 million;
# a page drawn at poster size is read at a lower resolution, or (below OCR_MIN_DPI) not at all.
OCR_MAX_PIXELS = 25_000_000
# Fewer letters than this on the text layer means a scan (or a page of only a logo).
_MEANINGFUL_LETTERS = 20


@dataclass(frozen=True)
class Extraction:
    text: str
    method: str  # "pdf", "ocr" or "none"
    message: str = ""


@dataclass(frozen=True)
class RasterPage:
    """One page to rasterise for OCR: its 1-based number and the exact pixel size to draw."""

    number: int
    width: int
    height: int
    dpi: int


def extract_text(data: bytes, content_type: str, *, ocr: bool = True) -> Extraction:
    """The certificate's text: the PDF text layer, else OCR, else a message for the user."""
    pages, method = read_pages(data, content_type, ocr=ocr)
    text = "\n".join(page.text for page in pages)[:MAX_TEXT_CHARS]
    if method == "none":
        return Extraction(text=text.strip(), method="none", message=NO_TEXT_MESSAGE)
    return Extraction(text=text, method=method)


def read_pages(data: bytes, content_type: str, *, ocr: bool = True) -> tuple[list[Page], str]:
    """Each page's lines and how they were read: "pdf", "ocr" or "none" (nothing legible)."""
    pages = pdf_layout(data) if content_type == PDF else []
    if _meaningful("".join(page.text for page in pages)):
        return pages, "pdf"
    recognised = ocr_pages(data, content_type) if ocr else None
    if recognised and _meaningful("".join(page.text for page in recognised)):
        return recognised, "ocr"
    return pages, "none"


def _meaningful(text: str) -> bool:
    return sum(char.isalpha() for char in text) >= _MEANINGFUL_LETTERS


def pdf_layout(data: bytes) -> list[Page]:
    """The text layer page by page, in reading order with table headers paired to values."""
    try:
        return pdf_pages(data, max_pages=MAX_TEXT_PAGES)
    except Exception:
        # pdfminer is stricter than pypdf about some real-world quirks; the plain text layer
        # still beats asking the physician to type everything.
        return [
            Page(number, tuple(line for line in text.splitlines() if line.strip()))
            for number, text in enumerate(_pypdf_pages(data), start=1)
        ]


def pdf_text(data: bytes) -> str:
    return "\n".join(_pypdf_pages(data))[:MAX_TEXT_CHARS]


def _pypdf_pages(data: bytes) -> list[str]:
    try:
        with pdf_reader(data) as reader:
            return [page.extract_text() or "" for page in reader.pages[:MAX_TEXT_PAGES]]
    except Exception:
        # Validation already accepted the file; text extraction is a convenience and one
        # odd font must not fail the upload.
        return []


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_text(data: bytes, content_type: str) -> str | None:
    """Text recognised by Tesseract, or None when OCR is not possible (or not affordable) here."""
    pages = ocr_pages(data, content_type)
    if pages is None:
        return None
    return "\n".join(page.text for page in pages)[:MAX_TEXT_CHARS]


def ocr_pages(data: bytes, content_type: str) -> list[Page] | None:
    """Each page as Tesseract reads it, or None when OCR is not possible (or affordable) here."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return None
    try:
        with tempfile.TemporaryDirectory(prefix="cmetrack-ocr-") as folder:
            directory = Path(folder)
            if content_type == PDF:
                images = _rasterise(data, directory)
                if images is None:
                    return None
            else:
                if _image_pixels(data) > OCR_MAX_PIXELS:
                    return None
                image = directory / ("page.png" if content_type == PNG else "page.jpg")
                image.write_bytes(data)
                images = [(1, image, _image_dpi(image))]
            return [
                Page(
                    number,
                    tuple(
                        lines_from_segments(
                            tsv_segments(_tesseract(tesseract, _level(path, dpi), dpi))
                        )
                    ),
                )
                for number, path, dpi in images
            ]
    except ProgramBusy:
        # Every OCR slot of this process is taken (a burst of scans): the upload still
        # succeeds, and the user types the details, rather than waiting in line.
        return None


def raster_plan(data: bytes) -> list[RasterPage]:
    """The first pages to OCR and their pixel sizes, every one within OCR_MAX_PIXELS.

    Measured from the page tree before anything is drawn; pages too large to read at
    OCR_MIN_DPI within the budget are left out.
    """
    try:
        with pdf_reader(data) as reader:
            boxes = page_boxes(reader)
    except Exception:
        return []
    plan = []
    for number, (width, height) in enumerate(boxes[:MAX_OCR_PAGES], start=1):
        area_inches = max(width * height / (72 * 72), 1e-6)
        dpi = min(OCR_DPI, math.floor(math.sqrt(OCR_MAX_PIXELS / area_inches)))
        if dpi < OCR_MIN_DPI:
            continue
        pixels_wide = max(1, math.floor(width / 72 * dpi))
        pixels_high = max(1, math.floor(height / 72 * dpi))
        plan.append(RasterPage(number, pixels_wide, pixels_high, dpi))
    return plan


def _image_pixels(data: bytes) -> int:
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            width, height = image.size
    except Exception:
        return OCR_MAX_PIXELS + 1
    return width * height


def _image_dpi(image: Path) -> int | None:
    """The resolution a scanned image says it was scanned at, if it says so plausibly.

    Cameras write 72 or 96 dpi whatever they photographed; for those (and images that say
    nothing) Tesseract estimates the resolution from the size of the letters instead.
    """
    try:
        with Image.open(image) as opened:
            dpi = opened.info.get("dpi")
    except Exception:
        return None
    if not dpi:
        return None
    resolution = round(float(dpi[0]))
    return resolution if OCR_MIN_DPI <= resolution <= 1200 else None


def _rasterise(data: bytes, directory: Path) -> list[tuple[int, Path, int | None]] | None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None
    source = directory / "certificate.pdf"
    source.write_bytes(data)
    images: list[tuple[int, Path, int | None]] = []
    for page in raster_plan(data):
        target = directory / f"page-{page.number}"
        # -scale-to-x/-y fix the bitmap's size whatever the renderer makes of the page box, so
        # the pixel budget holds even where pdftoppm and pypdf disagree about a page.
        # Greymap (PGM), not PNG: compressing a noisy scan's pixels took pdftoppm 9 s a page,
        # writing them 0.2 s, and the file lives only until Tesseract has read it.
        command = [
            pdftoppm,
            "-gray",
            "-singlefile",
            "-f",
            str(page.number),
            "-l",
            str(page.number),
            "-scale-to-x",
            str(page.width),
            "-scale-to-y",
            str(page.height),
            str(source),
            str(target),
        ]
        result = run_bounded(command)
        image = target.with_suffix(".pgm")
        if result is not None and result.returncode == 0 and image.is_file():
            images.append((page.number, image, page.dpi))
    return images


def _level(image: Path, dpi: int | None) -> Path:
    """The page turned level (a photo's tilt loses Tesseract whole paragraphs); as it was if
    it cannot be read here."""
    try:
        with Image.open(image) as opened:
            level = straighten(opened)
    except Exception:
        return image
    # Uncompressed TIFF: quick to write (see _rasterise) and it carries the resolution.
    target = image.with_name(f"{image.stem}-level.tif")
    if dpi:
        # The resolution travels with the file as well as on Tesseract's command line.
        level.save(target, dpi=(dpi, dpi))
    else:
        level.save(target)
    return target


def _tesseract(binary: str, image: Path, dpi: int | None) -> str:
    # TSV: every word with its box, so a table's header row can be paired with its values.
    command = [binary, str(image), "stdout", "-l", "eng", "--psm", "3"]
    # Without the page's resolution Tesseract assumes 70 dpi and sizes its layout analysis to
    # it: a scanned table's rules and cells then merge, losing labels such as "Course Title:".
    if dpi:
        command += ["--dpi", str(dpi)]
    result = run_bounded([*command, "tsv"])
    if result is None or result.returncode != 0:
        return ""
    return result.stdout.decode("utf-8", errors="replace")
