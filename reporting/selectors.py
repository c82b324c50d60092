"""Reads for boards, licenses and compliance; every read of a user's rows is scoped to them."""

import datetime
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Profile, User
from activities.models import Activity
from cmetrack.lib.personal_cache import personal_cache_generation, personal_cache_remember

from . import adapters
from . import conditions as vocabulary
from .engine import (
    ActivityId,
    ComplianceReport,
    Credit,
    LicenseFacts,
    RequirementResult,
    RuleSetSpec,
    Status,
    evaluate,
    explain,
)
from .engine import Attestation as AttestationFact
from .models import Attestation, Board, License, Requirement, RuleSet
from .progress import CycleProgress, ProgressChart, cycle_progress, progress_chart


# --- Boards and rule sets -------------------------------------------------------------------
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


def rule_sets_for_boards(boards: Iterable[Board]) -> dict[int, list[RuleSet]]:
    """Every version of the rules that apply to `boards`, keyed by the rule-owning board's id."""
    owner_ids = {board.rules_board.pk for board in boards}
    versions: dict[int, list[RuleSet]] = defaultdict(list)
    for rule_set in _rule_sets_query().filter(board_id__in=owner_ids):
        versions[rule_set.board_id].append(rule_set)
    return versions


def rule_set_in_force(versions: Sequence[RuleSet], on: datetime.date) -> RuleSet | None:
    """The version in force on `on` (DESIGN.md: the one in force on the cycle's end applies)."""
    return next((rs for rs in versions if rs.in_force_on(on)), None)


def board_rule_set(*, board: Board, on: datetime.date) -> RuleSet | None:
    return rule_set_in_force(rule_sets_for_boards([board]).get(board.rules_board.pk, []), on)


# --- Licenses ---------------------------------------------------------------------------------
def license_list(*, user: User) -> QuerySet[License]:
    return License.objects.filter(owner=user).select_related("board", "board__shares_rules_with")


def license_get(*, user: User, pk: int) -> License:
    license = license_list(user=user).filter(pk=pk).first()
    if license is None:
        raise Http404("No such license.")
    return license


def license_cycle_end(license: License) -> datetime.date:
    return license.cycle_end or license.expires_on


def license_rule_set(license: License) -> RuleSet | None:
    """The rules judging this license's cycle (those in force on its end)."""
    return board_rule_set(board=license.board, on=license_cycle_end(license))


# --- Practice answers and attestations -------------------------------------------------------
@dataclass(frozen=True)
class PracticeAnswers:
    """What the physicians of a batch told us: profile facts, DEA holders, attestations."""

    profile_facts: Mapping[int, dict[str, bool]]
    dea_holders: frozenset[int]
    attestations: Mapping[int, tuple[AttestationFact, ...]]  # by license id

    def for_license(self, license: License) -> dict[str, bool]:
        return vocabulary.effective_answers(
            profile_facts=self.profile_facts.get(license.owner_id, {}),
            license_answers=license.condition_answers or {},
            holds_dea=license.owner_id in self.dea_holders,
        )

    def facts(self, license: License) -> LicenseFacts:
        return adapters.license_facts(
            license,
            answers=self.for_license(license),
            attestations=self.attestations.get(license.pk, ()),
        )


def practice_answers(*, owner_ids: Iterable[int]) -> PracticeAnswers:
    """Three queries, whatever the number of physicians or licenses."""
    owners = list(owner_ids)
    profile_facts = dict(
        Profile.objects.filter(user_id__in=owners).values_list("user_id", "practice_facts")
    )
    dea_holders = frozenset(
        License.objects.filter(owner_id__in=owners, board__code=vocabulary.DEA_BOARD).values_list(
            "owner_id", flat=True
        )
    )
    attestations: dict[int, list[AttestationFact]] = defaultdict(list)
    for row in Attestation.objects.filter(license__owner_id__in=owners):
        attestations[row.license_id].append(adapters.attestation(row))
    return PracticeAnswers(
        profile_facts={owner: facts or {} for owner, facts in profile_facts.items()},
        dea_holders=dea_holders,
        attestations={pk: tuple(rows) for pk, rows in attestations.items()},
    )


def attestation_list(*, user: User, license: License) -> QuerySet[Attestation]:
    return Attestation.objects.filter(license__owner=user, license=license)


def license_requirement(*, license: License, code: str) -> Requirement | None:
    """The requirement `code` of the rules judging this license, if they have one."""
    rule_set = license_rule_set(license)
    if rule_set is None:
        return None
    return next((row for row in rule_set.requirements.all() if row.code == code), None)


def requirement_name(row: Requirement) -> str:
    """How the license page names it: "Human trafficking, 1 h"."""
    return explain.headline(adapters.requirement_spec(row), row.credits)


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
    versions = rule_sets_for_boards(license.board for license in licenses)
    asked: dict[str, list[str]] = defaultdict(list)
    for license in licenses:
        rule_set = rule_set_in_force(
            versions.get(license.board.rules_board.pk, []), license_cycle_end(license)
        )
        for code in conditions_asked(rule_set):
            asked[code].append(license.board.code)
    return dict(asked)


