"""Text and suggestions from certificates of different wording and layout, scans included."""

import datetime
import io
import os
from decimal import Decimal

import pytest
from PIL import Image, ImageDraw, ImageFont

from certificates.extraction.suggestions import Suggestions, suggestions_from_text
from certificates.extraction.text import NO_TEXT_MESSAGE, extract_text
from tests.certificates.factories import make_pdf, make_png
from tests.certificates.helpers import store
from tests.services import service_missing

STYLE = """
@page { size: Letter landscape; margin: 0.6in; }
body { font-family: "DejaVu Serif", serif; text-align: center; border: 6px double #246;
       padding: 1em; }
h1 { font-size: 30pt; } .name { font-size: 22pt; font-style: italic; }
table { margin: 1em auto; border-collapse: collapse; }
td, th { border: 1px solid #999; padding: 4px 10px; }
.small { font-size: 8pt; text-align: left; }
"""

CERTIFICATES = {
    "accme-enduring": (
        """<h1>Certificate of Completion</h1><p>This certifies that</p>
        <p class="name">Alice Ng, MD</p>
        <p>has participated in the enduring material titled <b>“Hypertension Update 2024”</b>
        on January 8, 2024 and is awarded 1.5 <i>AMA PRA Category 1 Credits™</i>.</p>
        <p class="small">The American College of Cardiology Foundation is accredited by the
        Accreditation Council for Continuing Medical Education (ACCME) to provide continuing medical
        education for physicians. The ACCF designates this enduring material for a maximum of
        2.0 AMA PRA Category 1 Credits™.</p>""",
        Suggestions(
            title="Hypertension Update 2024",
            provider="American College of Cardiology Foundation",
            completed_on=datetime.date(2024, 1, 8),
            credits=Decimal("1.50"),
            credit_type="ama-pra-1",
        ),
    ),
    "table-layout": (
        """<h1>Certificate of Attendance</h1><p class="name">Alice Ng, MD</p>
        <table><tr><th>Activity Title:</th><td>Managing Type 2 Diabetes in Primary Care</td></tr>
        <tr><th>Date of Activity:</th><td>03/15/2024</td></tr>
        <tr><th>Credits awarded:</th><td>3.25 AMA PRA Category 1 Credit(s)™</td></tr></table>
        <p>Jointly provided by Postgraduate Institute for Medicine and Acme Health.</p>""",
        Suggestions(
            title="Managing Type 2 Diabetes in Primary Care",
            provider="Postgraduate Institute for Medicine and Acme Health",
            completed_on=datetime.date(2024, 3, 15),
            credits=Decimal("3.25"),
            credit_type="ama-pra-1",
        ),
    ),
    "aoa-live": (
        """<p>American Osteopathic Association</p><h1>Certificate</h1>
        <p>This is to certify that Bob Osei, DO attended the live activity entitled</p>
        <p class="name">Osteopathic Manipulative Medicine Workshop</p>
        <p>held 10-12 May 2023 in Chicago and has earned 12 AOA Category 1-A credits.</p>
        <p>Sponsored by the Illinois Osteopathic Medical Society</p>""",
        Suggestions(
            title="Osteopathic Manipulative Medicine Workshop",
            provider="Illinois Osteopathic Medical Society",
            completed_on=datetime.date(2023, 5, 12),
            credits=Decimal("12.00"),
            credit_type="aoa-1a",
        ),
    ),
    "nursing-contact-hours": (
        """<h1>Continuing Education Certificate</h1>
        <p>Presented by Riverside Hospital</p>
        <p>Course title: Pain Management in the Emergency Department</p>
        <p>Completion date: 2024-02-29</p>
        <p>This activity has been awarded 2.5 ANCC contact hours.</p>""",
        Suggestions(
            title="Pain Management in the Emergency Department",
            provider="Riverside Hospital",
            completed_on=datetime.date(2024, 2, 29),
            credits=Decimal("2.50"),
            credit_type="other",
        ),
    ),
    "online-with-release-dates": (
        """<h1>Certificate of Credit</h1><p class="name">Alice Ng, MD</p>
        <p>for successfully completing the online course: Opioid Prescribing: Safe Practice</p>
        <p>Completed on Sept. 3rd, 2023</p>
        <p class="small">Release date: January 1, 2023. Expiration date: December 31, 2025.
        Provider: Medscape LLC</p>
        <p>AMA PRA Category 1 Credits™: 2.00</p>""",
        Suggestions(
            title="Opioid Prescribing: Safe Practice",
            provider="Medscape LLC",
            completed_on=datetime.date(2023, 9, 3),
            credits=Decimal("2.00"),
            credit_type="ama-pra-1",
        ),
    ),
    "claimed-versus-maximum": (
        """<h1>CME Certificate</h1>
        <p>Alice Ng, MD has claimed 15.5 AMA PRA Category 1 Credits™ for the activity
        Annual Internal Medicine Review.</p>
        <p>The conference took place on November 4 - 8, 2024.</p>
        <p class="small">The Postgraduate Institute for Medicine designates this live activity for a
        maximum of 20.0 AMA PRA Category 1 Credits™. Physicians should claim only the credit
        commensurate with the extent of their participation in the activity.</p>""",
        Suggestions(
            title="Annual Internal Medicine Review",
            provider="Postgraduate Institute for Medicine",
            completed_on=datetime.date(2024, 11, 8),
            credits=Decimal("15.50"),
            credit_type="ama-pra-1",
        ),
    ),
    "category-2": (
        """<h1>Self-Directed Learning Record</h1>
        <p>Title: Reading: NEJM review of sepsis guidelines</p>
        <p>Date: 2024-06-30</p>
        <p>Awarded 1 AMA PRA Category 2 Credit™</p>""",
        Suggestions(
            title="Reading: NEJM review of sepsis guidelines",
            provider="",
            completed_on=datetime.date(2024, 6, 30),
            credits=Decimal("1.00"),
            credit_type="ama-pra-2",
        ),
    ),
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    import weasyprint

    return {
        name: weasyprint.HTML(string=f"<style>{STYLE}</style>{body}").write_pdf()
        for name, (body, _) in CERTIFICATES.items()
    }


@pytest.mark.parametrize("name", list(CERTIFICATES))
def test_suggestions_from_rendered_certificates(rendered: dict[str, bytes], name: str) -> None:
    extraction = extract_text(rendered[name], "application/pdf")
    assert extraction.method == "pdf"
    assert _core(suggestions_from_text(extraction.text)) == _core(CERTIFICATES[name][1])


def _core(suggestions: Suggestions) -> tuple[object, ...]:
    """The fields every certificate layout here prints (the corpus tests the others)."""
    return (
        suggestions.title,
        suggestions.provider,
        suggestions.completed_on,
        suggestions.credits,
        suggestions.credit_type,
    )


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("designated for a maximum of 1.5 AMA PRA Category 1 Credits™", "credits", Decimal("1.50")),
        ("is awarded 15 AMA PRA Category 1 Credit(s)", "credits", Decimal("15.00")),
        ("for a maximum of one (1.0) AMA PRA Category 1 Credit", "credits", Decimal("1.00")),
        ("awarded 0.25 AMA PRA Category 1 Credit", "credit_type", "ama-pra-1"),
        ("3 AMA PRA Category 2 Credits", "credit_type", "ama-pra-2"),
        ("approved for 2.0 AOA Category 1-B credits", "credit_type", "aoa-1b"),
        ("4 AOA Category 2A credits", "credit_type", "aoa-2a"),
        ("4 AOA Category 2-B credits", "credit_type", "aoa-2b"),
        ("6.0 nursing contact hours", "credit_type", "other"),
        ("Expires December 31, 2025 1.0 AMA PRA Category 1", "credits", Decimal("1.00")),
        ("no numbers at all", "credits", None),
        ("on January 8, 2024", "completed_on", datetime.date(2024, 1, 8)),
        ("Jan. 8 2024", "completed_on", datetime.date(2024, 1, 8)),
        ("8 January 2024", "completed_on", datetime.date(2024, 1, 8)),
        ("01/08/2024", "completed_on", datetime.date(2024, 1, 8)),
        ("25/01/2024", "completed_on", datetime.date(2024, 1, 25)),
        ("2024-01-08", "completed_on", datetime.date(2024, 1, 8)),
        ("February 30, 2024", "completed_on", None),
        ("January 30 - February 2, 2024", "completed_on", datetime.date(2024, 2, 2)),
        (
            "Release date: 2023-01-01. Date of completion: 2023-05-04. Valid through 2026-01-01",
            "completed_on",
            datetime.date(2023, 5, 4),
        ),
        ('entitled "Stroke: the first hour" on May 1, 2024', "title", "Stroke: the first hour"),
        ("for the activity: Heart Failure 2024", "title", "Heart Failure 2024"),
        (
            "provided by Mayo Clinic School of Continuous Professional Development",
            "provider",
            "Mayo Clinic School of Continuous Professional Development",
        ),
        (
            "This activity was presented by the Texas Medical Association on May 1",
            "provider",
            "Texas Medical Association",
        ),
        (
            "The Ohio State University is accredited by the ACCME",
            "provider",
            "Ohio State University",
        ),
        ("", "title", ""),
    ],
)
def test_suggestions_table(text: str, field: str, expected: object) -> None:
    assert getattr(suggestions_from_text(text), field) == expected


