"""The rules kept per process under their history revision: read once, never past a change."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.compliance import selectors as compliance_selectors
from reporting.models import Board, License, Requirement
from reporting.rules.selectors import rule_sets_for_boards

pytestmark = pytest.mark.django_db


def test_the_same_revision_reads_the_rules_once(load_rules, alice) -> None:
    load_rules("TX", "CA")
    boards = list(Board.objects.filter(code__in=["TX-MD", "CA-MD"]))
    revision = compliance_selectors.record_version(
        user=alice, as_of=datetime.date(2026, 11, 22)
    ).rules_revision
    first = rule_sets_for_boards(boards, revision=revision)
    with CaptureQueriesContext(connection) as captured:
        again = rule_sets_for_boards(boards, revision=revision)
    assert len(captured) == 0
    assert again == first
    assert {rule_set.board.code for versions in again.values() for rule_set in versions} == {
        "TX-MD",
        "CA-MD",
    }


def test_a_saved_rule_change_is_a_new_revision(load_rules, alice) -> None:
    load_rules("TX")
    License.objects.create(
        owner=alice,
        board=Board.objects.get(code="TX-MD"),
        number="TX-1",
        issued_on=datetime.date(2012, 1, 1),
        expires_on=datetime.date(2027, 8, 31),
    )
    day = datetime.date(2026, 11, 22)
    before = compliance_selectors.record_version(user=alice, as_of=day).rules_revision
    board = Board.objects.get(code="TX-MD")
    rule_sets_for_boards([board], revision=before)  # kept
    total = Requirement.objects.get(rule_set__board__code="TX-MD", kind="total")
    total.credits = Decimal("60")
    total.save()
    after = compliance_selectors.record_version(user=alice, as_of=day).rules_revision
    assert after != before
    versions = rule_sets_for_boards([board], revision=after)
    totals = [r.credits for v in versions.values() for rs in v for r in rs.requirements.all()]
    assert Decimal("60") in totals
