from datetime import date
from decimal import Decimal

import pytest

from reporting.engine import (
    Confidence,
    DeadlineRule,
    InitialTreatment,
    Kind,
    Window,
)
from reporting.reference import parse_deadline, rule_sets_from_reference

from .builders import reference_document, reference_rule_sets


def test_every_board_record_becomes_rule_sets_for_its_codes_plus_the_dea() -> None:
    document = reference_document()
    rule_sets = rule_sets_from_reference(document)
    codes = [code for r in rule_sets for code in r.boards]
    coverage = document["coverage"]
    combined = sum(1 for b in document["boards"] if b["degrees_covered"] == ["MD", "DO"])
    assert len(rule_sets) == coverage["boards_total"] + 1 == 65
    # Every MD/combined board -> XX-MD, combined boards also XX-DO, DO-only boards XX-DO.
    expected = coverage["md_or_combined_boards"] + combined + coverage["do_only_boards"] + 1
    assert len(codes) == len(set(codes)) == expected == 103
    assert {"TX-MD", "TX-DO", "AZ-MD", "AZ-DO", "NM-DO", "US-DEA"} <= set(codes)


def test_loading_is_deterministic() -> None:
    assert rule_sets_from_reference(reference_document()) == rule_sets_from_reference(
        reference_document()
    )


def test_requirement_ids_are_stable_dotted_and_unique() -> None:
    for rule_set in rule_sets_from_reference(reference_document()):
        ids = [r.id for r in rule_set.requirements]
        assert len(ids) == len(set(ids)), rule_set.boards
        prefix = rule_set.boards[0].lower() + "."
        assert all(i.startswith(prefix) and i == i.lower() for i in ids)
    tx = {r.id for r in reference_rule_sets()["TX-MD"].requirements}
    assert {
        "tx-md.total",
        "tx-md.category-1",
        "tx-md.category-2-cap",
        "tx-md.medical-ethics",
        "tx-md.opioid-prescribing",
        "tx-md.opioid-prescribing.every-8-years",
    } <= tx


def test_combined_boards_share_one_rule_set() -> None:
    rule_sets = reference_rule_sets()
    assert rule_sets["TX-MD"] is rule_sets["TX-DO"]
    assert rule_sets["FL-MD"] is not rule_sets["FL-DO"]


def test_boards_without_a_requirement() -> None:
    rule_sets = reference_rule_sets()
    assert not rule_sets["SD-MD"].cme_required
    assert not rule_sets["MT-MD"].cme_required
    # NY and IN have no hour total, but their topic mandates still apply.
    for board in ("NY-MD", "IN-MD"):
        assert rule_sets[board].cme_required
        assert all(r.kind is Kind.TOPIC for r in rule_sets[board].requirements)


def test_board_level_features_are_mapped() -> None:
    rule_sets = reference_rule_sets()
    assert rule_sets["TX-MD"].carryover_cap == Decimal("48.00")
    assert rule_sets["TX-MD"].carryover_types == frozenset()
    assert rule_sets["IA-MD"].carryover_types == frozenset({"ama-pra-1", "aoa-1a"})
    assert rule_sets["TX-MD"].initial is InitialTreatment.EXEMPT
    assert rule_sets["IA-MD"].initial is InitialTreatment.PRORATED
    assert rule_sets["GA-MD"].initial is InitialTreatment.FULL
    assert rule_sets["NC-MD"].moc_substitute
    assert not rule_sets["TX-MD"].moc_substitute
    # A board's confidence is its record's (Kansas: medium since its paths were re-read).
    kansas = next(b for b in reference_document()["boards"] if b["board_id"] == "KS")
    assert rule_sets["KS-MD"].confidence is Confidence(kansas["confidence"])
    assert rule_sets["AZ-DO"].requirements[1].credit_types == frozenset({"aoa-1a"})


def test_mandate_fields_are_mapped() -> None:
    tx = {r.id: r for r in reference_rule_sets()["TX-MD"].requirements}
    trafficking = tx["tx-md.human-trafficking"]
    assert (trafficking.window, trafficking.window_n) == (Window.EVERY_NTH_RENEWAL, 3)
    assert trafficking.condition == "direct_patient_care"
    assert trafficking.effective_from == date(2023, 9, 1)
    # Stated on the TMB page, so binding (medium), no longer advisory.
    assert tx["tx-md.pain-management"].confidence is Confidence.MEDIUM
    assert tx["tx-md.sexual-assault"].confidence is Confidence.MEDIUM
    de = {r.id: r for r in reference_rule_sets()["DE-MD"].requirements}
    assert not de["de-md.laws-and-rules"].counts_toward_total
    pa = {r.id: r for r in reference_rule_sets()["PA-MD"].requirements}
    assert pa["pa-md.child-abuse"].exclusive_group == pa["pa-md.opioid-prescribing"].exclusive_group
    assert pa["pa-md.opioid-prescribing.one-time"].exclusive_group is None


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Within 12 months of initial licensure", DeadlineRule(months_after_licensure=12)),
        (
            "Within 1 year of initial licensure, whatever the renewal date",
            DeadlineRule(months_after_licensure=12),
        ),
        ("Within the first 2 years of licensure", DeadlineRule(months_after_licensure=24)),
        ("By April 1, 2025", DeadlineRule(on=date(2025, 4, 1))),
        ("Before January 31, 2024 (Utah AFP)", DeadlineRule(on=date(2024, 1, 31))),
        ("No later than October 1, 2021 (R.I. Gen. Laws)", DeadlineRule(on=date(2021, 10, 1))),
        ("First by January 31, 2019, then every renewal", DeadlineRule()),
        (None, DeadlineRule()),
    ],
)
def test_parse_deadline_handles_the_two_plain_shapes(text: str | None, rule: DeadlineRule) -> None:
    assert parse_deadline(text) == rule
