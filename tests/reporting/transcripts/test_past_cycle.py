"""A transcript of a past cycle is judged as ended, and says so on its first line.

Read back with pypdf, as a board reviewer's software would: seven months after a cycle ended,
missing ethics hours are "not met", never "not yet due", and the license is never "on track".
"""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from reporting import transcripts
from reporting.models import Attestation, License, Transcript

pytestmark = pytest.mark.django_db

PAST_END = datetime.date(2025, 8, 31)
TODAY = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(TODAY, tick=False)


def _text(license: License, *, kind: str, cycle_end: datetime.date | None) -> str:
    requested = transcripts.transcript_request(
        owner=license.owner, license_id=license.pk, kind=kind, cycle_end=cycle_end
    )
    transcript = transcripts.transcript_render(transcript_id=requested.pk)
    assert transcript.status == Transcript.Status.READY, transcript.error
    with transcript.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("kind", [Transcript.Kind.TRANSCRIPT, Transcript.Kind.AUDIT_PACKET])
def test_a_past_cycle_reads_not_met_when_the_cycle_ended(
    alice, texas_license, cme_record, kind: str
) -> None:
    text = _text(texas_license, kind=kind, cycle_end=PAST_END)
    ended = "Not met when the cycle ended on 31 Aug 2025: 47.00 credits in total missing"
    assert ended in text
    # The first thing after the document's title, before the physician's facts.
    assert text.index(ended) < text.index("NPI")
    assert "2.00 medical ethics or professional responsibility credits missing" in text
    for never in ("not yet due", "Not yet due", "On track", "on track", "In progress"):
        assert never not in text, never
    # Each row names its requirement and says it was not met.
    assert re.search(r"Total, 48 credits .*Not met", text)
    assert "Medical ethics or professional responsibility, 2 h" in text
    # Nothing that was not required is counted as remaining.
    assert re.search(r"Sexual assault, 2 h .*? 2\.00 0\.00 — Not required", text)


def test_an_attested_requirement_reads_attested_in_a_past_cycle(
    alice, texas_license, cme_record
) -> None:
    Attestation.objects.create(
        license=texas_license,
        requirement_code="tx-md.medical-ethics",
        kind="completed",
        completed_on=datetime.date(2024, 5, 2),
    )
    text = _text(texas_license, kind=Transcript.Kind.TRANSCRIPT, cycle_end=PAST_END)
    assert "Medical ethics or professional responsibility, 2 h (attested)" in text
    assert "you attested that you completed it on 2 May 2024" in text
    assert "Attested — met" in text
    assert "ethics or professional responsibility credits missing" not in text
    assert "Not met when the cycle ended on 31 Aug 2025: 47.00 credits in total missing;" in text


def test_the_current_cycle_says_its_status_in_words_first(alice, texas_license, cme_record) -> None:
    text = _text(texas_license, kind=Transcript.Kind.TRANSCRIPT, cycle_end=None)
    # 12.00 of 48 credits seven months into a two-year cycle: below the pace.
    first = "Behind the pace. Nothing is overdue and you are behind the pace"
    assert first in text
    assert text.index(first) < text.index("NPI")
    assert "Not met when the cycle ended" not in text
    assert "needs_answers" not in text
    assert "ama-pra-1" not in text
