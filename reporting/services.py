"""Writes for boards, rule sets and licenses."""

import datetime
from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import Profile, User
from accounts.selectors import profile_get

from . import adapters, selectors
from . import conditions as conditions_vocabulary
from .engine import AttestationKind, Kind, RuleSetSpec, rule_sets_from_reference
from .engine.reference import board_codes
from .models import Attestation, Board, License, Requirement, RuleSet


# --- Rule sets ------------------------------------------------------------------------------
def _requirements_create(
    *, rule_set: RuleSet, specs: Any, sources: dict[str, list[Any]] | None = None
) -> None:
    rows = []
    for position, spec in enumerate(specs):
        row = Requirement(
            rule_set=rule_set,
            position=position,
            sources=(sources or {}).get(spec.id, []),
            **adapters.requirement_fields(spec),
        )
        row.full_clean(exclude=["rule_set"])
        rows.append(row)
    Requirement.objects.bulk_create(rows)


def rule_set_create(
    *,
    board: Board,
    spec: RuleSetSpec,
    effective_from: datetime.date,
    requirement_sources: dict[str, list[Any]] | None = None,
    **provenance: Any,
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
        _requirements_create(
            rule_set=rule_set, specs=spec.requirements, sources=requirement_sources
        )
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


def _record(document: dict[str, Any], codes: tuple[str, ...]) -> dict[str, Any]:
    if codes == ("US-DEA",):
        return dict(document["federal"])
    return next(r for r in document["boards"] if board_codes(r) == codes)


def _provenance(document: dict[str, Any], codes: tuple[str, ...]) -> dict[str, Any]:
    record = _record(document, codes)
    if codes == ("US-DEA",):
        anchor = "The DEA registration's own three-year cycle."
    else:
        anchor = (record.get("cycle_anchor") or {}).get("description", "")
    read_on = (record.get("audit") or {}).get("read_on") or document["generated"]
    # Ways to comply that can only turn a "short" into "met" are the physician's to attest;
    # they are told, never assumed.
    other_ways = " ".join(
        f"Another way to comply: {way}" for way in record.get("other_ways_to_comply") or ()
    )
    return {
        "sources": record.get("sources", []),
        "verified_on": datetime.date.fromisoformat(read_on),
        "notes": " ".join(part for part in (record.get("notes") or "", other_ways) if part),
        "cycle_anchor": anchor,
    }


def _requirement_sources(document: dict[str, Any], codes: tuple[str, ...]) -> dict[str, list[Any]]:
    """Each requirement's own sources, by its stable id (mandates and extra lines)."""
    record = _record(document, codes)
    lines = [*(record.get("topic_mandates") or ()), *(record.get("extra_requirements") or ())]
    if codes == ("US-DEA",):
        lines = [{"id": "us-dea.substance-use-disorders", "sources": record.get("sources", [])}]
    return {line["id"]: line.get("sources") or [] for line in lines if line.get("id")}


def _provenance_refresh(
    rule_set: RuleSet, provenance: dict[str, Any], sources: dict[str, list[Any]]
) -> None:
    """A new reading of unchanged rules: its sources and date, not a new version."""
    changed = [name for name, value in provenance.items() if getattr(rule_set, name) != value]
    for name in changed:
        setattr(rule_set, name, provenance[name])
    if changed:
        rule_set.save(update_fields=changed)  # a history row: cached pages show the new sources
    for row in rule_set.requirements.all():
        if row.sources != sources.get(row.code, []):
            Requirement.objects.filter(pk=row.pk).update(sources=sources.get(row.code, []))


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
        sources = _requirement_sources(document, spec.boards)
        current = (
            RuleSet.objects.filter(board=board)
            .prefetch_related("requirements", "board__sharing_boards")
            .order_by("-effective_from")
            .first()
        )
        if current is None:
            rule_set_create(
                board=board,
                spec=spec,
                effective_from=spec.effective_from,
                requirement_sources=sources,
                **provenance,
            )
            outcome["created"] += 1
        elif adapters.comparable(adapters.rule_set_spec(current)) == adapters.comparable(spec):
            _provenance_refresh(current, provenance, sources)
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
            rule_set_create(
                board=board,
                spec=spec,
                effective_from=effective_from,
                requirement_sources=sources,
                **provenance,
            )
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
    "condition_answers",
)


def license_answers(
    license: License, *, conditions: list[str], unanswered: list[str] | None = None
) -> dict[str, bool]:
    """Answers from a list of the conditions that are true (the API's and the import's form).

    Every other condition the board's rules ask about counts as answered No, except those the
    client leaves `unanswered` on purpose (the license then needs answers).
    """
    unknown = sorted(set(conditions) | set(unanswered or ()))
    unknown = [code for code in unknown if code not in conditions_vocabulary.accepted_codes()]
    if unknown:
        valid = ", ".join(conditions_vocabulary.answerable())
        raise ValidationError(
            {"conditions": f"Unknown condition code(s): {', '.join(unknown)}. Valid: {valid}."}
        )
    true = conditions_vocabulary.expand(conditions)
    open_codes = conditions_vocabulary.expand(unanswered or ())
    rule_set = None
    if license.board_id and license.expires_on:
        cycle_end = license.cycle_end or license.expires_on
        rule_set = selectors.board_rule_set(board=license.board, on=cycle_end)
    asked = set(selectors.conditions_asked(rule_set)) | true
    return {code: code in true for code in sorted(asked) if code not in open_codes - true}


