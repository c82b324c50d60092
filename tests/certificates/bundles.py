"""Certificates as real providers issue them, for the capture tests: one per page, or a bundle."""

import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter

from tests.certificates.factories import make_pdf


def certificate_lines(
    title: str, *, credits: str = "1.00", day: str = "March 4, 2025", learner: str = "Alice Ng"
) -> list[str]:
    return [
        "Certificate of Completion",
        f"This certifies that {learner}, MD has participated in the enduring material titled",
        f"\u201c{title}\u201d",
        "Provider: Postgraduate Institute for Medicine",
        "Postgraduate Institute for Medicine designates this enduring material for a maximum",
        f"of {credits} AMA PRA Category 1 Credits(TM).",
        f"Completed on {day}.",
    ]


def bundle_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """One PDF whose pages are one certificate each (what a provider's "download all" gives)."""
    writer = PdfWriter()
    for lines in pages:
        writer.add_page(PdfReader(io.BytesIO(make_pdf(list(lines)))).pages[0])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
