import io
import json

import pytest
from django.core.management import call_command

from reporting.models import Board, Requirement, RuleSet
from reporting.rules.services import state_rules_load
from tests.reporting.conftest import DOCUMENT, reference_subset

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = io.StringIO()
    call_command("load_state_rules", stdout=out)
    return out.getvalue()


def test_it_loads_every_board_of_the_reference_and_the_dea() -> None:
    assert "65 created" in _load()
    owners = Board.objects.filter(shares_rules_with__isnull=True)
    # 64 board records (51 MD/combined + 13 DO-only) each own one rule set, plus US-DEA.
    assert owners.count() == 65
    assert RuleSet.objects.count() == 65
    assert set(Board.objects.values_list("code", flat=True)) >= {
        "TX-MD",
        "TX-DO",
        "CA-MD",
        "US-DEA",
    }
    assert Board.objects.get(code="TX-DO").rules_board.code == "TX-MD"
    # Every requirement of the reference file made it in.
    mandates = sum(len(b["topic_mandates"]) for b in DOCUMENT["boards"]) + 1
    assert Requirement.objects.filter(kind="topic").count() >= mandates


def test_running_it_twice_changes_nothing() -> None:
    _load()
    before = list(Requirement.objects.order_by("pk").values())
    assert "0 created, 0 new versions, 65 unchanged" in _load()
    assert list(Requirement.objects.order_by("pk").values()) == before
    assert RuleSet.objects.count() == 65


def test_a_changed_value_creates_a_new_version_and_keeps_the_old() -> None:
    import datetime

    state_rules_load(document=reference_subset("TX"))
    changed = json.loads(json.dumps(reference_subset("TX")))
    changed["boards"][0]["total_credits"] = 50
    outcome = state_rules_load(document=changed, effective_from=datetime.date(2027, 1, 1))
    assert outcome["versioned"] == 1
    old, new = RuleSet.objects.filter(board__code="TX-MD").order_by("effective_from")
    assert old.effective_to == datetime.date(2026, 12, 31)
    assert old.requirements.get(code="tx-md.total").credits == 48
    assert new.effective_from == datetime.date(2027, 1, 1)
    assert new.effective_to is None
    assert new.requirements.get(code="tx-md.total").credits == 50


def test_a_bad_file_is_a_clear_error(tmp_path) -> None:
    from django.core.management.base import CommandError

    bad = tmp_path / "rules.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_state_rules", "--file", str(bad), stdout=io.StringIO())
    assert not RuleSet.objects.exists()


def test_a_new_version_cannot_start_after_an_ended_version() -> None:
    import datetime

    from django.core.exceptions import ValidationError

    from reporting.rules.services import rule_set_new_version

    state_rules_load(document=reference_subset("TX"))
    current = RuleSet.objects.get(board__code="TX-MD")
    rule_set_new_version(rule_set=current, effective_from=datetime.date(2027, 1, 1))
    current.refresh_from_db()
    with pytest.raises(ValidationError, match="already ended on 2026-12-31"):
        rule_set_new_version(rule_set=current, effective_from=datetime.date(2027, 6, 1))
    assert RuleSet.objects.filter(board__code="TX-MD").count() == 2