def license_create(
    *,
    owner: User,
    conditions: list[str] | None = None,
    unanswered: list[str] | None = None,
    **fields: Any,
) -> License:
    license = License(owner=owner, **fields)
    if conditions is not None:
        license.condition_answers = license_answers(
            license, conditions=conditions, unanswered=unanswered
        )
    with transaction.atomic():
        # The model's checks include sane dates: whatever enters is judged nightly for all.
        license.full_clean()
        license.save()
    return license


def license_update(
    *,
    license: License,
    conditions: list[str] | None = None,
    unanswered: list[str] | None = None,
    **fields: Any,
) -> License:
    for name, value in fields.items():
        if name not in LICENSE_FIELDS:
            continue  # owner and ids are never written from input
        setattr(license, name, value)
    if conditions is not None:
        license.condition_answers = license_answers(
            license, conditions=conditions, unanswered=unanswered
        )
    with transaction.atomic():
        # The model's checks include sane dates: whatever enters is judged nightly for all.
        license.full_clean()
        license.save()
    return license


def license_delete(*, owner: User, pk: int) -> None:
    deleted, _ = License.objects.filter(owner=owner, pk=pk).delete()
    if not deleted:
        raise Http404("No such license.")


# --- Practice facts -----------------------------------------------------------------------------
def profile_practice_update(*, user: User, answers: Mapping[str, bool | None]) -> Profile:
    """Record the physician's Yes/No answers about their practice, reused by every license.

    Only the questions asked on the profile; `None` takes an answer back (the question is asked
    again), and a question left out of `answers` keeps the answer it had.
    """
    asked = conditions_vocabulary.asked_on(conditions_vocabulary.PROFILE)
    unknown = sorted(set(answers) - set(asked))
    if unknown:
        raise ValidationError(
            {
                "practice_facts": f"Unknown practice question(s): {', '.join(unknown)}. "
                f"Valid: {', '.join(asked)}."
            }
        )
    not_yes_or_no = sorted(
        code for code, value in answers.items() if value is not None and not isinstance(value, bool)
    )
    if not_yes_or_no:
        raise ValidationError(
            {"practice_facts": f"Answer Yes or No (true or false) to: {', '.join(not_yes_or_no)}."}
        )
    with transaction.atomic():
        profile = profile_get(user=user)
        current = profile.practice_facts
        if profile.pk:
            # Read under a lock: two saves at once must not drop each other's answers.
            locked = Profile.objects.select_for_update().filter(pk=profile.pk)
            current = locked.values_list("practice_facts", flat=True).get()
        facts = dict(current or {})
        for code, value in answers.items():
            if value is None:
                facts.pop(code, None)
            else:
                facts[code] = value
        profile.practice_facts = dict(sorted(facts.items()))
        profile.full_clean()
        profile.save(update_fields=["practice_facts"] if profile.pk else None)
    return profile


# --- Attestations -------------------------------------------------------------------------------
def _attestable(license: License, requirement_code: str) -> Requirement:
    """The requirement of the rules judging this license that `requirement_code` names."""
    requirement = selectors.license_requirement(license=license, code=requirement_code)
    if requirement is None:
        raise ValidationError(
            {
                "requirement_code": f"{license.board.code}'s rules for this cycle have no "
                f"requirement {requirement_code!r}."
            }
        )
    if requirement.kind == Kind.CATEGORY_CAP:
        raise ValidationError(
            {"requirement_code": "A limit on credits is not something to attest; nothing to do."}
        )
    return requirement


def attestation_save(
    *,
    user: User,
    license: License | int,
    requirement_code: str,
    kind: str,
    completed_on: datetime.date | None = None,
    reason: str = "",
) -> Attestation:
    """Attest one requirement instead of logging an activity (one attestation per requirement:
    saving again replaces what was attested). Someone else's license is a 404."""
    license = selectors.license_get(
        user=user, pk=license if isinstance(license, int) else license.pk
    )
    _attestable(license, requirement_code)
    if kind == AttestationKind.EXEMPT:
        completed_on = None  # an exemption has no completion date
    with transaction.atomic():
        attestation = Attestation.objects.select_for_update().filter(
            license=license, requirement_code=requirement_code
        ).first() or Attestation(license=license, requirement_code=requirement_code)
        attestation.kind = kind
        attestation.completed_on = completed_on
        attestation.reason = (reason or "").strip()
        attestation.full_clean()
        attestation.save()
    return attestation


def attestation_delete(*, user: User, license: License | int, requirement_code: str) -> None:
    """Withdraw an attestation: the requirement is judged on logged credits again."""
    license = selectors.license_get(
        user=user, pk=license if isinstance(license, int) else license.pk
    )
    deleted, _ = Attestation.objects.filter(
        license=license, requirement_code=requirement_code
    ).delete()
    if not deleted:
        raise Http404("No such attestation.")
