"""The certificate a provider issues for one claim, as PDF bytes.

What an auditor (a state board, a credentialing office) checks on a CME certificate: the
physician's name and degree, the provider, the activity's title, learning format, location and
dates, the credits the physician *claimed* (never the designated maximum), the accreditation and
designation statements, and a way to verify the certificate was issued (the verification code,
with a QR code of its page on our site). Built from plain facts, rendered through the same
locked-down WeasyPrint path as transcripts; re-rendering the same facts gives the same words.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from providers.designation import CannotDesignate, ama_credit_phrase, statements
from providers.records import AMA_CATEGORY_1, AOA_CATEGORY_1, CertificateFacts, format_credits
from reporting.transcripts.pdf import html_to_pdf, qr_svg

TEMPLATE = "providers/certificate.html"
STYLESHEET = "css/certificate-pdf.css"
PAPER_SIZES = {"letter": "letter landscape", "a4": "A4 landscape"}


class BadCertificate(ValueError):
    """Facts a certificate cannot honestly print (explained in words)."""


def _check(facts: CertificateFacts) -> None:
    if facts.credits <= 0:
        raise BadCertificate("A certificate states the credits claimed, and none were claimed.")
    designation = facts.activity.designation(facts.credit_type_slug)
    if designation is not None and facts.credits > designation.maximum:
        raise BadCertificate(
            f"{format_credits(facts.credits)} credits were claimed but the activity is "
            f"designated for at most {format_credits(designation.maximum)}."
        )
    if not facts.learner_name.strip():
        raise BadCertificate("A certificate needs the learner's name.")


def certificate_context(facts: CertificateFacts) -> dict[str, object]:
    """Everything the template prints, worked out here rather than in the template."""
    _check(facts)
    activity = facts.activity
    credit_bearing = facts.credit_type_slug == AMA_CATEGORY_1 or (
        facts.credit_type_slug in AOA_CATEGORY_1
    )
    claimed: str = (
        ama_credit_phrase(facts.credits).html
        if facts.credit_type_slug == AMA_CATEGORY_1
        # Escaped by the template: the credit type's name is data.
        else f"{format_credits(facts.credits)} {facts.credit_type_name}"
    )
    try:
        printed = statements(activity)
    except CannotDesignate as refused:
        raise BadCertificate(str(refused)) from refused
    return {
        "f": facts,
        "a": activity,
        "kind": "Certificate of CME credit" if credit_bearing else "Certificate of participation",
        "claimed": claimed,
        "dates": _dates(activity.starts_on, activity.ends_on),
        "statements": printed,
        "issued_on": facts.issued_on or facts.completed_on,
        "qr": qr_svg(facts.verification_url, box_size=7),
    }


def _dates(starts: datetime.date, ends: datetime.date) -> str:
    def day(d: datetime.date) -> str:
        return f"{d.strftime('%B')} {d.day}, {d.year}"

    if starts == ends:
        return day(starts)
    return f"{day(starts)} to {day(ends)}"


def _stylesheets(paper_size: str) -> list[str]:
    path = finders.find(STYLESHEET)
    if not path:
        raise FileNotFoundError(f"static/{STYLESHEET} is missing")
    with open(path, encoding="utf-8") as handle:
        css = handle.read()
    # One of our two words, never user text.
    return [css, f"@page {{ size: {PAPER_SIZES[paper_size]}; }}"]


def render_certificate(facts: CertificateFacts, *, paper_size: str = "letter") -> bytes:
    """The certificate as PDF/A-3b bytes, one landscape page on letter or A4 paper."""
    if paper_size not in PAPER_SIZES:
        raise BadCertificate(f"Paper size must be letter or A4, not {paper_size!r}.")
    html = render_to_string(TEMPLATE, certificate_context(facts))
    return html_to_pdf(html, stylesheets=_stylesheets(paper_size))


def credits_line(facts: CertificateFacts) -> str:
    """The credits claimed in plain words (for e-mails and the page beside the download)."""
    if facts.credit_type_slug == AMA_CATEGORY_1:
        return ama_credit_phrase(facts.credits).text
    return f"{format_credits(Decimal(facts.credits))} {facts.credit_type_name}"
