"""A certificate's pages as PNG images, drawn on the server for the review page.

The browser never gets a user's PDF to render from our origin: it gets pictures we drew, at a
bounded size, re-encoded by Pillow (so nothing of the upload's bytes but its pixels survives).
Pages are drawn once and kept in the cache, keyed by the certificate's random public id.
"""

import io
import shutil
import tempfile
from pathlib import Path

from django.core.cache import cache
from PIL import Image

from .models import Certificate
from .programs import ProgramBusy, run_bounded
from .validation import PDF

# The long side of a page image, in pixels: sharp enough to read small print beside the form.
PAGE_PIXELS = 1100
CACHE_SECONDS = 24 * 60 * 60


def page_image(certificate: Certificate, number: int) -> bytes | None:
    """Page `number` (1-based) of the certificate as a PNG, or None if it cannot be drawn."""
    if not 1 <= number <= max(certificate.pages, 1):
        return None
    key = f"certificate-page:{certificate.public_id}:{number}:{PAGE_PIXELS}"
    image = cache.get(key)
    if image is None:
        with certificate.file.open("rb") as stored:
            data = stored.read()
        image = _draw(data, certificate.content_type, number)
        if image is None:
            return None
        cache.set(key, image, CACHE_SECONDS)
    return image


def _draw(data: bytes, content_type: str, number: int) -> bytes | None:
    if content_type == PDF:
        return _draw_pdf_page(data, number)
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.thumbnail((PAGE_PIXELS, PAGE_PIXELS))
            return _png(picture)
    except Exception:
        return None  # validation accepted it; a picture we cannot draw is shown as missing


def _draw_pdf_page(data: bytes, number: int) -> bytes | None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None
    with tempfile.TemporaryDirectory(prefix="cmetrack-page-") as folder:
        directory = Path(folder)
        source = directory / "certificate.pdf"
        source.write_bytes(data)
        target = directory / "page"
        command = [
            pdftoppm,
            "-png",
            "-singlefile",
            "-f",
            str(number),
            "-l",
            str(number),
            # Bounds the long side whatever the page box says: a poster-sized page is as cheap.
            "-scale-to",
            str(PAGE_PIXELS),
            str(source),
            str(target),
        ]
        try:
            result = run_bounded(command)
        except ProgramBusy:
            return None
        drawn = target.with_suffix(".png")
        if result is None or result.returncode != 0 or not drawn.is_file():
            return None
        with Image.open(drawn) as picture:
            return _png(picture)


def _png(picture: Image.Image) -> bytes:
    output = io.BytesIO()
    picture.convert("RGB").save(output, format="PNG", optimize=False)
    return output.getvalue()


def pages_warm(certificate: Certificate, *, limit: int = 8) -> int:
    """Draw the first pages ahead (in the worker), so the review page opens with them."""
    drawn = 0
    for number in range(1, min(certificate.pages, limit) + 1):
        drawn += page_image(certificate, number) is not None
    return drawn
