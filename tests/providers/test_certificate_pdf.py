import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from providers.certificate_pdf import BadCertificate, credits_line, render_certificate
from providers.records import Designation
from tests.providers.facts import activity, certificate


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def printed() -> str:
    facts = certificate(activity=activity(joint_providers=("Texas Society for Bedside Ethics",)))
    pages, text = pdf_text(render_certificate(facts))
    assert pages == 1
    return text


@pytest.mark.parametrize(
    "field",
    [
        "Alice Moreno, MD",
        "Riverside General Hospital",
        "in joint providership with Texas Society for Bedside Ethics",
        "Ethics at the bedside",
        "Live activity",
        "Austin, TX",
        "May 1, 2026",
        "completed May 1, 2026",
        "Issued May 2, 2026",
        "K7Q2M9XA",
        "https://cmetrack.example/verify/K7Q2M9XA/",
        "1234567",
        "123456789",
        "is accredited by the ACCME to provide continuing medical education for physicians.",
        "designates this live activity for a maximum of 3.5 AMA PRA Category 1 Credits\u2122.",
        "Physicians should claim only the credit commensurate",
    ],
)
def test_certificate_prints_every_field_an_auditor_checks(printed: str, field: str) -> None:
    assert field in printed


def test_certificate_states_the_credits_claimed_not_the_maximum(printed: str) -> None:
    assert "claimed 3.0 AMA PRA Category 1 Credits\u2122 for it" in printed
    assert "claimed 3.5" not in printed


@pytest.mark.parametrize("paper_size", ["letter", "a4"])
def test_a_long_certificate_still_fits_one_page(paper_size: str) -> None:
    facts = certificate(
        learner_name="Maria-Fernanda Alvarez-Santiago de la Cruz",
        degree_label="MD, PhD",
        activity=activity(
            title="Annual update in hospital medicine: " + "ethics, pain and opioids, " * 6,
            location="Riverside General Hospital Conference Center, 1200 Main Street, Austin, TX",
            joint_providers=("Texas Society for Bedside Ethics", "Central Texas Pain Alliance"),
            designations=(
                Designation("ama-pra-1", "AMA PRA Category 1", Decimal("12.75")),
                Designation("aoa-1a", "AOA Category 1-A", Decimal("12.75")),
            ),
        ),
    )
    pages, text = pdf_text(render_certificate(facts, paper_size=paper_size))
    assert pages == 1
    assert "AOA Category 1-A credits" in text


def test_paper_size_sets_the_page(printed: str) -> None:
    a4 = PdfReader(io.BytesIO(render_certificate(certificate(), paper_size="a4"))).pages[0]
    letter = PdfReader(io.BytesIO(render_certificate(certificate()))).pages[0]
    assert round(float(a4.mediabox.width)) == 842  # A4 landscape, points
    assert round(float(letter.mediabox.width)) == 792  # letter landscape


def test_non_category_1_claim_gets_a_participation_certificate() -> None:
    facts = certificate(
        learner_name="Sam Rivera",
        degree_label="RN",
        credit_type_slug="participation",
        credit_type_name="hours of participation",
    )
    _, text = pdf_text(render_certificate(facts))
    assert "Certificate of participation" in text
    assert "claimed 3.0 hours of participation" in text
    # The activity's designation still prints: it describes the activity, not the learner.
    assert "maximum of 3.5 AMA PRA Category 1 Credits" in text


def test_claim_above_the_designated_maximum_is_refused() -> None:
    with pytest.raises(BadCertificate, match=r"3\.75 credits were claimed .* at most 3\.5"):
        render_certificate(certificate(credits=Decimal("3.75")))


def test_certificate_without_credits_or_name_is_refused() -> None:
    with pytest.raises(BadCertificate, match="none were claimed"):
        render_certificate(certificate(credits=Decimal(0)))
    with pytest.raises(BadCertificate, match="learner's name"):
        render_certificate(certificate(learner_name="  "))


def test_unknown_paper_size_is_refused() -> None:
    with pytest.raises(BadCertificate, match="letter or A4"):
        render_certificate(certificate(), paper_size="legal")


def test_markup_in_names_prints_as_text() -> None:
    _, text = pdf_text(render_certificate(certificate(learner_name="<b>Alice</b>")))
    assert "<b>Alice</b>" in text


def test_credits_line_in_words() -> None:
    assert credits_line(certificate()) == "3.0 AMA PRA Category 1 Credits\u2122"


def test_the_qr_code_scans_to_the_verification_page(tmp_path: Path) -> None:
    (tmp_path / "c.pdf").write_bytes(render_certificate(certificate()))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", tmp_path / "c.pdf", tmp_path / "p"],
        check=True,
        timeout=60,
    )
    [image_path] = tmp_path.glob("p*.png")
    codes = zxingcpp.read_barcodes(Image.open(image_path))
    assert [c.text for c in codes if c.format == zxingcpp.BarcodeFormat.QRCode] == [
        "https://cmetrack.example/verify/K7Q2M9XA/"
    ]


def test_a_provider_without_accreditation_gets_no_category_1_certificate() -> None:
    facts = certificate(activity=activity(accreditation="none"))
    with pytest.raises(BadCertificate, match="is not accredited, so it cannot designate"):
        render_certificate(facts)
