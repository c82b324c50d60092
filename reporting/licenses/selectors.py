"""A physician's own licenses and attestations, and the pages' reads over them; every read is
scoped to its owner.
"""

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from reporting import conditions as vocabulary
from reporting.compliance.selectors import (
    LicenseCompliance,
    RequirementLine,
    judging,
    practice_answers,
)
from reporting.engine import (
    Credit,
)
from reporting.licenses.summary import by_urgency
from reporting.models import Attestation, Board, License
from reporting.rules.selectors import (
    conditions_asked,
    license_rule_sets,
)


def license_list(*, user: User) -> QuerySet[License]:
    return License.objects.filter(owner=user).select_related("board", "board__shares_rules_with")


def license_get(*, user: User, pk: int) -> License:
    # The owner's profile rides along: the license page weighs the profile's degree against the
    # board's without a query of its own.
    license = license_list(user=user).select_related("owner__profile").filter(pk=pk).first()
    if license is None:
        raise Http404("No such license.")
    return license


def attestation_list(*, user: User, license: License) -> QuerySet[Attestation]:
    return Attestation.objects.filter(license__owner=user, license=license)


def attestation_find(*, user: User, license: License, requirement_code: str) -> Attestation | None:
    rows = attestation_list(user=user, license=license)
    return rows.filter(requirement_code=requirement_code).first()


@dataclass(frozen=True)
class PracticeFact:
    """One question about the person as a license form shows it: the answer and where from."""

    code: str
    question: str
    answer: bool | None  # None: not answered yet
    source: str  # "profile", "license" (this license's own answer) or "dea" (a US-DEA license)


def practice_facts_for(
    *, user: User, codes: Iterable[str], license: License | None = None, board: Board | None = None
) -> list[PracticeFact]:
    """The profile questions among `codes` with the answer that counts for `license` (of
    `board`, which may be about to be added: a DEA registration answers the DEA question)."""
    answers = practice_answers(owner_ids=[user.pk])
    holds_dea = user.pk in answers.dea_holders or (board and board.code == vocabulary.DEA_BOARD)
    profile_facts = answers.profile_facts.get(user.pk, {})
    own = (license.condition_answers or {}) if license is not None else {}
    facts = []
    for code in codes:
        if code in own:
            answer, source = own[code], "license"
        else:
            answer, source = profile_facts.get(code), "profile"
        if code == "dea_registrant" and holds_dea:
            answer, source = True, "dea"
        facts.append(PracticeFact(code, vocabulary.words(code), answer, source))
    return facts


def questions_asked_by_licenses(*, user: User) -> dict[str, list[str]]:
    """For each question, the boards of the physician's licenses whose rules ask it."""
    licenses = list(license_list(user=user))
    in_force = license_rule_sets(licenses)
    asked: dict[str, list[str]] = defaultdict(list)
    for license in licenses:
        for code in conditions_asked(in_force[license.pk]):
            asked[code].append(license.board.code)
    return dict(asked)


def holds_dea_registration(*, user: User) -> bool:
    return License.objects.filter(owner=user, board__code=vocabulary.DEA_BOARD).exists()


def dashboard(
    *,
    user: User,
    as_of: datetime.date,
    extra_credits: Sequence[Credit] = (),
    rules_revision: Hashable | None = None,
    old_topic_credits: bool = False,
) -> list[LicenseCompliance]:
    """Every license of `user` judged as of `as_of`, the most urgent first (`summary.by_urgency`).

    `extra_credits` are hypothetical ("what if") credits that are never saved. The number of
    queries does not grow with the number of activities or licenses. `rules_revision` (the
    record version's) reuses the rules this process already read for that revision.
    `old_topic_credits`: for a page that lists every credit not counted (see `judging`).
    """
    licenses = list(license_list(user=user))
    batch = judging(
        licenses,
        owner_ids=[user.pk],
        rules_revision=rules_revision,
        as_of=as_of,
        old_topic_credits=old_topic_credits,
    )
    results = [
        batch.judge(license, as_of=as_of, extra_credits=extra_credits) for license in licenses
    ]
    return by_urgency(results)


def license_compliance(
    *,
    user: User,
    pk: int,
    as_of: datetime.date,
    extra_credits: Sequence[Credit] = (),
    rules_revision: Hashable | None = None,
    license: License | None = None,
    old_topic_credits: bool = False,
) -> LicenseCompliance:
    """One license judged; `license`, if the caller has already read it (its owner's), saves
    reading it again. `old_topic_credits`: for a page that lists every credit not counted,
    old topic courses included (see `judging`); the verdict is the same without."""
    if license is None or license.pk != pk or license.owner_id != user.pk:
        license = license_get(user=user, pk=pk)
    batch = judging(
        [license],
        owner_ids=[user.pk],
        rules_revision=rules_revision,
        as_of=as_of,
        old_topic_credits=old_topic_credits,
    )
    return batch.judge(license, as_of=as_of, extra_credits=extra_credits)


def requirement_credits(
    *,
    user: User,
    pk: int,
    code: str,
    as_of: datetime.date,
    extra_credits: Sequence[Credit] = (),
    rules_revision: Hashable | None = None,
    license: License | None = None,
) -> tuple[LicenseCompliance, RequirementLine]:
    """One requirement of the user's license with the credits it counted and those it did not,
    each with the reason, however old: judged with every topic credit, so a course taken
    before its window is listed as such. Http404 for a requirement the license's rules do not
    have (or someone else's license)."""
    item = license_compliance(
        user=user,
        pk=pk,
        as_of=as_of,
        extra_credits=extra_credits,
        rules_revision=rules_revision,
        license=license,
        old_topic_credits=True,
    )
    line = next((line for line in item.lines if line.result.requirement_id == code), None)
    if line is None:
        raise Http404("No such requirement.")
    return item, line
