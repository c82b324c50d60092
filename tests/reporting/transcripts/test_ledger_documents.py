"""Transcripts and audit packets as a board reviewer reads them, for three boards.

Each document is made the way the worker makes it and read back with pypdf: every column adds
up to the figure printed under it and to the requirement's "Counted", the header's total is
the counted total, every credit the engine counted is listed (carried over and earlier ones
too), every counted certificate is in the packet behind a caption naming it, and "Page X of Y"
is right on every page.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from activities.models import Activity
from reporting import transcripts
from reporting.compliance import selectors as compliance_selectors
from reporting.models import Transcript
from tests.certificates.factories import make_pdf
from tests.certificates.helpers import store
from tests.reporting.transcripts.boards import BOARDS, TODAY, Record

pytestmark = pytest.mark.django_db

AMOUNT = r"\d+\.\d\d"
SUMMARY_ROW = re.compile(rf"^(?:{AMOUNT}|a course) ({AMOUNT}) (?:{AMOUNT}|—) (.+)$")
SUM_ROW = re.compile(rf"^Counted (?:toward this requirement|within the cap) ({AMOUNT})$")
SLUGS = ("ama-pra", "aoa-1a", "aoa-1b", "tx-md.", "ca-md.", "pa-do.", "(exclusive)")


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture(params=list(BOARDS))
def record(request, alice, load_rules, log_activity) -> Record:  # type: ignore[no-untyped-def]
    return BOARDS[request.param](alice, load_rules, log_activity)


def _make(record: Record, kind: str) -> PdfReader:
    license = record.license
    requested = transcripts.transcript_request(
        owner=license.owner, license_id=license.pk, kind=kind
    )
    transcript = transcripts.transcript_render(transcript_id=requested.pk)
    assert transcript.status == Transcript.Status.READY, transcript.error
    with transcript.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert transcript.pages == len(reader.pages)
    return reader


def _lines(reader: PdfReader, pages: range | None = None) -> list[str]:
    chosen = reader.pages if pages is None else [reader.pages[i] for i in pages]
    return [line.strip() for page in chosen for line in page.extract_text().splitlines()]


def _transcript_pages(reader: PdfReader) -> range:
    """The transcript's own pages: all of them, or those before the packet's first caption."""
    for index, page in enumerate(reader.pages):
        if "CERTIFICATE 1 OF" in page.extract_text().upper():
            return range(index)
    return range(len(reader.pages))


def _section(lines: list[str], start: str, ends: tuple[str, ...]) -> list[str]:
    begin = lines.index(start) + 1
    end = next((i for i in range(begin, len(lines)) if lines[i] in ends), len(lines))
    return lines[begin:end]


def _money(text: str) -> Decimal:
    return Decimal(text)


def _report(record: Record):  # type: ignore[no-untyped-def]
    license = record.license
    batch = compliance_selectors.judging([license], owner_ids=[license.owner_id])
    return batch.judge(license, as_of=TODAY.date()).report


def _ledger_sums(lines: list[str]) -> list[tuple[list[Decimal], Decimal]]:
    """Each requirement's table in "What counted": the Credits column and the sum row."""
    ledger = _section(
        lines,
        "What counted toward each requirement",
        ("Logged in the cycle but not counted", "Attestation"),
    )
    blocks: list[tuple[list[Decimal], Decimal]] = []
    column: list[Decimal] = []
    for line in ledger:
        if line.startswith("Completed Activity Credit type"):
            column = []  # a table starts (or its header repeats on a new page)
            continue
        total = SUM_ROW.match(line)
        if total:
            blocks.append((column, _money(total[1])))
            column = []
            continue
        amount = re.search(rf" ({AMOUNT})$", line)
        if amount and not line.startswith(("Page ", "Alice Ng", "Sam Ortiz")):
            column.append(_money(amount[1]))
    return blocks


