"""Judging licenses: the credits and answers they rest on, one batch at a time, and the
version of a physician's record that cached verdicts are keyed by.
"""

import datetime
import functools
import hashlib
import json
import operator
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from accounts.models import Profile, User
from activities.models import Activity, CreditType, Topic
from cmetrack.lib.personal_cache import (
    PersonalCache,
    _generation_key,
    _tokens_key,
    personal_cache_open,
)
from reporting import conditions as vocabulary
from reporting.compliance.progress import (
    CycleProgress,
    ProgressChart,
    cycle_progress,
    progress_chart,
)
from reporting.engine import (
    ActivityId,
    ComplianceReport,
    Credit,
    Kind,
    LicenseFacts,
    Reach,
    RequirementResult,
    RuleSetSpec,
    Status,
    credits_reach,
    evaluate,
)
from reporting.engine import Attestation as AttestationFact
from reporting.models import Attestation, Board, License, RuleSet, RulesRevision
from reporting.rules import adapters
from reporting.rules.revision import REVISION_ID
from reporting.rules.selectors import (
    license_cycle_end,
    rule_set_in_force,
    rule_sets_for_boards,
    specs_in_process,
)


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


@functools.lru_cache(maxsize=32)
def _practice_answers_sql(owners: int) -> str:
    # Plain SQL, built once per batch size: the ORM took twice as long to compile this query
    # (three joins and an EXISTS) as the database took to run it, on every verdict page's miss.
    # Table names come from the models; each physician has a row per attestation, or one row
    # with no attestation (so their profile facts are read).
    users, profiles = User._meta.db_table, Profile._meta.db_table
    licenses, boards = License._meta.db_table, Board._meta.db_table
    attestations = Attestation._meta.db_table
    owner_ids = ", ".join(["%s"] * owners)
    return (
        "SELECT u.id, p.practice_facts, "  # noqa: S608 # nosec B608
        f"EXISTS (SELECT 1 FROM {licenses} dl JOIN {boards} db ON db.id = dl.board_id "
        "WHERE dl.owner_id = u.id AND db.code = %s), "
        "a.license_id, a.requirement_code, a.kind, a.completed_on, a.reason "
        f"FROM {users} u LEFT JOIN {profiles} p ON p.user_id = u.id "
        f"LEFT JOIN {licenses} l ON l.owner_id = u.id "
        f"LEFT JOIN {attestations} a ON a.license_id = l.id "
        f"WHERE u.id IN ({owner_ids}) ORDER BY u.id, a.license_id, a.requirement_code"
    )


def practice_answers(*, owner_ids: Iterable[int]) -> PracticeAnswers:
    """One query, whatever the number of physicians or licenses: each physician with their
    profile's facts, whether they hold a DEA registration, and their attestations."""
    owners = sorted(set(owner_ids))
    profile_facts: dict[int, dict[str, bool]] = {}
    dea_holders: set[int] = set()
    attestations: dict[int, list[AttestationFact]] = defaultdict(list)
    if not owners:
        return PracticeAnswers(profile_facts={}, dea_holders=frozenset(), attestations={})
    with connection.cursor() as cursor:
        cursor.execute(_practice_answers_sql(len(owners)), [vocabulary.DEA_BOARD, *owners])
        rows = cursor.fetchall()
    for owner, facts, dea, license_id, code, kind, completed_on, reason in rows:
        if owner not in profile_facts:
            # The backends return the JSON column as text here (the model field would decode
            # it; the field has no decoder of its own).
            profile_facts[owner] = (json.loads(facts) if isinstance(facts, str) else facts) or {}
        if dea:
            dea_holders.add(owner)
        if license_id is not None:
            attestations[license_id].append(
                adapters.attestation_from_values(
                    requirement_code=code, kind=kind, completed_on=completed_on, reason=reason
                )
            )
    return PracticeAnswers(
        profile_facts=profile_facts,
        dea_holders=frozenset(dea_holders),
        attestations={pk: tuple(rows) for pk, rows in attestations.items()},
    )


