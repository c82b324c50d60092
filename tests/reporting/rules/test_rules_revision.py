"""The rules' revision moves with every change to the rules, in the order changes commit.

Cached verdicts and the rules each process keeps are named by it (through the record version):
a change that did not move it, or a later change that could be seen before an earlier one,
would leave a page judged by rules that are no longer the board's.
"""

import copy
import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connections, transaction

from reporting.compliance import selectors as compliance_selectors
from reporting.models import Board, Requirement, RuleSet, RulesRevision
from reporting.rules.revision import REVISION_ID, rules_revision_bump
from reporting.rules.services import state_rules_load
from tests.reporting.conftest import reference_subset

DAY = datetime.date(2026, 11, 22)


def revision(user) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    return compliance_selectors.record_version(user=user, as_of=DAY).rules_revision


@pytest.mark.django_db
def test_every_save_and_delete_of_a_rule_moves_the_revision(load_rules, alice) -> None:
    load_rules("TX")
    seen = [revision(alice)]

    board = Board.objects.get(code="TX-MD")
    board.name = "Texas Medical Board (renamed)"
    board.save()
    seen.append(revision(alice))

    rule_set = RuleSet.objects.get(board=board)
    rule_set.notes = "Read again"
    rule_set.save()
    seen.append(revision(alice))

    total = Requirement.objects.get(rule_set=rule_set, kind="total")
    total.credits = Decimal("60")
    total.save()
    seen.append(revision(alice))

    Requirement.objects.filter(rule_set=rule_set).exclude(kind="total").first().delete()
    seen.append(revision(alice))

    assert len(set(seen)) == len(seen), seen


@pytest.mark.django_db
def test_a_new_reading_with_new_sources_only_moves_the_revision(alice) -> None:
    document = reference_subset("TX")
    state_rules_load(document=document)
    before = revision(alice)

    reread = copy.deepcopy(document)
    line = next(
        line
        for board in reread["boards"]
        for line in board.get("topic_mandates") or ()
        if line.get("id")
    )
    line["sources"] = [*(line.get("sources") or []), {"title": "Board rule, read again"}]
    outcome = state_rules_load(document=reread)

    assert outcome["versioned"] == outcome["created"] == 0  # a new reading, not new rules
    assert revision(alice) != before


@pytest.mark.django_db
def test_an_emptied_revision_starts_again_on_a_value_never_used(load_rules, alice) -> None:
    load_rules("TX")
    before = revision(alice)
    RulesRevision.objects.all().delete()
    rules_revision_bump()
    after = revision(alice)
    assert after != before
    assert after != (None,)


@pytest.mark.django_db(transaction=True)
def test_rule_changes_take_revisions_in_the_order_they_commit(postgresql, load_rules) -> None:
    load_rules("TX")
    earlier_saved, earlier_may_commit = threading.Event(), threading.Event()
    later_committed = threading.Event()

    def earlier() -> None:  # a staff edit whose transaction stays open a while
        try:
            with transaction.atomic():
                total = Requirement.objects.get(rule_set__board__code="TX-MD", kind="total")
                total.credits = Decimal("60")
                total.save()
                earlier_saved.set()
                earlier_may_commit.wait(10)
        finally:
            connections.close_all()

    def later() -> None:  # another edit that starts after the first one saved
        try:
            with transaction.atomic():
                board = Board.objects.get(code="TX-MD")
                board.name = "Texas Medical Board (renamed)"
                board.save()
            later_committed.set()
        finally:
            connections.close_all()

    first = threading.Thread(target=earlier)
    first.start()
    assert earlier_saved.wait(10)
    second = threading.Thread(target=later)
    second.start()
    # Committed now, the later edit's revision would name rules without the earlier edit.
    assert not later_committed.wait(1.0), "a later rule change committed before an earlier one"
    earlier_may_commit.set()
    first.join(10)
    second.join(10)
    assert later_committed.is_set()


@pytest.mark.django_db(transaction=True)
def test_a_change_that_finds_the_count_being_started_still_adds_its_one(postgresql) -> None:
    RulesRevision.objects.all().delete()
    started, may_commit = threading.Event(), threading.Event()

    def another_change() -> None:  # starts the count and keeps its transaction open a while
        try:
            with transaction.atomic():
                RulesRevision.objects.create(pk=REVISION_ID, value=100)
                started.set()
                may_commit.wait(10)
        finally:
            connections.close_all()

    other = threading.Thread(target=another_change)
    other.start()
    assert started.wait(10)
    threading.Timer(0.5, may_commit.set).start()
    rules_revision_bump()  # sees no row, then waits on the other's insert of it
    other.join(10)
    assert RulesRevision.objects.get(pk=REVISION_ID).value == 101
