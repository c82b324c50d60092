"""Write docs/rules-audit.md from the rule book: one row per board, from its `audit` record.

Run: .venv/bin/python docs/rules_audit.py  (a test checks the committed page is up to date).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reporting.rule_book import read_rule_book  # noqa: E402

PAGE = ROOT / "docs" / "rules-audit.md"

HEAD = """# Rules audit

One row per board of the rule book (`reporting/data/rules/`), written from each board's `audit`
record by `docs/rules_audit.py`. *Read* is what was read at its source (citation and link);
*changed* what the reading changed in the data; *open* what stays open and why; confidence is
the board's before and after (high: the primary text itself was read; medium: the board's page
or a verbatim quote of it; low: no source confirms it, advisory only).

| board | read | changed | open | confidence |
| --- | --- | --- | --- | --- |
"""


def _cell(items: list[str]) -> str:
    text = "<br>".join(str(item).replace("|", "\\|").replace("\n", " ") for item in items)
    return text or "—"


def row(record: dict) -> str:
    audit = record.get("audit") or {}
    read = audit.get("read") or [
        f"{s.get('citation') or s.get('title') or ''} {s.get('url') or ''}".strip()
        for s in record.get("sources") or []
    ]
    before = audit.get("confidence_before") or "—"
    after = record.get("confidence") or "—"
    when = audit.get("read_on") or "not re-read yet"
    return (
        f"| {record['board_id']} ({', '.join(record['degrees_covered'])}) | "
        f"{_cell(read)}<br>*read {when}* | {_cell(audit.get('changed') or [])} | "
        f"{_cell(audit.get('open') or record.get('open_questions') or [])} | "
        f"{before} → {after} |\n"
    )


def render() -> str:
    document = read_rule_book()
    federal = document["federal"]
    lines = [HEAD, *(row(record) for record in document["boards"])]
    audit = federal.get("audit") or {}
    lines.append(
        f"| US-DEA (MATE Act) | {_cell(audit.get('read') or [federal.get('authority', '')])} | "
        f"{_cell(audit.get('changed') or [])} | {_cell(audit.get('open') or [])} | "
        f"{audit.get('confidence_before') or '—'} → {federal.get('confidence', '—')} |\n"
    )
    return "".join(lines)


if __name__ == "__main__":
    PAGE.write_text(render(), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