@functools.lru_cache(maxsize=64)
def _credits_sql(owners: int, bounded: bool, topic_groups: tuple[tuple[int, bool], ...]) -> str:
    """The credits read for `owners` physicians; `bounded`: only those after a date, or on a
    topic of one of `topic_groups` ((number of topics, after a date of its own) each).

    Plain SQL, built once per shape: the ORM took as long to build and compile this query (a
    subquery with a group per look-back) as PostgreSQL took to run it, on every verdict miss.
    Table names come from the models. A row per topic; the rows of one activity are next to
    each other (ordered by date, then id)."""
    activities, kinds = Activity._meta.db_table, CreditType._meta.db_table
    links, topics = Activity.topics.through._meta.db_table, Topic._meta.db_table
    owner_ids = ", ".join(["%s"] * owners)
    where = f"a.owner_id IN ({owner_ids})"
    if bounded:
        near = "a.completed_on > %s"
        if topic_groups:
            groups = " OR ".join(
                f"(t2.slug IN ({', '.join(['%s'] * count)})"
                + (" AND a2.completed_on > %s)" if dated else ")")
                for count, dated in topic_groups
            )
            near += (
                f" OR a.id IN (SELECT l2.activity_id FROM {links} l2"  # noqa: S608 # nosec B608
                f" JOIN {topics} t2 ON t2.id = l2.topic_id"
                f" JOIN {activities} a2 ON a2.id = l2.activity_id"
                f" WHERE ({groups}) AND a2.owner_id IN ({owner_ids}))"
            )
        where += f" AND ({near})"
    return (
        "SELECT a.owner_id, a.id, a.completed_on, k.slug, a.credits, a.title, t.slug "  # noqa: S608 # nosec B608
        f"FROM {activities} a JOIN {kinds} k ON k.id = a.credit_type_id "
        f"LEFT JOIN {links} l ON l.activity_id = a.id LEFT JOIN {topics} t ON t.id = l.topic_id "
        f"WHERE {where} ORDER BY a.completed_on, a.id"
    )


def _converters(name: str) -> list[tuple[Any, Any]]:
    """What the ORM does to one of Activity's columns as it reads it: nothing on PostgreSQL;
    SQLite stores the credits as a number, which Django turns back into a Decimal of 2 places."""
    field = Activity._meta.get_field(name)
    column = field.get_col(Activity._meta.db_table)  # type: ignore[union-attr]
    return [
        (converter, column)
        for converter in (
            *connection.ops.get_db_converters(column),
            *field.get_db_converters(connection),  # type: ignore[union-attr]
        )
    ]


NO_TOPICS: frozenset[str] = frozenset()


def credits_by_owner(
    *, owner_ids: Iterable[int], reach: Reach | None = None
) -> dict[int, list[Credit]]:
    """The activities of these users as engine credits: one query, whatever the count.

    Plain rows, not model instances: this runs on every dashboard, license page and
    compliance call, and building 500 Activity objects was most of their time. The topics
    come in the same query (a row per topic). With `reach`, only the credits a verdict can
    look at are read (`reporting.engine.credits_reach`): a page's cost then follows the cycle,
    not the whole career.
    """
    owners = list(owner_ids)
    credits: dict[int, list[Credit]] = defaultdict(list)
    if not owners:
        return credits
    params: list[Any] = [*owners]
    topic_groups: list[tuple[int, bool]] = []
    bounded = reach is not None and reach.after is not None
    if reach is not None and reach.after is not None:
        params.append(reach.after)
        if reach.topics:
            # A topic requirement's window can reach further back (a look-back of years, a
            # one-time course): only the credits on its topics, from its own date.
            by_date: dict[datetime.date | None, list[str]] = defaultdict(list)
            for slug, since in reach.topics.items():
                by_date[since].append(slug)
            for since, slugs in sorted(by_date.items(), key=lambda group: str(group[0])):
                params.extend(sorted(slugs))
                if since is not None:
                    params.append(since)
                topic_groups.append((len(slugs), since is not None))
            params.extend(owners)
    with connection.cursor() as cursor:
        cursor.execute(_credits_sql(len(owners), bounded, tuple(topic_groups)), params)
        rows = cursor.fetchall()
    on_date, on_credits = _converters("completed_on"), _converters("credits")
    topics: dict[Any, set[str]] = {}
    for row in rows:
        if row[6] is not None:
            topics.setdefault(row[1], set()).add(row[6])
    convert = bool(on_date or on_credits)  # PostgreSQL's rows need nothing: skip the loops
    previous = None
    for owner_id, pk, completed_on, credit_type, amount, title, _slug in rows:
        if pk == previous:
            continue  # the same activity, its next topic
        previous = pk
        if convert:
            for converter, column in on_date:
                completed_on = converter(completed_on, column, connection)
            for converter, column in on_credits:
                amount = converter(amount, column, connection)
        on_topics = frozenset(topics[pk]) if pk in topics else NO_TOPICS
        credits[owner_id].append(Credit(pk, completed_on, credit_type, amount, on_topics, title))
    return credits