@pytest.mark.parametrize("kind", [Transcript.Kind.TRANSCRIPT, Transcript.Kind.AUDIT_PACKET])
def test_every_column_adds_up_to_the_figure_printed_under_it_and_in_the_header(
    record: Record, kind: str
) -> None:
    reader = _make(record, kind)
    lines = _lines(reader, _transcript_pages(reader))
    summary = _section(lines, "Requirements", ("What counted toward each requirement",))
    counted = [(_money(row[1]), row[2]) for line in summary if (row := SUMMARY_ROW.match(line))]
    applicable = [amount for amount, status in counted if status != "Not required"]
    blocks = _ledger_sums(lines)
    report = _report(record)
    with_lines = [
        r.earned for r in report.results if r.status.value != "not_applicable" and r.earned
    ]
    assert len(blocks) == len(with_lines) > 0
    for column, printed in blocks:
        assert sum(column, Decimal(0)) == printed
    # The sums, in order, are the summary's "Counted" figures (those with anything counted).
    assert [printed for _, printed in blocks] == [a for a in applicable if a] == with_lines
    # The header's total is the total requirement's counted figure, and its parts add up.
    header = next(line for line in lines if line.startswith("Credits counted"))
    figures = [_money(n) for n in re.findall(AMOUNT, header)]
    total = next(r for r in report.results if r.kind.value == "total")
    assert figures[0] == total.earned == blocks[0][1]
    if len(figures) == 3:
        assert figures[1] + figures[2] == figures[0]


def test_every_counted_credit_is_listed_carried_over_and_earlier_ones_with_their_origin(
    record: Record,
) -> None:
    reader = _make(record, Transcript.Kind.TRANSCRIPT)
    text = " ".join(" ".join(_lines(reader)).split())
    report = _report(record)
    titles = {activity.pk: title for title, activity in record.activities.items()}
    counted = {i for r in report.results for i in r.counted} | {
        c.activity_id for c in report.carried_over
    }
    assert counted
    for activity_id in counted:
        assert titles[activity_id] in text, titles[activity_id]
    board = record.license.board.code
    if board == "TX-MD":
        assert report.carryover_in == Decimal("4.00")
        assert "Credits counted 31.00: 27.00 from this cycle and 4.00 carried over" in text
        assert "Carried over from the cycle 1 Sep 2023 to 31 Aug 2025" in text
        assert "4.00 of its 22.00 credits count here" in text
        assert "Internal medicine board review" not in text  # the part that did not carry
    if board == "CA-MD":
        assert "Pain management and end-of-life care, Accredited Provider Completed before" in text
        # Category 2 is logged but does not count in California, and the header says 42.
        assert "Credits counted 42.00" in text
        not_counted = text[text.index("Logged in the cycle but not counted") :]
        for title in ("Teaching residents", "Self-directed reading"):
            assert title in not_counted
        assert "AMA PRA Category 2 credits do not count toward the Medical Board of" in text
    assert "Name not on file" not in text
    assert "alice@example.com" not in text


def test_every_counted_certificate_is_in_the_packet_behind_a_caption_naming_it(
    record: Record,
) -> None:
    reader = _make(record, Transcript.Kind.AUDIT_PACKET)
    report = _report(record)
    counted = {i for r in report.results for i in r.counted} | {
        c.activity_id for c in report.carried_over
    }
    expected = {
        title
        for title, activity in record.activities.items()
        if activity.pk in counted and title in record.certified
    }
    outline = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    captions = {
        title.split(" ", 4)[-1]: page
        for title, page in outline.items()
        if title.startswith("Certificate: ")
    }
    assert set(captions) == expected
    for title, page in captions.items():
        caption = " ".join(reader.pages[page].extract_text().split())
        assert re.search(rf"CERTIFICATE \d+ OF {len(expected)}", caption.upper())
        assert title in caption
        activity = record.activities[title]
        assert f"{activity.completed_on.day} {activity.completed_on:%b %Y}" in caption
        assert f"{activity.credits:.2f} {activity.credit_type.name}" in caption
        proof = reader.pages[page + 1]
        assert f"Certificate of completion: {title}" in proof.extract_text() or proof.images