def test_suggestions_as_json_use_two_place_strings_and_iso_dates() -> None:
    suggestions = Suggestions(credits=Decimal("2"), completed_on=datetime.date(2024, 1, 8))
    assert suggestions.as_dict() == {
        "title": None,
        "provider": None,
        "completed_on": "2024-01-08",
        "credits": "2.00",
        "credit_type": None,
        "started_on": None,
        "format": None,
        "topics": [],
        "designation_statement": False,
        "participation": False,
        "learner_name": None,
    }


# --- Scans: OCR with Tesseract ----------------------------------------------------------------
SCANNED = [
    "CERTIFICATE OF COMPLETION",
    "Alice Ng, MD",
    "has completed the activity titled",
    "Sepsis Recognition and Early Management",
    "on March 4, 2024",
    "and is awarded 2.75 AMA PRA Category 1 Credits",
    "Provided by Lakeside Medical Center",
]


def _scan(lines: list[str]) -> Image.Image:
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 40)
    image = Image.new("L", (1700, 1000), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((120, 80 + number * 120), line, fill=0, font=font)
    return image


def _needs_ocr() -> None:
    import shutil

    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        service_missing("tesseract and pdftoppm (apt-get install tesseract-ocr poppler-utils)")


def test_a_scanned_pdf_without_a_text_layer_is_read_by_ocr(alice, media) -> None:
    _needs_ocr()
    out = io.BytesIO()
    _scan(SCANNED).save(out, "PDF", resolution=200)
    certificate = store(alice, out.getvalue(), "scan.pdf")
    assert "Sepsis Recognition" in certificate.text
    suggestions = suggestions_from_text(certificate.text)
    assert suggestions == Suggestions(
        learner_name="Alice Ng, MD",
        topics=("infection-control",),  # sepsis
        title="Sepsis Recognition and Early Management",
        provider="Lakeside Medical Center",
        completed_on=datetime.date(2024, 3, 4),
        credits=Decimal("2.75"),
        credit_type="ama-pra-1",
    )


def test_a_photo_is_read_by_ocr(db) -> None:
    _needs_ocr()
    out = io.BytesIO()
    _scan(SCANNED).convert("RGB").save(out, "JPEG", quality=90)
    extraction = extract_text(out.getvalue(), "image/jpeg")
    assert extraction.method == "ocr"
    assert suggestions_from_text(extraction.text).credits == Decimal("2.75")


def test_without_tesseract_the_user_is_told_to_type_the_details(monkeypatch) -> None:
    monkeypatch.setenv("PATH", os.devnull)  # no binaries at all
    extraction = extract_text(make_png(), "image/png")
    assert extraction == type(extraction)(text="", method="none", message=NO_TEXT_MESSAGE)


def test_a_blank_page_yields_the_no_text_message(alice, media) -> None:
    extraction = extract_text(make_pdf([]), "application/pdf")
    assert extraction.method == "none"
    assert extraction.message == NO_TEXT_MESSAGE
