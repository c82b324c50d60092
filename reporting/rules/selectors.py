"""Which rules judge what: boards, the rule set in force for a cycle's end, the cycle's end."""

import datetime
import functools
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

from django.db.models import QuerySet
from django.http import Http404

from reporting import conditions as vocabulary
from reporting.engine import (
    RuleSetSpec,
    explain,
)
from reporting.models import Board, License, Requirement, RuleSet
from reporting.reference import board_codes
from reporting.reference.expiry import ExpiryAnchor, ExpiryProposal, expiry_anchor, next_expiry
from reporting.rule_book import read_rule_book
from reporting.rules import adapters


def board_list() -> QuerySet[Board]:
    return Board.objects.select_related("shares_rules_with").order_by("state", "degree", "code")


def board_get(*, code: str) -> Board:
    try:
        return board_list().get(code__iexact=code)
    except Board.DoesNotExist:
        raise Http404("No such board.") from None


def _rule_sets_query() -> QuerySet[RuleSet]:
    return RuleSet.objects.select_related("board").prefetch_related(
        "requirements", "board__sharing_boards"
    )


def rule_sets_for_boards(
    boards: Iterable[Board], *, revision: Hashable | None = None
) -> dict[int, list[RuleSet]]:
    """Every version of the rules that apply to `boards`, keyed by the rule-owning board's id.

    With `revision` (the rules' revision, `reporting.rules.revision`, which the record version
    reads anyway) the answer is kept in this process for that revision: rules change a few times
    a year and are read on every page that judges, so a page that misses its cache skips these
    three queries. Any saved change to a board, rule set or requirement moves the revision, so a
    new revision can never be answered with the rules of an older one.
    """
    owner_ids = frozenset(board.rules_board.pk for board in boards)
    if revision is not None:
        kept = _RULES_IN_PROCESS.get(revision, {}).get(owner_ids)
        if kept is not None:
            return kept
    versions: dict[int, list[RuleSet]] = defaultdict(list)
    for rule_set in _rule_sets_query().filter(board_id__in=owner_ids):
        versions[rule_set.board_id].append(rule_set)
    if revision is not None:
        if revision not in _RULES_IN_PROCESS:
            _RULES_IN_PROCESS.clear()  # only the current revision is worth keeping
        by_boards = _RULES_IN_PROCESS.setdefault(revision, {})
        if len(by_boards) >= _RULES_IN_PROCESS_MAX:
            by_boards.clear()
        by_boards[owner_ids] = versions
    return versions


# revision -> the set of rule-owning boards asked for -> their versions. Read-only once stored:
# the pages only read rule sets. A few hundred combinations of a physician's boards at most.
_RULES_IN_PROCESS: dict[Hashable, dict[frozenset[int], dict[int, list[RuleSet]]]] = {}
_RULES_IN_PROCESS_MAX = 2048
# revision -> rule set id -> the engine's copy of it (built by `adapters.rule_set_spec`).
_SPECS_IN_PROCESS: dict[Hashable, dict[int, RuleSetSpec]] = {}


def specs_in_process(revision: Hashable) -> dict[int, RuleSetSpec]:
    """Where a batch keeps the engine's copies of rule sets, shared by every request of this
    process that reads the same rules revision."""
    if revision not in _SPECS_IN_PROCESS:
        _SPECS_IN_PROCESS.clear()
    return _SPECS_IN_PROCESS.setdefault(revision, {})


def rules_in_process_forget() -> None:
    """Drop what this process kept of the rules. Only needed where a revision can name other
    rules: a test database whose transactions roll back (the revision goes back with them)."""
    _RULES_IN_PROCESS.clear()
    _SPECS_IN_PROCESS.clear()


def rule_set_in_force(versions: Sequence[RuleSet], on: datetime.date) -> RuleSet | None:
    """The version in force on `on` (docs/architecture.md: the cycle's end picks the version)."""
    return next((rs for rs in versions if rs.in_force_on(on)), None)


def board_rule_set(*, board: Board, on: datetime.date) -> RuleSet | None:
    return rule_set_in_force(rule_sets_for_boards([board]).get(board.rules_board.pk, []), on)


def license_cycle_end(license: License) -> datetime.date:
    return license.cycle_end or license.expires_on


def license_rule_set(license: License) -> RuleSet | None:
    """The rules judging this license's cycle (those in force on its end)."""
    return board_rule_set(board=license.board, on=license_cycle_end(license))


def license_rule_sets(licenses: Iterable[License]) -> dict[int, RuleSet | None]:
    """`license_rule_set` for many licenses at once (one query), by license id."""
    licenses = list(licenses)
    versions = rule_sets_for_boards(license.board for license in licenses)
    return {
        license.pk: rule_set_in_force(
            versions.get(license.board.rules_board.pk, []), license_cycle_end(license)
        )
        for license in licenses
    }


def license_requirement(*, license: License, code: str) -> Requirement | None:
    """The requirement `code` of the rules judging this license, if they have one."""
    rule_set = license_rule_set(license)
    if rule_set is None:
        return None
    return next((row for row in rule_set.requirements.all() if row.code == code), None)


def requirement_name(row: Requirement) -> str:
    """How the license page names it: "Human trafficking, 1 h"."""
    return explain.headline(adapters.requirement_spec(row), row.credits)


def conditions_asked(rule_set: RuleSet | None) -> list[str]:
    """The condition codes this rule set's requirements depend on (the questions it asks)."""
    if rule_set is None:
        return []
    asked: set[str] = set()
    for row in rule_set.requirements.all():
        asked |= vocabulary.codes_in(row.condition)
    if rule_set.moc_substitute:
        asked.add("moc_current")
    return [code for code in vocabulary.answerable() if code in asked]


@functools.cache
def _expiry_anchors() -> dict[str, ExpiryAnchor]:
    """Each board code's renewal rule, read once from the bundled rule book.

    The anchor is the board's fact, not a judging rule staff version in the admin: the rule
    book is where it is read and cited (`cycle_anchor`).
    """
    return {
        code: expiry_anchor(record)
        for record in read_rule_book()["boards"]
        for code in board_codes(record)
    }


def expiry_proposal(
    *,
    board: Board,
    birth_date: datetime.date | None,
    issued_on: datetime.date | None,
    on_or_after: datetime.date,
) -> ExpiryProposal | None:
    """The expiry `board`'s rule gives from the physician's birth date and first licensure."""
    anchor = _expiry_anchors().get(board.code)
    if anchor is None:  # the DEA, or a board the rule book does not hold
        return None
    return next_expiry(anchor, birth_date=birth_date, issued_on=issued_on, on_or_after=on_or_after)