def holds_dea_registration(*, user: User) -> bool:
    return License.objects.filter(owner=user, board__code=vocabulary.DEA_BOARD).exists()


# --- Credits and compliance ------------------------------------------------------------------
def credits_by_owner(*, owner_ids: Iterable[int]) -> dict[int, list[Credit]]:
    """Every activity of these users as engine credits: two queries, whatever the count.

    Plain rows (`values_list`), not model instances: this runs on every dashboard, license
    page and compliance call, and building 500 Activity objects was most of their time.
    """
    owners = list(owner_ids)
    topics: dict[int, set[str]] = defaultdict(set)
    for activity_id, slug in Activity.topics.through.objects.filter(
        activity__owner_id__in=owners
    ).values_list("activity_id", "topic__slug"):
        topics[activity_id].add(slug)
    rows = (
        Activity.objects.filter(owner_id__in=owners)
        .order_by("completed_on", "pk")
        .values_list("owner_id", "pk", "completed_on", "credit_type__slug", "credits", "title")
    )
    credits: dict[int, list[Credit]] = defaultdict(list)
    for owner_id, pk, completed_on, credit_type, amount, title in rows:
        credits[owner_id].append(
            Credit(
                activity_id=pk,
                completed_on=completed_on,
                credit_type=credit_type,
                credits=amount,
                topics=frozenset(topics.get(pk, ())),
                title=title,
            )
        )
    return credits


def credits_for(*, user: User) -> list[Credit]:
    return credits_by_owner(owner_ids=[user.pk]).get(user.pk, [])


@dataclass(frozen=True)
class RequirementLine:
    """A requirement's result with the credits it counted and those it did not, and why."""

    result: RequirementResult
    counted: list[Credit]
    uncounted: list[tuple[Credit, str]]

    @property
    def percent(self) -> int:
        required = self.result.required
        if not required:
            return 100 if self.result.status == Status.MET else 0
        return min(100, int(self.result.earned * 100 / required))


@dataclass(frozen=True)
class LicenseCompliance:
    """One license with the rules that apply to it and the engine's verdict."""

    license: License
    rule_set: RuleSet | None
    report: ComplianceReport | None
    credits: Mapping[ActivityId, Credit] = field(default_factory=dict)

    @property
    def days_left(self) -> int:
        return (license_cycle_end(self.license) - self.report.as_of).days if self.report else 0

    @cached_property
    def progress(self) -> CycleProgress | None:
        """Credits toward the total over the cycle, against the pace needed (the chart)."""
        return cycle_progress(self.report, self.credits)

    @cached_property
    def progress_chart(self) -> ProgressChart | None:
        return progress_chart(self.progress) if self.progress else None

    @property
    def lines(self) -> list[RequirementLine]:
        if self.report is None:
            return []
        return [
            RequirementLine(
                result=result,
                counted=[self.credits[i] for i in result.counted if i in self.credits],
                uncounted=[
                    (self.credits[u.activity_id], u.reason)
                    for u in result.uncounted
                    if u.activity_id in self.credits
                ],
            )
            for result in self.report.results
        ]


def compliance_for(
    license: License,
    *,
    rule_set: RuleSet | None,
    credits: Sequence[Credit],
    as_of: datetime.date,
    answers: PracticeAnswers,
    spec: RuleSetSpec | None = None,
) -> LicenseCompliance:
    if rule_set is None:
        return LicenseCompliance(license=license, rule_set=None, report=None)
    spec = spec or adapters.rule_set_spec(rule_set)
    report = evaluate(spec, answers.facts(license), credits, as_of)
    return LicenseCompliance(
        license=license,
        rule_set=rule_set,
        report=report,
        credits={credit.activity_id: credit for credit in credits},
    )


CACHE_SECONDS = 3600


@dataclass(frozen=True)
class RecordVersion:
    """Names the state of everything a physician's verdicts rest on, as of one day.

    `key` changes whenever the physician's activities, licenses or attestations change (their
    count and latest change), their practice facts change, or any board, rule set or
    requirement does (the rules' history: every save and delete adds a row), so a verdict or
    page cached under it is never stale. A rules write that bypasses `save()` (a queryset
    `update()`, `bulk_create`) adds no history row: our rule services always pair one with a
    saved rule set; code that does not must save one too.
    """

    licenses: int
    key: str
    # The key already changes with everything a verdict rests on; the hour only bounds memory.
    # Only today's verdicts are kept: any other `as_of` a visitor types is computed and not
    # stored, so request parameters cannot fill the cache (0 = not stored).
    cache_seconds: int = CACHE_SECONDS


