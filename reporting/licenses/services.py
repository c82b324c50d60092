"""Writes for a physician's licenses, practice answers and attestations."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from accounts.models import Profile, User
from accounts.selectors import profile_get
from reporting import conditions as conditions_vocabulary
from reporting.engine import AttestationKind, Kind
from reporting.licenses import selectors as licenses_selectors
from reporting.licenses.changes import licenses_changed_on_commit
from reporting.models import Attestation, License, Requirement
from reporting.rules import selectors as rules_selectors

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
        rule_set = rules_selectors.license_rule_set(license)
    asked = set(rules_selectors.conditions_asked(rule_set)) | true
    return {code: code in true for code in sorted(asked) if code not in open_codes - true}


def license_create(
    *,
    owner: User,
    conditions: list[str] | None = None,
    unanswered: list[str] | None = None,
    **fields: Any,
) -> License:
    return _license_save(License(owner=owner, **fields), conditions, unanswered)


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
    return _license_save(license, conditions, unanswered)


def _license_save(
    license: License, conditions: list[str] | None, unanswered: list[str] | None
) -> License:
    if conditions is not None:
        license.condition_answers = license_answers(
            license, conditions=conditions, unanswered=unanswered
        )
    with transaction.atomic():
        # The model's checks include sane dates: whatever enters is judged nightly for all.
        license.full_clean()
        license.save()
        licenses_changed_on_commit(owner_id=license.owner_id)
    return license


def license_delete(*, owner: User, pk: int) -> None:
    deleted, _ = License.objects.filter(owner=owner, pk=pk).delete()
    if not deleted:
        raise Http404("No such license.")
    licenses_changed_on_commit(owner_id=owner.pk)


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
        licenses_changed_on_commit(owner_id=user.pk)
    return profile


def _attestable(license: License, requirement_code: str) -> Requirement:
    """The requirement of the rules judging this license that `requirement_code` names."""
    requirement = rules_selectors.license_requirement(license=license, code=requirement_code)
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
    license = licenses_selectors.license_get(
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
        licenses_changed_on_commit(owner_id=user.pk)
    return attestation


def attestation_delete(*, user: User, license: License | int, requirement_code: str) -> None:
    """Withdraw an attestation: the requirement is judged on logged credits again."""
    license = licenses_selectors.license_get(
        user=user, pk=license if isinstance(license, int) else license.pk
    )
    deleted, _ = Attestation.objects.filter(
        license=license, requirement_code=requirement_code
    ).delete()
    if not deleted:
        raise Http404("No such attestation.")
    licenses_changed_on_commit(owner_id=user.pk)
