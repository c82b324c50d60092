"""The public rule book: every board readable without signing in, with its sources and versions."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reporting.models import Board, Requirement, RuleSet
from reporting.rules.services import rule_set_new_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(load_rules):  # type: ignore[no-untyped-def]
    load_rules("TX", "FL", "KY")


def test_the_index_lists_every_board_by_state_without_a_sign_in(client, rules) -> None:
    response = client.get(reverse("rules:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for board in Board.objects.all():
        assert reverse("rules:board", args=[board.code]) in html
    assert ">TX<" in html


def test_a_board_page_names_each_rule_in_plain_words_with_its_sentence(client, rules) -> None:
    html = client.get(reverse("rules:board", args=["TX-MD"])).content.decode()
    rule_set = RuleSet.objects.get(board__code="TX-MD")
    ethics = Requirement.objects.get(rule_set=rule_set, code="tx-md.medical-ethics")
    assert "h of medical ethics or professional responsibility, every renewal cycle" in html
    # Each line shows where it was read and when, quoting the board's own sentence.
    for source in ethics.sources:
        if source.get("quote"):
            assert source["quote"][:40].replace("'", "&#x27;") in html
    assert "Who: Every licensee" in html or "Who:" in html
    assert "human trafficking" in html.lower()
    assert "Provides direct patient care" in html  # the trafficking rule's condition in words


def test_a_sharing_board_and_a_lower_case_code_lead_to_the_same_rules(client, rules) -> None:
    response = client.get(reverse("rules:board", args=["tx-md"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("rules:board", args=["TX-MD"])
    assert client.get(reverse("rules:board", args=["TX-DO"])).status_code == 200
    assert client.get(reverse("rules:board", args=["ZZ-MD"])).status_code == 404


def test_a_new_version_says_what_changed_and_since_when(client, rules) -> None:
    current = RuleSet.objects.get(board__code="TX-MD")
    copy = rule_set_new_version(rule_set=current, effective_from=datetime.date(2027, 1, 1))
    ethics = copy.requirements.get(code="tx-md.medical-ethics")
    ethics.credits = Decimal("3")
    ethics.save()
    Requirement.objects.create(
        rule_set=copy,
        code="tx-md.nutrition",
        kind="topic",
        label="nutrition",
        credits=1,
        topics=["nutrition"],
    )
    html = client.get(reverse("rules:board", args=["TX-MD"])).content.decode()
    assert "Changed on 1 Jan 2027" in html
    assert "Required since 1 Jan 2027: nutrition" in html
    assert "hours changed" in html


def test_the_cycle_and_the_parts_we_cannot_check_are_said(client, rules) -> None:
    from django.utils.html import escape

    rule_set = RuleSet.objects.get(board__code="KY-MD")
    rule_set.cannot_judge = ["Hours over 18 months may also satisfy it."]
    rule_set.save()
    html = client.get(reverse("rules:board", args=["KY-MD"])).content.decode()
    assert f"When the cycle ends:</strong> {escape(rule_set.cycle_anchor)}" in html
    assert "What CME Track cannot check for this board" in html
    assert "Hours over 18 months may also satisfy it." in html


def test_a_board_whose_cycle_end_we_could_not_read_says_why_and_asks_the_physician(
    client, load_rules
) -> None:
    # Michigan renews each license on its own date: the physician gives the expiry, and the
    # rule book says so; the license form always asks for it.
    from django.utils.html import escape

    from reporting.rule_book import read_rule_book

    unspecified = [
        record
        for record in read_rule_book()["boards"]
        if (record.get("cycle_anchor") or {}).get("type") in (None, "unspecified")
    ]
    assert {record["board_id"] for record in unspecified} <= {"ME-DO", "MI-DO", "MI-MD"}
    load_rules("MI", "ME")
    for record in unspecified:
        description = record["cycle_anchor"]["description"]
        assert "physician" in description  # who gives the dates, and why
        code = record["board_id"] if "-" in record["board_id"] else f"{record['board_id']}-MD"
        html = client.get(reverse("rules:board", args=[code])).content.decode()
        assert escape(description) in html