@functools.cache
def _record_version_sql() -> str:
    # Plain SQL, built once: the ORM took ~5 ms to compile these seven subqueries on every
    # dashboard request, the query itself runs in under 1 ms. Table names come from the models.
    def owned(model: type[Model], aggregate: str) -> str:
        table = model._meta.db_table
        return f"(SELECT {aggregate} FROM {table} WHERE owner_id = %(owner)s)"  # noqa: S608 # nosec B608

    def last_change(model: type[Model]) -> str:
        history = model.history.model._meta.db_table  # type: ignore[attr-defined]
        return f"(SELECT MAX(history_id) FROM {history})"  # noqa: S608 # nosec B608

    attestations = Attestation._meta.db_table
    licenses = License._meta.db_table
    through_license = (
        f"(SELECT {{}} FROM {attestations} a JOIN {licenses} l ON a.license_id = l.id "  # noqa: S608 # nosec B608
        "WHERE l.owner_id = %(owner)s)"
    )
    profile = Profile._meta.db_table
    parts = [
        owned(Activity, "COUNT(*)"),
        owned(Activity, "MAX(updated_at)"),
        owned(License, "COUNT(*)"),
        owned(License, "MAX(updated_at)"),
        through_license.format("COUNT(*)"),
        through_license.format("MAX(a.updated_at)"),
        # The practice facts themselves: a profile has no change stamp, and they are small.
        f"(SELECT practice_facts FROM {profile} WHERE user_id = %(owner)s)",  # noqa: S608 # nosec B608
        *(last_change(model) for model in (Board, RuleSet, Requirement)),
    ]
    return "SELECT " + ", ".join(parts)


def record_version(*, user: User, as_of: datetime.date) -> RecordVersion:
    """The physician's `RecordVersion`: one query, whatever the number of rows."""
    with connection.cursor() as cursor:
        cursor.execute(_record_version_sql(), {"owner": user.pk})
        row = cursor.fetchone()
    # The person's cache generation: deleting the account makes every entry unreachable.
    generation = personal_cache_generation(user.pk)
    state = ":".join(str(value) for value in (user.pk, generation, as_of, *row))
    digest = hashlib.blake2b(state.encode(), digest_size=16).hexdigest()
    key = f"{user.pk}-{digest}"
    keep = CACHE_SECONDS if as_of == timezone.localdate() else 0
    if keep:
        personal_cache_remember(user.pk, key)  # so that deleting the account can clear it
    return RecordVersion(licenses=row[2], key=key, cache_seconds=keep)


def dashboard(
    *, user: User, as_of: datetime.date, extra_credits: Sequence[Credit] = ()
) -> list[LicenseCompliance]:
    """Every license of `user` judged as of `as_of`, soonest deadline first.

    `extra_credits` are hypothetical ("what if") credits that are never saved. The number of
    queries does not grow with the number of activities or licenses.
    """
    licenses = list(license_list(user=user))
    versions = rule_sets_for_boards(license.board for license in licenses)
    credits = [*credits_for(user=user), *extra_credits]
    answers = practice_answers(owner_ids=[user.pk])
    results = [
        compliance_for(
            license,
            rule_set=rule_set_in_force(
                versions.get(license.board.rules_board.pk, []), license_cycle_end(license)
            ),
            credits=credits,
            as_of=as_of,
            answers=answers,
        )
        for license in licenses
    ]
    return sorted(results, key=lambda item: license_cycle_end(item.license))


def licenses_judged(
    licenses: Sequence[License], *, as_of: datetime.date
) -> dict[int, ComplianceReport | None]:
    """Many physicians' licenses judged live (a staff list's page), by license id.

    A fixed number of queries however many licenses and physicians: the rule sets, the credits
    and the practice answers are read once for the whole batch. None: no rules on file.
    """
    if not licenses:
        return {}
    versions = rule_sets_for_boards(license.board for license in licenses)
    owners = {license.owner_id for license in licenses}
    credits = credits_by_owner(owner_ids=owners)
    answers = practice_answers(owner_ids=owners)
    specs: dict[int, RuleSetSpec] = {}
    reports: dict[int, ComplianceReport | None] = {}
    for license in licenses:
        rule_set = rule_set_in_force(
            versions.get(license.board.rules_board.pk, []), license_cycle_end(license)
        )
        if rule_set is not None and rule_set.pk not in specs:
            specs[rule_set.pk] = adapters.rule_set_spec(rule_set)
        reports[license.pk] = compliance_for(
            license,
            rule_set=rule_set,
            credits=credits.get(license.owner_id, []),
            as_of=as_of,
            answers=answers,
            spec=specs.get(rule_set.pk) if rule_set else None,
        ).report
    return reports


def license_compliance(
    *, user: User, pk: int, as_of: datetime.date, extra_credits: Sequence[Credit] = ()
) -> LicenseCompliance:
    license = license_get(user=user, pk=pk)
    return compliance_for(
        license,
        rule_set=board_rule_set(board=license.board, on=license_cycle_end(license)),
        credits=[*credits_for(user=user), *extra_credits],
        as_of=as_of,
        answers=practice_answers(owner_ids=[user.pk]),
    )


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
