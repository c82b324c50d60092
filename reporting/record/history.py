"""A clinician's own audit trail: every change to their activities, certificates, licenses and
attestations.

The records are django-simple-history's tables; this module only reads them. It lives in
`reporting` because it spans the activities and certificates apps, which `accounts` may not import.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import CharField, QuerySet, Value

from accounts.models import User
from activities.models import Activity
from certificates.models import Certificate
from reporting.models import Attestation, License, Requirement
from reporting.rules.selectors import requirement_name

PAGE_SIZE = 25
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# What a clinician calls each record, and the field that names one.
KINDS = {
    "activity": (Activity, "Activity", "title"),
    "certificate": (Certificate, "Certificate", "filename"),
    "license": (License, "License", "number"),
    "attestation": (Attestation, "Attestation", "requirement_code"),
}
# Bookkeeping columns that change on every save and mean nothing to a clinician.
IGNORED_FIELDS = {"updated_at", "created_at", "uploaded_at"}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    kind: str
    action: str
    label: str
    by: str
    changes: list[Change] = field(default_factory=list)


def _owned(kind: str, owner: User) -> dict[str, object]:
    if kind == "attestation":
        # Through the license's history, so an attestation's trail outlives a deleted license.
        return {"license_id__in": License.history.filter(owner_id=owner.pk).values("id")}
    return {"owner_id": owner.pk}


def _records(kind: str, owner: User) -> QuerySet:
    model, _, _ = KINDS[kind]
    return (
        model.history.filter(**_owned(kind, owner))  # type: ignore[attr-defined]  # simple_history adds it
        .order_by()  # a compound statement may only be ordered as a whole
        # Not "kind": an attestation has a field of that name.
        .annotate(record_kind=Value(kind, output_field=CharField()))
        .values_list("history_date", "history_id", "record_kind")
    )


def _changes(kind: str, record, previous) -> list[Change]:  # type: ignore[no-untyped-def]
    if record.history_type != "~" or previous is None:
        return []
    fields = KINDS[kind][0]._meta
    return [
        Change(
            field=str(fields.get_field(change.field).verbose_name),  # type: ignore[union-attr]
            old=str(change.old if change.old not in (None, "") else "—"),
            new=str(change.new if change.new not in (None, "") else "—"),
        )
        for change in record.diff_against(previous).changes
        if change.field not in IGNORED_FIELDS
    ]


def _previous_records(kind: str, records: list) -> dict[int, object]:  # type: ignore[type-arg]
    """The record before each change among `records`, in one query (simple-history's
    `prev_record` asks once per record): the latest one of the same row dated strictly before."""
    changed = [record for record in records if record.history_type == "~"]
    if not changed:
        return {}
    model = KINDS[kind][0]
    earlier: dict[int, list] = defaultdict(list)  # type: ignore[type-arg]
    rows = model.history.filter(  # type: ignore[attr-defined]  # simple_history adds it
        id__in={record.id for record in changed},
        history_date__lt=max(record.history_date for record in changed),
    ).order_by("history_date", "history_id")
    for row in rows:
        earlier[row.id].append(row)
    previous = {}
    for record in changed:
        before = [row for row in earlier[record.id] if row.history_date < record.history_date]
        if before:
            previous[record.history_id] = before[-1]
    return previous


def _requirement_names(codes: set[str]) -> dict[str, str]:
    """An attestation is stored by its requirement's code ("ca-md.pain-management"); the
    history names the requirement as the license page does ("Pain management, 12 h")."""
    names: dict[str, str] = {}
    for row in Requirement.objects.filter(code__in=codes).order_by("-rule_set__effective_from"):
        names.setdefault(row.code, requirement_name(row))
    return names


def _entry(kind: str, record, previous, names: dict[str, str]) -> HistoryEntry:  # type: ignore[no-untyped-def]
    _, label, name_field = KINDS[kind]
    who = record.history_user
    value = str(getattr(record, name_field))
    return HistoryEntry(
        when=record.history_date,
        kind=label,
        action=ACTIONS[record.history_type],
        label=names.get(value, value) if kind == "attestation" else value,
        by=who.email if who is not None else "CME Track",
        changes=_changes(kind, record, previous),
    )


def history_page(*, owner: User, number: int | str = 1) -> Page:
    """One page of the owner's changes, newest first; `page.object_list` holds HistoryEntry."""
    kinds = list(KINDS)
    union = _records(kinds[0], owner).union(*(_records(kind, owner) for kind in kinds[1:]))
    page = Paginator(union.order_by("-history_date", "-history_id"), PAGE_SIZE).get_page(number)
    wanted: dict[str, list[int]] = {kind: [] for kind in kinds}
    for _when, history_id, kind in page.object_list:
        wanted[kind].append(history_id)
    loaded = {
        kind: list(
            KINDS[kind][0]
            .history.filter(history_id__in=ids)  # type: ignore[attr-defined]
            .select_related("history_user")
        )
        for kind, ids in wanted.items()
        if ids
    }
    records = {(kind, r.history_id): r for kind, rows in loaded.items() for r in rows}
    previous = {kind: _previous_records(kind, rows) for kind, rows in loaded.items()}
    names = _requirement_names({row.requirement_code for row in loaded.get("attestation", [])})
    page.object_list = [
        _entry(
            kind,
            records[(kind, history_id)],
            previous[kind].get(history_id),
            names,
        )
        for _when, history_id, kind in page.object_list
    ]
    return page