@pytest.mark.parametrize("kind", [Transcript.Kind.TRANSCRIPT, Transcript.Kind.AUDIT_PACKET])
def test_page_numbers_count_the_whole_document_on_every_page(record: Record, kind: str) -> None:
    reader = _make(record, kind)
    count = len(reader.pages)
    if kind == Transcript.Kind.AUDIT_PACKET:
        assert count > len(_transcript_pages(reader)) + 1
    for number, page in enumerate(reader.pages, start=1):
        found = re.findall(r"Page (\d+) of (\d+)", page.extract_text())
        assert found == [(str(number), str(count))], (number, found)


def test_the_document_names_the_board_and_speaks_its_vocabulary_never_slugs(
    record: Record,
) -> None:
    reader = _make(record, Transcript.Kind.TRANSCRIPT)
    lines = _lines(reader)
    text = " ".join(" ".join(lines).split())
    board = record.license.board
    assert text.startswith(f"{board.name}: CME transcript")
    code = Transcript.objects.latest("requested_at").verification_code
    words = text.replace(code, "").replace(code[:12], "")
    for slug in SLUGS:
        assert slug not in words, slug
    assert not re.search(r"\b[a-z]+_[a-z]+\b", words)  # no code such as needs_answers
    shown = transcripts.license_cycles(record.license)[0].start + datetime.timedelta(days=1)
    assert f"CME cycle {shown.day} {shown:%b %Y} to" in text
    if board.code == "PA-DO":
        assert "Sam Ortiz, DO" in text
        assert "Degree DO" in text
        assert "AOA Category 1-A, 20 credits" in text
        assert "AOA Category 1-A On file 20.00" in text


def test_a_profile_without_a_name_prints_name_not_on_file_never_the_email(
    alice, load_rules, log_activity
) -> None:
    # A request without a name is refused; a name removed while the document waits for a
    # worker must still not be replaced by the sign-in address.
    record = BOARDS["TX-MD"](alice, load_rules, log_activity)
    requested = transcripts.transcript_request(
        owner=alice, license_id=record.license.pk, kind=Transcript.Kind.AUDIT_PACKET
    )
    alice.profile.full_name = ""
    alice.profile.save()
    Transcript.objects.filter(pk=requested.pk).update(status=Transcript.Status.QUEUED)
    transcript = transcripts.transcript_render(transcript_id=requested.pk)
    assert transcript.status == Transcript.Status.READY, transcript.error
    with transcript.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(_lines(reader)).split())
    assert "Name not on file" in text
    assert "alice@example.com" not in text


def test_a_caption_page_asks_what_an_auditor_would_ask_of_its_certificate(
    alice, load_rules, log_activity
) -> None:
    # A certificate uploaded through the real service (read into a draft) that has no AMA
    # designation statement, backing credits claimed as AMA PRA Category 1.
    record = BOARDS["TX-MD"](alice, load_rules, log_activity)
    title = sorted(record.certified)[0]
    upload = store(
        alice,
        make_pdf([f"Certificate of completion: {title}", "Alice Ng attended this course."]),
        "plain.pdf",
    )
    Activity.objects.filter(pk=record.activities[title].pk).update(certificate=upload)
    reader = _make(record, Transcript.Kind.AUDIT_PACKET)
    captions = {
        page: " ".join(reader.pages[page].extract_text().split())
        for page in range(len(reader.pages))
        if re.search(r"CERTIFICATE \d+ OF", reader.pages[page].extract_text().upper())
    }
    asked = [text for text in captions.values() if "An auditor may ask" in text]
    assert len(asked) == 1, captions
    assert title in asked[0]
    assert "no AMA designation statement" in asked[0]
