"""Writes for boards, rule sets and licenses."""

import datetime
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from cmetrack.lib.bounds import validate_sane_date

from . import adapters
from .engine import RuleSetSpec, rule_sets_from_reference
from .engine.reference import board_codes
from .models import Board, License, Requirement, RuleSet


# --- Rule sets ------------------------------------------------------------------------------
def _requirements_create(*, rule_set: RuleSet, specs: Any) -> None:
    rows = []
    for position, spec in enumerate(specs):
        row = Requirement(rule_set=rule_set, position=position, **adapters.requirement_fields(spec))
        row.full_clean(exclude=["rule_set"])
        rows.append(row)
    Requirement.objects.bulk_create(rows)


def rule_set_create(
    *, board: Board, spec: RuleSetSpec, effective_from: datetime.date, **provenance: Any
) -> RuleSet:
    """A new rule set for `board` holding `spec`'s rules from `effective_from` on."""
    rule_set = RuleSet(
        board=board,
        effective_from=effective_from,
        effective_to=None,
        **adapters.rule_set_fields(spec),
        **provenance,
    )
    with transaction.atomic():
        rule_set.full_clean()
        rule_set.save()
        _requirements_create(rule_set=rule_set, specs=spec.requirements)
    return rule_set


def rule_set_new_version(*, rule_set: RuleSet, effective_from: datetime.date) -> RuleSet:
    """Copy a rule set to start on `effective_from`, ending the old one the day before.

    Cycles that end before `effective_from` keep being judged by the old version.
    """
    if effective_from <= rule_set.effective_from:
        raise ValidationError(
            {
                "effective_from": "A new version must start after the current one "
                f"({rule_set.effective_from.isoformat()})."
            }
        )
    if rule_set.effective_to is not None and effective_from > rule_set.effective_to:
        raise ValidationError(
            {
                "effective_from": "This version already ended on "
                f"{rule_set.effective_to.isoformat()}; version the rule set in force instead."
            }
        )
    with transaction.atomic():
        old = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
        requirements = list(old.requirements.all())
        later = RuleSet.objects.filter(board=old.board, effective_from__gt=old.effective_from)
        old.effective_to = effective_from - datetime.timedelta(days=1)
        old.save(update_fields=["effective_to"])
        copy = RuleSet.objects.get(pk=old.pk)
        copy.pk = None
        copy.effective_from = effective_from
        copy.effective_to = (
            later.order_by("effective_from").values_list("effective_from", flat=True).first()
        )
        if copy.effective_to:
            copy.effective_to -= datetime.timedelta(days=1)
        copy.full_clean()
        copy.save()
        for row in requirements:
            row.pk = None
            row.rule_set = copy
        Requirement.objects.bulk_create(requirements)
    return copy


def _board_for_codes(codes: tuple[str, ...], name: str) -> Board:
    """The board that owns the rules for `codes` (the first), creating any that are missing."""
    primary, *sharing = codes
    owner, _ = Board.objects.update_or_create(
        code=primary, defaults={**_code_parts(primary), "name": name, "shares_rules_with": None}
    )
    for code in sharing:
        Board.objects.update_or_create(
            code=code, defaults={**_code_parts(code), "name": name, "shares_rules_with": owner}
        )
    return owner


def _code_parts(code: str) -> dict[str, str]:
    state, _, degree = code.partition("-")
    return {"state": state, "degree": degree if degree in {"MD", "DO"} else ""}


def _provenance(document: dict[str, Any], codes: tuple[str, ...]) -> dict[str, Any]:
    if codes == ("US-DEA",):
        record = document["federal"]
        anchor = "The DEA registration's own three-year cycle."
    else:
        record = next(r for r in document["boards"] if board_codes(r) == codes)
        anchor = (record.get("cycle_anchor") or {}).get("description", "")
    return {
        "sources": record.get("sources", []),
        "verified_on": datetime.date.fromisoformat(document["generated"]),
        "notes": record.get("notes") or "",
        "cycle_anchor": anchor,
    }


@transaction.atomic
def state_rules_load(
    *, document: dict[str, Any], effective_from: datetime.date | None = None
) -> Counter[str]:
    """Load the reference rules. Unchanged boards are left alone; a board whose rules changed
    gets a new rule-set version from `effective_from` (default today), so past cycles keep
    the rules they were judged by. Returns counts of created / versioned / unchanged."""
    effective_from = effective_from or timezone.localdate()
    outcome: Counter[str] = Counter()
    for spec in rule_sets_from_reference(document):
        board = _board_for_codes(spec.boards, spec.name)
        provenance = _provenance(document, spec.boards)
        current = (
            RuleSet.objects.filter(board=board)
            .prefetch_related("requirements", "board__sharing_boards")
            .order_by("-effective_from")
            .first()
        )
        if current is None:
            rule_set_create(
                board=board, spec=spec, effective_from=spec.effective_from, **provenance
            )
            outcome["created"] += 1
        elif adapters.comparable(adapters.rule_set_spec(current)) == adapters.comparable(spec):
            outcome["unchanged"] += 1
        else:
            if current.effective_from >= effective_from:
                raise ValueError(
                    f"{board.code} already has a version from {current.effective_from}; "
                    "pass a later --effective-from."
                )
            RuleSet.objects.filter(pk=current.pk).update(
                effective_to=effective_from - datetime.timedelta(days=1)
            )
            rule_set_create(board=board, spec=spec, effective_from=effective_from, **provenance)
            outcome["versioned"] += 1
    return outcome


# --- Licenses -----------------------------------------------------------------------------------
LICENSE_FIELDS = (
    "board",
    "number",
    "issued_on",
    "expires_on",
    "cycle_start",
    "cycle_end",
    "conditions",
)


LICENSE_DATES = ("issued_on", "expires_on", "cycle_start", "cycle_end")


def _license_validate(license: License) -> None:
    """The model's checks plus sane dates: whatever enters here is judged nightly for everyone."""
    errors: dict[str, list[str]] = {}
    for name in LICENSE_DATES:
        try:
            validate_sane_date(getattr(license, name))
        except ValidationError as error:
            errors[name] = error.messages
    try:
        license.full_clean(exclude=[name for name in errors])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def license_create(*, owner: User, **fields: Any) -> License:
    license = License(owner=owner, **fields)
    with transaction.atomic():
        _license_validate(license)
        license.save()
    return license


def license_update(*, license: License, **fields: Any) -> License:
    for name, value in fields.items():
        if name not in LICENSE_FIELDS:
            continue  # owner and ids are never written from input
        setattr(license, name, value)
    with transaction.atomic():
        _license_validate(license)
        license.save()
    return license


def license_delete(*, owner: User, pk: int) -> None:
    deleted, _ = License.objects.filter(owner=owner, pk=pk).delete()
    if not deleted:
        raise Http404("No such license.")
