"""Reads for the public rule book. Nothing here is anyone's personal data."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from django.http import Http404

from activities.models import CreditType
from reporting.models import Board, Requirement, RuleSet
from reporting.rules import adapters, selectors, words

# Fields whose change a reader cares about, with the words to name them.
_CHANGED = {
    "credits": "hours",
    "cap": "cap",
    "window": "frequency",
    "window_n": "frequency",
    "condition": "who it applies to",
    "topics": "topics",
    "credit_types": "credit types",
    "confidence": "confidence",
    "cannot_judge": "what we cannot check",
}


@dataclass(frozen=True)
class RuleLine:
    row: Requirement
    text: str
    who: str
    since: datetime.date | None  # first version that holds it (None: since our first record)
    sources: list[words.Source]


@dataclass(frozen=True)
class VersionChange:
    effective_from: datetime.date
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BoardPage:
    board: Board
    sharing: list[Board]
    rule_set: RuleSet | None
    lines: list[RuleLine]
    sources: list[words.Source]
    versions: list[RuleSet]
    changes: list[VersionChange]


def rule_book_index() -> list[tuple[str, list[Board]]]:
    """Every board grouped by state, in state order."""
    boards = list(selectors.board_list())
    return [(state, list(group)) for state, group in groupby(boards, key=lambda b: b.state)]


def _first_seen(versions: list[RuleSet]) -> dict[str, datetime.date | None]:
    """For each requirement id, since when it has stood as it is now (None: our first record)."""
    since: dict[str, datetime.date | None] = {}
    previous: dict[str, dict[str, object]] = {}
    for version in sorted(versions, key=lambda v: v.effective_from):
        rows = {row.code: _fields(row) for row in version.requirements.all()}
        for code, fields in rows.items():
            if previous.get(code) != fields:
                first = version.effective_from == datetime.date.min
                since[code] = None if first else version.effective_from
        previous = rows
    return since


def _fields(row: Requirement) -> dict[str, object]:
    spec = adapters.requirement_spec(row)
    return {name: adapters.requirement_fields(spec)[name] for name in _CHANGED}


def _changes(versions: list[RuleSet]) -> list[VersionChange]:
    ordered = sorted(versions, key=lambda v: v.effective_from)
    changes = []
    for older, newer in pairwise(ordered):
        old = {row.code: row for row in older.requirements.all()}
        new = {row.code: row for row in newer.requirements.all()}
        changed = []
        for code in sorted(old.keys() & new.keys()):
            before, after = _fields(old[code]), _fields(new[code])
            named = sorted({_CHANGED[name] for name in _CHANGED if before[name] != after[name]})
            if named:
                changed.append(f"{new[code].label or code}: {', '.join(named)} changed")
        changes.append(
            VersionChange(
                effective_from=newer.effective_from,
                added=[new[code].label or code for code in sorted(new.keys() - old.keys())],
                removed=[old[code].label or code for code in sorted(old.keys() - new.keys())],
                changed=changed,
            )
        )
    return list(reversed(changes))


def rule_book_board(*, code: str, on: datetime.date) -> BoardPage:
    """One board's rules in force on `on`, its versions and what changed between them."""
    try:
        board = selectors.board_list().get(code__iexact=code)
    except Board.DoesNotExist:
        raise Http404("No such board.") from None
    owner = board.rules_board
    versions = sorted(
        selectors.rule_sets_for_boards([board]).get(owner.pk, []),
        key=lambda v: v.effective_from,
        reverse=True,
    )
    in_force = selectors.rule_set_in_force(versions, on) or (versions[0] if versions else None)
    type_names = dict(CreditType.objects.values_list("slug", "name"))
    since = _first_seen(versions)
    lines = [
        RuleLine(
            row=row,
            text=words.what(row, type_names),
            who=words.who(row),
            since=since.get(row.code),
            sources=words.sources(row.sources),
        )
        for row in (in_force.requirements.all() if in_force else [])
    ]
    sharing = [b for b in selectors.board_list() if b.rules_board.pk == owner.pk and b != board]
    return BoardPage(
        board=board,
        sharing=sharing,
        rule_set=in_force,
        lines=lines,
        sources=words.sources(in_force.sources if in_force else []),
        versions=versions,
        changes=_changes(versions),
    )
