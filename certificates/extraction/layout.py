"""A certificate page as lines of positioned words, from the PDF text layer or from OCR.

Certificates are laid out, not written: a title sits under a column header ("Activity Title |
Format | Date | Credits"), a value beside its label. Reading words with their positions lets a
table's header row be paired with the row beneath it ("Date: 07/06/2025") instead of being read
as one run of labels followed by one run of values.
"""

import io
import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Page:
    """One page's reading: its lines of text, top to bottom."""

    number: int  # 1-based
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def lines_from_words(words: Iterable[Word]) -> list[str]:
    """Words grouped into lines by their vertical overlap; header rows paired with their values."""
    return _pair_header_rows(_rows([w] for w in words))


def lines_from_segments(segments: Iterable[Sequence[Word]]) -> list[str]:
    """As `lines_from_words`, for runs of words already known to share a line (OCR's lines,
    which follow a page photographed a few degrees askew)."""
    return _pair_header_rows(_rows(segments))


def _rows(segments: Iterable[Sequence[Word]]) -> list[list[Word]]:
    def span(words: Sequence[Word]) -> tuple[float, float]:
        return statistics.median(w.top for w in words), statistics.median(w.bottom for w in words)

    units = [
        sorted(kept, key=lambda w: w.x0)
        for segment in segments
        if (kept := [w for w in segment if w.text.strip()])
    ]
    units.sort(key=lambda unit: (span(unit)[0], unit[0].x0))
    rows: list[list[Word]] = []
    for unit in units:
        top, bottom = span(unit)
        height = max(bottom - top, 1.0)
        if rows:
            row_top, row_bottom = span(rows[-1])
            middle = (top + bottom) / 2
            if row_top - 0.1 * height <= middle <= row_bottom + 0.1 * height:
                rows[-1].extend(unit)
                continue
        rows.append(list(unit))
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _cells(row: Sequence[Word]) -> list[list[Word]]:
    """A row split where the gap between two words is wider than about two letters."""
    if not row:
        return []
    height = statistics.median(w.height for w in row) or 1.0
    cells = [[row[0]]]
    for previous, word in itertools.pairwise(row):
        if word.x0 - previous.x1 > 1.2 * height or word.text in {"|", "│"}:
            cells.append([word])
        else:
            cells[-1].append(word)
    kept = ([w for w in cell if w.text not in {"|", "│"}] for cell in cells)
    return [cell for cell in kept if cell]


def _text(words: Iterable[Word]) -> str:
    return " ".join(w.text for w in words).strip(" |│")


# What OCR makes of a ruled table's vertical rule: a stroke read as a letter or a bar.
RULE_GLYPHS = frozenset({"|", "│", "I", "l", "[", "]", "!"})


def _without_rules(row: Sequence[Word]) -> list[Word]:
    """The row without the vertical rules OCR read as letters ("Victims I" at a cell's edge): a
    stroke standing alone in its own cell, a gap away from any word. A numeral or letter that
    belongs to the text ("Part I") sits a space away from its word and stays."""
    cells = _cells(row)
    rules = {id(cell[0]) for cell in cells if len(cell) == 1 and cell[0].text in RULE_GLYPHS}
    return [word for word in row if id(word) not in rules]


# The column headers certificates print above a row of values. OCR misspells them ("Tit1e"),
# so a cell counts as a header when it is close to one of these.
HEADERS = (
    "activity title",
    "course title",
    "title",
    "activity",
    "course",
    "date",
    "dates",
    "activity date",
    "date completed",
    "completion date",
    "date of completion",
    "date claimed",
    "credits",
    "credit",
    "credits claimed",
    "credits earned",
    "credits awarded",
    "credit type",
    "credit designation",
    "hours",
    "contact hours",
    "format",
    "activity type",
    "type",
    "provider",
    "accredited provider",
    "location",
    "course number",
    "course #",
)


def _is_header(cell: str) -> bool:
    cell = re.sub(r"[^a-z# ]", "", cell.lower()).strip()
    return bool(cell) and max(fuzz.ratio(cell, header) for header in HEADERS) >= 85


def _pair_header_rows(rows: list[list[Word]]) -> list[str]:
    lines: list[str] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        cells = _cells(row)
        if len(cells) >= 2 and all(_is_header(_text(c)) for c in cells) and index + 1 < len(rows):
            body = _cell_rows(rows, index + 1, span=cells[-1][-1].x1 - cells[0][0].x0)
            values = _assign(cells, body)
            if body and sum(1 for v in values if v) >= 2:
                lines.extend(
                    f"{_text(cell)}: {value}" for cell, value in zip(cells, values, strict=True)
                )
                index += 1 + len(body)
                continue
        lines.append(_text(_without_rules(row)))
        index += 1
    return [line for line in lines if line]


def _cell_rows(rows: list[list[Word]], start: int, *, span: float) -> list[list[Word]]:
    """The row under a header, with the lines its cells wrap onto (set close beneath it); a
    line running across most of the table is the paragraph after it, not a cell."""

    def in_table(row: list[Word]) -> bool:
        return all(cell[-1].x1 - cell[0].x0 <= 0.7 * span for cell in _cells(row))

    if not in_table(rows[start]):
        return []
    taken = [rows[start]]
    for row in rows[start + 1 : start + 4]:
        if not in_table(row):
            break
        previous = taken[-1]
        height = statistics.median(w.height for w in previous)
        gap = min(w.top for w in row) - max(w.bottom for w in previous)
        if gap > 0.6 * height:
            break
        taken.append(row)
    return taken


def _assign(headers: list[list[Word]], rows: list[list[Word]]) -> list[str]:
    """The words under each header: each value cell goes to the nearest column, in order."""
    columns = [(cell[0].x0 + cell[-1].x1) / 2 for cell in headers]
    chosen: list[list[str]] = [[] for _ in headers]
    for cell in (cell for row in rows for cell in _cells(row)):
        middle = (cell[0].x0 + cell[-1].x1) / 2
        nearest = min(range(len(columns)), key=lambda i: abs(columns[i] - middle))
        chosen[nearest].append(_text(cell))
    return [" ".join(parts) for parts in chosen]


# PDF text layer -------------------------------------------------------------------------------
def pdf_pages(data: bytes, *, max_pages: int) -> list[Page]:
    """Each page's lines from the PDF text layer (pdfplumber's positioned words)."""
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages[:max_pages], start=1):
            words = [
                Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
                for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
            ]
            pages.append(Page(number, tuple(lines_from_words(words))))
            page.close()  # pdfplumber caches every object of a page until told
    return pages


# Tesseract's TSV ------------------------------------------------------------------------------
def tsv_segments(tsv: str, *, min_confidence: float = 10.0) -> list[list[Word]]:
    """OCR'd lines from `tesseract ... tsv`: the words (level 5) of each line, in order."""
    lines: dict[tuple[str, ...], list[Word]] = {}
    for line in tsv.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) != 12 or parts[0] != "5":
            continue
        try:
            left, top, width, height = (int(p) for p in parts[6:10])
            confidence = float(parts[10])
        except ValueError:
            continue
        text = parts[11].strip()
        if not text or confidence < min_confidence:
            continue
        lines.setdefault(tuple(parts[1:5]), []).append(
            Word(text, left, left + width, top, top + height)
        )
    return list(lines.values())
