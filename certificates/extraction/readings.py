"""Every certificate in an uploaded file, each with its pages, text and suggested fields.

Providers hand out bundles: a conference's sessions as one PDF, a year of journal CME, a
certificate followed by its accreditation and disclosure pages. A page starts a new certificate
when it has a certificate's own block (made out to someone, for an activity or an amount of
credit); a page without one (objectives, disclosures, the back of a certificate) continues the
certificate before it.
"""

import re
from dataclasses import dataclass

from .layout import Page
from .suggestions import Suggestions, suggestions_from_text
from .text import read_pages


@dataclass(frozen=True)
class CertificateReading:
    first_page: int  # 1-based, inclusive
    last_page: int  # 1-based, inclusive
    text: str
    method: str  # "pdf", "ocr" or "none"
    suggestions: Suggestions


_HEADING = re.compile(
    r"certificate|certif(?:y|ies) that|statement of|credit report|transcript of credit", re.I
)


def read_certificates(
    data: bytes, content_type: str, *, ocr: bool = True
) -> list[CertificateReading]:
    """Every certificate in the file, in page order; one reading for a single certificate (or
    an image)."""
    pages, method = read_pages(data, content_type, ocr=ocr)
    if method == "none" or not pages:
        last = max(1, len(pages))
        text = "\n".join(page.text for page in pages).strip()
        return [CertificateReading(1, last, text, "none", Suggestions())]
    groups: list[list[Page]] = []
    for page in pages:
        if not groups or starts_certificate(page):
            groups.append([page])
        else:
            groups[-1].append(page)
    readings = []
    for group in groups:
        text = "\n".join(page.text for page in group)
        readings.append(
            CertificateReading(
                first_page=group[0].number,
                last_page=group[-1].number,
                text=text,
                method=method,
                suggestions=suggestions_from_text(text),
            )
        )
    return readings


def starts_certificate(page: Page) -> bool:
    """Whether the page carries a certificate's own block: who it is made out to, and for what
    (a title or an amount of credit), under a certificate's heading."""
    found = suggestions_from_text(page.text)
    made_out = bool(found.learner_name) or bool(_HEADING.search(page.text))
    return made_out and bool(found.title or (found.credits and found.credit_type))
