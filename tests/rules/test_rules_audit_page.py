"""docs/rules-audit.md is written from the rule book; it must say what the data says."""

import importlib.util
from pathlib import Path

from reporting.rule_book import read_rule_book

ROOT = Path(__file__).resolve().parents[2]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("rules_audit", ROOT / "docs" / "rules_audit.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_audit_page_is_up_to_date() -> None:
    page = (ROOT / "docs" / "rules-audit.md").read_text(encoding="utf-8")
    assert page == _script().render(), "run: .venv/bin/python docs/rules_audit.py"


def test_every_board_has_a_row() -> None:
    page = (ROOT / "docs" / "rules-audit.md").read_text(encoding="utf-8")
    for record in read_rule_book()["boards"]:
        assert f"| {record['board_id']} (" in page


def test_every_condition_a_rule_names_is_in_the_vocabulary() -> None:
    from reporting.conditions import conditions
    from reporting.engine.conditions import codes

    known = set(conditions())
    for record in read_rule_book()["boards"]:
        for mandate in record["topic_mandates"]:
            unknown = codes(mandate["condition"]) - known
            assert not unknown, (record["board_id"], mandate["topic"], unknown)
