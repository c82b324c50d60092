"""Every certificate in an uploaded file, each with its page range, text and suggested fields.

A stand-in that reads the whole file as one certificate; the reader that splits bundles
replaces it with the same names.
"""

from dataclasses import dataclass

from certificates.validation.pdf import pdf_reader

from .suggestions import Suggestions, suggestions_from_text
from .text import extract_text


@dataclass(frozen=True)
class CertificateReading:
    first_page: int  # 1-based, inclusive
    last_page: int  # 1-based, inclusive
    text: str
    method: str  # "pdf", "ocr" or "none"
    suggestions: Suggestions


def read_certificates(
    data: bytes, content_type: str, *, ocr: bool = True
) -> list[CertificateReading]:
    """Every certificate in the file, in page order."""
    pages = 1
    if content_type == "application/pdf":
        try:
            with pdf_reader(data) as reader:
                pages = max(1, len(reader.pages))
        except Exception:
            pages = 1
    extraction = extract_text(data, content_type, ocr=ocr)
    return [
        CertificateReading(
            first_page=1,
            last_page=pages,
            text=extraction.text,
            method=extraction.method,
            suggestions=suggestions_from_text(extraction.text),
        )
    ]
