"""HTML -> PDF with WeasyPrint, fetching nothing it was not meant to.

Transcripts print text the user typed (titles, providers). Django escapes it, and on top of that
WeasyPrint gets a URL fetcher that serves only the files in our own `static/` folder: no http(s),
no ftp, no `data:`, no file outside the assets, so even markup that slipped through could not
read /etc/passwd or reach 127.0.0.1:6379 or a cloud metadata address.
The QR code is inline SVG markup, so the transcript itself needs no fetch at all.
"""

import io
import warnings
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

import qrcode
import qrcode.image.svg
import weasyprint
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in a document resolve against this; it is not a place anything can be fetched.
BASE_URL = "https://transcript.invalid/"
PDF_VARIANT = "pdf/a-3b"


class FetchRefused(ValueError):
    """A URL the transcript renderer will not fetch."""


def _asset_roots() -> list[Path]:
    return [Path(root).resolve() for root in settings.STATICFILES_DIRS]


class LockedFetcher(URLFetcher):
    """Serves `file:` URLs inside our static folders; refuses everything else."""

    def __init__(self, roots: Sequence[Path] | None = None) -> None:
        super().__init__(timeout=1, allowed_protocols=["file"], allow_redirects=False)
        self.roots = [Path(root).resolve() for root in roots] if roots else _asset_roots()

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in {"", "localhost"}:
            raise FetchRefused(f"Transcripts fetch no {parts.scheme or 'relative'} URLs: {url}")
        path = Path(unquote(parts.path)).resolve()  # resolve() also defeats ../ and symlinks
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise FetchRefused(f"Transcripts fetch only the app's own static files: {url}")
        return URLFetcherResponse(path.as_uri(), path.read_bytes())


def qr_svg(data: str, *, box_size: int = 10) -> SafeString:
    """A QR code of `data` as inline SVG markup (we build it; it holds no user markup).

    Each module is box_size/10 mm wide: WeasyPrint draws inline SVG at its own size.
    """
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=box_size,
        border=2,
    )
    # Safe: qrcode draws `data` as path geometry; no input text reaches the markup (bandit
    # accepted finding, docs/security.md).
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308  # nosec B308 B703


def html_to_pdf(
    html: str,
    *,
    stylesheets: Sequence[str] = (),
    attachments: Sequence[tuple[str, bytes, str]] = (),
    pdf_variant: str | None = PDF_VARIANT,
    url_fetcher: URLFetcher | None = None,
) -> bytes:
    """Render `html` (+ CSS strings) to PDF bytes; attachments are (name, data, description)."""
    fetcher = url_fetcher or LockedFetcher()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its bundled sRGB profile for PDF/A and never closes it; the
        # ResourceWarning is theirs, and only shows when warnings are errors (our tests).
        warnings.filterwarnings("ignore", r"unclosed file .*sRGB2014\.icc", ResourceWarning)
        return _write_pdf(document, fetcher, stylesheets, attachments, pdf_variant)


def _write_pdf(
    document: weasyprint.HTML,
    fetcher: URLFetcher,
    stylesheets: Sequence[str],
    attachments: Sequence[tuple[str, bytes, str]],
    pdf_variant: str | None,
) -> bytes:
    return document.write_pdf(
        stylesheets=[weasyprint.CSS(string=css, url_fetcher=fetcher) for css in stylesheets],
        attachments=[
            weasyprint.Attachment(
                file_obj=io.BytesIO(data),
                name=name,
                description=description,
                relationship="Data",
                url_fetcher=fetcher,
            )
            for name, data, description in attachments
        ],
        pdf_variant=pdf_variant,
    )
