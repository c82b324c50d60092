"""The PDF itself: read back with pypdf, as a board reviewer's software would."""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from accounts.models import PaperSize
from reporting import transcripts
from reporting.models import Transcript
from reporting.transcripts import ActivityRow, LicenseInfo, Physician, transcript_context
from reporting.transcripts.pdf import FetchRefused, LockedFetcher, html_to_pdf

pytestmark = pytest.mark.django_db

HOSTILE_TITLES = [
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://127.0.0.1:6379/">',
    '<div style="background: url(http://169.254.169.254/latest/meta-data/)">metadata</div>',
    '<a rel="attachment" href="file:///etc/passwd">passwd</a>',
    "<style>@import url(https://example.com/x.css);</style>",
]


class RecordingFetcher(LockedFetcher):
    """The real locked fetcher, noting every URL WeasyPrint asks it for."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
        self.calls.append(url)
        return super().fetch(url, headers)


def _render(alice, kind: str = Transcript.Kind.TRANSCRIPT) -> tuple[Transcript, PdfReader]:  # type: ignore[no-untyped-def]
    license = alice.licenses.get()
    requested = transcripts.transcript_request(owner=alice, license_id=license.pk, kind=kind)
    transcript = transcripts.transcript_render(transcript_id=requested.pk)
    assert transcript.status == Transcript.Status.READY, transcript.error
    with transcript.file.open("rb") as handle:
        data = handle.read()
    return transcript, PdfReader(io.BytesIO(data))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_context_groups_the_cycles_activities_by_credit_type_with_subtotals() -> None:
    def row(i: int, kind: str, credits: str, day: datetime.date) -> ActivityRow:
        return ActivityRow(i, day, f"A{i}", "P", kind, Decimal(credits), credit_type_position=i)

    context = transcript_context(
        physician=Physician("Alice Ng", "MD", "1234567893", "a@example.com"),
        license=LicenseInfo("TX-MD", "Texas Medical Board", "Q12345678"),
        cycle_start=datetime.date(2025, 8, 31),
        cycle_end=datetime.date(2027, 8, 31),
        activities=[
            row(0, "Category 1", "1.25", datetime.date(2026, 1, 1)),
            row(0, "Category 1", "2.00", datetime.date(2025, 9, 1)),
            row(1, "Category 2", "3.00", datetime.date(2026, 2, 1)),
            row(0, "Category 1", "9.00", datetime.date(2025, 8, 31)),  # the start is exclusive
        ],
        report=None,
        generated_at=datetime.datetime(2026, 11, 22, tzinfo=datetime.UTC),
        verification_code="code",
        verification_url="https://x/verify/code",
    )
    assert [(g.credit_type, g.subtotal, len(g.rows)) for g in context.groups] == [
        ("Category 1", Decimal("3.25"), 2),
        ("Category 2", Decimal("3.00"), 1),
    ]
    assert [r.completed_on.month for r in context.groups[0].rows] == [9, 1]
    assert context.total_credits == Decimal("6.25")
    assert context.license.last4 == "5678"
    assert context.notes  # no rules on file is said, not hidden
    # Without rules every activity of the cycle is listed, and the column adds up.
    text = _text(PdfReader(io.BytesIO(transcripts.transcript_pdf(context))))
    assert "No board rules were on file for this cycle" in text
    assert "Credits counted 6.25" in text
    assert "A0, P Category 1 — 2.00 1 Jan 2026 A0, P Category 1 — 1.25 1 Feb 2026 A1" in text
    assert "Category 2 — 3.00 Total 6.25" in text
    assert "Alice Ng, MD" in text


def test_the_transcript_has_the_physician_every_activity_totals_and_the_code(
    alice, cme_record
) -> None:
    transcript, reader = _render(alice)
    text = _text(reader)
    for expected in [
        "Alice Ng",
        "1234567893",
        "Q12345678",
        "Texas Medical Board",
        "Cardiology update",
        "Ethics in practice",
        "Sepsis bundle",
        "Journal club",
        "24.50",  # Category 1 subtotal
        "28.50",  # total
        transcript.verification_code,
        "Signature",
        f"Page 1 of {len(reader.pages)}",
    ]:
        assert expected in text, expected
    assert "Last cycle's course" not in text
    assert transcript.pages == len(reader.pages)
    assert transcript.snapshot["total_credits"] == "28.50"


def test_the_pdf_is_pdfa_3b_with_the_rows_attached_as_csv(alice, cme_record) -> None:
    _, reader = _render(alice)
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', metadata)
    assert re.search(r'pdfaid:conformance(="|>)B', metadata)
    assert list(reader.attachments) == ["transcript.csv"]
    rows = list(csv.DictReader(io.StringIO(reader.attachments["transcript.csv"][0].decode())))
    assert [
        (r["completed_on"], r["title"], r["credits"], r["certificate_on_file"]) for r in rows
    ] == [
        ("2026-02-03", "Cardiology update", "10.00", "yes"),
        ("2026-03-14", "Ethics in practice", "2.00", "no"),
        ("2026-05-09", "Sepsis bundle", "12.50", "yes"),
        ("2026-06-01", "Journal club", "4.00", "no"),
    ]
    assert rows[1]["topics"] == "Medical ethics"


def test_the_paper_size_follows_the_profile(alice, cme_record) -> None:
    alice.profile.paper_size = PaperSize.A4
    alice.profile.save()
    _, reader = _render(alice)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_a_past_cycle_lists_only_that_cycles_activities(alice, cme_record) -> None:
    license = alice.licenses.get()
    cycles = transcripts.license_cycles(license)
    assert cycles[0].current
    assert cycles[1].end == datetime.date(2025, 8, 31)
    requested = transcripts.transcript_request(
        owner=alice, license_id=license.pk, cycle_end=cycles[1].end
    )
    transcript = transcripts.transcript_render(transcript_id=requested.pk)
    with transcript.file.open("rb") as handle:
        text = _text(PdfReader(io.BytesIO(handle.read())))
    assert "Last cycle's course" in text
    assert "Cardiology update" not in text


def test_markup_in_titles_is_printed_as_text_and_fetches_nothing(
    alice, texas_license, log_activity
) -> None:
    for day, title in enumerate(HOSTILE_TITLES, start=1):
        log_activity(alice, completed_on=datetime.date(2026, 4, day), title=title)
    requested = transcripts.transcript_request(owner=alice, license_id=texas_license.pk)
    context = transcripts.transcript_document(
        requested, generated_at=datetime.datetime(2026, 11, 22, tzinfo=datetime.UTC)
    )
    fetcher = RecordingFetcher()
    reader = PdfReader(io.BytesIO(transcripts.transcript_pdf(context, url_fetcher=fetcher)))
    assert fetcher.calls == []
    text = _text(reader)
    for title in HOSTILE_TITLES:
        assert title[:14] in text
    assert list(reader.attachments) == ["transcript.csv"]


def test_even_raw_hostile_html_gets_nothing_through_the_locked_fetcher() -> None:
    fetcher = RecordingFetcher()
    reader = PdfReader(io.BytesIO(html_to_pdf("".join(HOSTILE_TITLES), url_fetcher=fetcher)))
    assert fetcher.calls  # WeasyPrint did ask...
    assert list(reader.attachments) == []  # ...and got nothing: no image, no embedded passwd


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/hostname",
        "file://localhost/etc/passwd",
        f"{Path(settings.BASE_DIR / 'static').as_uri()}/../manage.py",
        f"{Path(settings.BASE_DIR / 'static').as_uri()}/%2e%2e/manage.py",
        "file://evil.example/share/x.css",
        "http://127.0.0.1:6379/",
        "https://example.com/x.css",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://example.com/x",
        "data:text/plain,hello",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "gopher://127.0.0.1:6379/_INFO",
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_files(url: str) -> None:
    with pytest.raises(FetchRefused):
        LockedFetcher().fetch(url)


def test_the_fetcher_serves_our_own_stylesheet() -> None:
    path = settings.BASE_DIR / "static" / "css" / "transcript-pdf.css"
    response = LockedFetcher().fetch(path.as_uri())
    assert b"@page" in response.read()


def test_the_audit_packet_appends_each_counted_certificate_with_a_bookmark(
    alice, cme_record
) -> None:
    transcript, reader = _render(alice, kind=Transcript.Kind.AUDIT_PACKET)
    outline = [item.title for item in reader.outline]
    assert outline == [
        "Transcript",
        "Certificate: 3 Feb 2026 Cardiology update",
        "Certificate: 9 May 2026 Sepsis bundle",
    ]
    # Each bookmark opens the caption page; the certificate follows it.
    cardio, sepsis = (reader.get_destination_page_number(item) for item in reader.outline[1:])
    assert sepsis == cardio + 2 == len(reader.pages) - 2
    assert "Cardiology update" in reader.pages[cardio].extract_text()
    assert "Certificate: Cardiology update" in reader.pages[cardio + 1].extract_text()
    assert "Sepsis bundle" in reader.pages[sepsis].extract_text()
    assert reader.pages[sepsis + 1].images  # the PNG, placed on a page
    transcript_text = "\n".join(p.extract_text() for p in reader.pages[:cardio])
    assert transcript.verification_code in transcript_text
    assert list(reader.attachments) == ["transcript.csv"]


def test_the_degree_is_not_printed_twice() -> None:
    from reporting.transcripts.context import Physician

    assert Physician("Dana Rivera, MD", "MD", "", "").display_name == "Dana Rivera, MD"
    assert Physician("Dana Rivera", "MD", "", "").display_name == "Dana Rivera, MD"
    assert Physician("Lee Park", "", "", "").display_name == "Lee Park"