def credits_for(*, user: User) -> list[Credit]:
    return credits_by_owner(owner_ids=[user.pk]).get(user.pk, [])


@dataclass(frozen=True)
class RequirementLine:
    """A requirement's result with the credits it counted and those it did not, and why."""

    result: RequirementResult
    counted: list[Credit]
    uncounted: list[tuple[Credit, str]]
    # The last cycle's credits carried into this requirement, with how much of each.
    carried: list[tuple[Credit, Decimal]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return requirement_percent(self.result)


def requirement_percent(result: RequirementResult) -> int:
    """How full a requirement's bar is: earned of required, at most 100."""
    required = result.required
    if not required:
        return 100 if result.status == Status.MET else 0
    return min(100, int(result.earned * 100 / required))


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
    def carried(self) -> list[tuple[Credit, Decimal]]:
        """The previous cycle's credits whose excess carried into this cycle, and how much."""
        if self.report is None:
            return []
        return [
            (self.credits[c.activity_id], c.amount)
            for c in self.report.carried_over
            if c.activity_id in self.credits
        ]

    @property
    def lines(self) -> list[RequirementLine]:
        if self.report is None:
            return []
        carried = self.carried
        return [
            RequirementLine(
                result=result,
                counted=[self.credits[i] for i in result.counted if i in self.credits],
                uncounted=[
                    (self.credits[u.activity_id], u.reason)
                    for u in result.uncounted
                    if u.activity_id in self.credits
                ],
                carried=carried if result.carried_in and result.kind is not Kind.TOPIC else [],
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


@dataclass(frozen=True)
class Judging:
    """What judging a batch of licenses rests on, read once for the whole batch: every version
    of their boards' rules, their physicians' credits and practice answers."""

    versions: Mapping[int, list[RuleSet]]  # by the rule-owning board's id
    credits: Mapping[int, list[Credit]]  # by physician
    answers: PracticeAnswers
    specs: dict[int, RuleSetSpec] = field(default_factory=dict)  # the engine's copy, built once
    # Each license's reach as of `reached_on` (`judging(as_of=...)`): the physician's credits
    # are read once for all their licenses, then each license is judged on its own reach only
    # (a board without carry-over does not walk the previous cycle another board needs).
    reached: Mapping[int, Reach] = field(default_factory=dict)
    reached_on: datetime.date | None = None

    def rule_set(self, license: License, on: datetime.date | None = None) -> RuleSet | None:
        """The rules in force on the license's cycle end (or on `on`), if any are on file."""
        versions = self.versions.get(license.board.rules_board.pk, [])
        return rule_set_in_force(versions, on or license_cycle_end(license))

    def reaches(
        self,
        licenses: Iterable[License],
        *,
        as_of: datetime.date,
        old_topic_credits: bool = False,
    ) -> dict[int, Reach]:
        """By license id, the credits judging it as of `as_of` can look at (judged by the
        rules in force on its cycle end; none without rules on file); with
        `old_topic_credits`, also the topic credits older than their windows, which the report
        lists as not counted."""
        reaches = {}
        for license in licenses:
            rule_set = self.rule_set(license)
            reaches[license.pk] = (
                credits_reach(
                    self.spec(rule_set),
                    self.answers.facts(license),
                    as_of,
                    old_topic_credits=old_topic_credits,
                )
                if rule_set is not None
                else Reach(after=as_of)  # no rules on file: no credit is read
            )
        return reaches

    def spec(self, rule_set: RuleSet) -> RuleSetSpec:
        if rule_set.pk not in self.specs:
            self.specs[rule_set.pk] = adapters.rule_set_spec(rule_set)
        return self.specs[rule_set.pk]

    def judge(
        self,
        license: License,
        *,
        as_of: datetime.date,
        on: datetime.date | None = None,
        extra_credits: Sequence[Credit] = (),
    ) -> LicenseCompliance:
        """The license judged as of `as_of` by the rules in force on its cycle end (or `on`);
        `extra_credits` are hypothetical ("what if") credits that are never saved."""
        rule_set = self.rule_set(license, on)
        credits = self.credits.get(license.owner_id, [])
        reach = self.reached.get(license.pk) if on is None and as_of == self.reached_on else None
        if reach is not None and len(self.reached) > 1:
            credits = [credit for credit in credits if credit in reach]
        return compliance_for(
            license,
            rule_set=rule_set,
            credits=[*credits, *extra_credits],
            as_of=as_of,
            answers=self.answers,
            spec=self.spec(rule_set) if rule_set is not None else None,
        )


def judging(
    licenses: Iterable[License],
    *,
    owner_ids: Iterable[int] | None = None,
    versions: Mapping[int, list[RuleSet]] | None = None,
    specs: dict[int, RuleSetSpec] | None = None,
    rules_revision: Hashable | None = None,
    as_of: datetime.date | None = None,
    old_topic_credits: bool = False,
) -> Judging:
    """Ready to judge `licenses`: a fixed number of queries however many licenses and
    physicians. `owner_ids` reads those physicians' credits even if they hold no license yet;
    `versions` (and `specs`) carry the rules over from an earlier batch of the same run;
    `rules_revision` (a `RecordVersion`'s) lets the rules and their engine copies be reused
    from this process's earlier requests. With `as_of`, only the credits that judging these
    licenses as of that day can look at are read; judge them as of that day only. Those give
    the same verdict and the same credits counted as the whole history; a page that lists
    every credit not counted, with the reason, asks for `old_topic_credits` too (a topic
    course taken before its window is listed as "completed outside the window")."""
    licenses = list(licenses)
    owners = {license.owner_id for license in licenses} if owner_ids is None else set(owner_ids)
    if versions is None:
        versions = rule_sets_for_boards(
            (license.board for license in licenses), revision=rules_revision
        )
    if specs is None and rules_revision is not None:
        specs = specs_in_process(rules_revision)
    answers = practice_answers(owner_ids=owners)
    batch = Judging(
        versions=versions,
        credits={},
        answers=answers,
        specs={} if specs is None else specs,
    )
    if as_of is None:
        return replace(batch, credits=credits_by_owner(owner_ids=owners))
    reached = batch.reaches(licenses, as_of=as_of, old_topic_credits=old_topic_credits)
    reach = functools.reduce(operator.or_, reached.values(), Reach(after=as_of))
    return replace(
        batch,
        credits=credits_by_owner(owner_ids=owners, reach=reach),
        reached=reached,
        reached_on=as_of,
    )


def licenses_judged(
    licenses: Sequence[License], *, as_of: datetime.date
) -> dict[int, ComplianceReport | None]:
    """Many physicians' licenses judged live (a staff list's page), by license id.

    None: no rules on file for that license's cycle end.
    """
    if not licenses:
        return {}
    batch = judging(licenses)
    return {license.pk: batch.judge(license, as_of=as_of).report for license in licenses}


CACHE_SECONDS = 3600


@dataclass(frozen=True)
class RecordVersion:
    """Names the state of everything a physician's verdicts rest on, as of one day.

    `key` changes whenever the physician's activities, licenses or attestations change (their
    count and change stamps), their practice facts or degree change, or any board, rule set or
    requirement does (the rules' revision, `reporting.rules.revision`: one more for every save
    and delete, in commit order), so a verdict or page cached under it is never stale. A rules
    write that bypasses `save()` (a queryset `update()`, `bulk_create`) must add one to the
    revision itself, as our rule services do.
    """

    licenses: int
    key: str
    # The rules' revision (one value): names the rules' state.
    rules_revision: tuple[int | None, ...] = ()
    # The key already changes with everything a verdict rests on; the hour only bounds memory.
    # Only today's verdicts are kept: any other `as_of` a visitor types is computed and not
    # stored, so request parameters cannot fill the cache (0 = not stored).
    cache_seconds: int = CACHE_SECONDS


def _changes(column: str) -> str:
    """An aggregate that moves whenever any row's change stamp does: the sum of the stamps.

    The latest stamp alone misses an edit stamped earlier than the latest: two edits in flight
    together (a tab and an import) commit in either order, and app servers' clocks differ by
    milliseconds. Integer milliseconds on SQLite, whose sum of day fractions would round."""
    if connection.vendor == "postgresql":
        return f"SUM(EXTRACT(EPOCH FROM {column}))"
    return f"SUM(CAST((julianday({column}) - 2440587.5) * 86400000 AS INTEGER))"


def _record_version_parts(owner: str) -> list[str]:
    """The columns of a record version, for the physician whose id is the SQL `owner` (a
    parameter for one physician, a column for many): one definition of what a verdict rests on."""

    def owned(model: type[Model], aggregate: str) -> str:
        table = model._meta.db_table
        return f"(SELECT {aggregate} FROM {table} WHERE owner_id = {owner})"  # noqa: S608 # nosec B608

    attestations = Attestation._meta.db_table
    licenses = License._meta.db_table
    through_license = (
        f"(SELECT {{}} FROM {attestations} a JOIN {licenses} l ON a.license_id = l.id "  # noqa: S608 # nosec B608
        f"WHERE l.owner_id = {owner})"
    )

    def count_and_changes(column: str) -> str:
        # One scan of the physician's rows gives both (a column each scanned them twice).
        return f"COUNT(*) || ':' || COALESCE({_changes(column)}, 0)"

    profile = Profile._meta.db_table
    return [
        owned(Activity, count_and_changes("updated_at")),
        owned(License, "COUNT(*)"),  # `RecordVersion.licenses`
        owned(License, _changes("updated_at")),
        through_license.format(count_and_changes("a.updated_at")),
        # The practice facts themselves: a profile has no change stamp, and they are small.
        f"(SELECT practice_facts FROM {profile} WHERE user_id = {owner})",  # noqa: S608 # nosec B608
        # The degree: the license page weighs it against the board in the body it caches.
        f"(SELECT degree FROM {profile} WHERE user_id = {owner})",  # noqa: S608 # nosec B608
        # The rules' revision (reporting.rules.revision): last, as `RecordVersion` reads it.
        f"(SELECT value FROM {RulesRevision._meta.db_table} WHERE id = {REVISION_ID})",  # noqa: S608 # nosec B608
    ]


@functools.cache
def _record_version_sql() -> str:
    # Plain SQL, built once: the ORM took ~5 ms to compile these seven subqueries on every
    # dashboard request, the query itself runs in under 1 ms. Table names come from the models.
    return "SELECT " + ", ".join(_record_version_parts("%(owner)s"))


def _record_version_of(
    user_id: int, personal: PersonalCache, as_of: datetime.date, row: tuple[Any, ...]
) -> RecordVersion:
    # The person's cache generation: deleting the account makes every entry unreachable.
    state = ":".join(str(value) for value in (user_id, personal.generation, as_of, *row))
    digest = hashlib.blake2b(state.encode(), digest_size=16).hexdigest()
    key = f"{user_id}-{digest}"
    keep = CACHE_SECONDS if as_of == timezone.localdate() else 0
    if keep:
        personal.remember(key)  # so that deleting the account can clear it
    return RecordVersion(licenses=row[1], key=key, cache_seconds=keep, rules_revision=row[-1:])


def record_version(*, user: User, as_of: datetime.date) -> RecordVersion:
    """The physician's `RecordVersion`: one query, whatever the number of rows."""
    with connection.cursor() as cursor:
        cursor.execute(_record_version_sql(), {"owner": user.pk})
        row = cursor.fetchone()
    return _record_version_of(user.pk, personal_cache_open(user.pk), as_of, row)


@functools.lru_cache(maxsize=32)
def _record_versions_sql(owners: int) -> str:
    users = User._meta.db_table
    owner_ids = ", ".join(["%s"] * owners)
    return (
        f"SELECT u.id, {', '.join(_record_version_parts('u.id'))} "  # noqa: S608 # nosec B608
        f"FROM {users} u WHERE u.id IN ({owner_ids})"
    )


def record_versions(*, user_ids: Iterable[int], as_of: datetime.date) -> dict[int, RecordVersion]:
    """Many physicians' `RecordVersion`s by id (the same keys `record_version` gives each): one
    query and one cache read, whatever the number of physicians. An id with no user is left out.
    """
    owners = sorted(set(user_ids))
    if not owners:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_record_versions_sql(len(owners)), owners)
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    # Every generation and token list in one round trip (`personal_cache_open` is one a person).
    found = cache.get_many([key for pk in rows for key in (_generation_key(pk), _tokens_key(pk))])
    versions = {}
    for pk, row in rows.items():
        generation = found.get(_generation_key(pk))
        personal = (
            PersonalCache(pk, generation, found.get(_tokens_key(pk)) or [])
            if generation is not None
            else personal_cache_open(pk)  # starts one: their first cached page today
        )
        versions[pk] = _record_version_of(pk, personal, as_of, row)
    return versions
