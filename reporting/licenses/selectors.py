"""A physician's own licenses and attestations, and the pages' reads over them; every read is
scoped to its owner.
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Model, QuerySet
from django.http import Http404

from accounts.models import Profile, User
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


def _license_query() -> QuerySet[License]:
    # The owner's profile rides along: the license page weighs the profile's degree against the
    # board's without a query of its own.
    return License.objects.select_related("board", "board__shares_rules_with", "owner__profile")


# The models `_license_query` reads, in the order its columns come: the license, its owner, the
# owner's profile, the board and the board whose rules it shares.
_LICENSE_PARTS = (License, User, Profile, Board, Board)


@functools.lru_cache(maxsize=2)
def _license_read(
    one: bool,
) -> tuple[str, list[Any], list[tuple[type[Model], list[str], int, int]]]:
    """The ORM's own query for one license (`one`) or all of an owner's, in `license_list`'s
    order, with the board, the board whose rules it shares, owner and profile, compiled once
    per process: every license page (a cache hit included) reads its license and every
    dashboard miss reads them all, and compiling the query and building the instances through
    the ORM cost far more than the database's answer. Returns the SQL, each column's
    converters (as the ORM applies them) and, per model, its columns' names and where they are
    in the row."""
    query = (
        _license_query().order_by().filter(owner_id=0, pk=0)
        if one
        else _license_query().filter(owner_id=0)
    ).query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    if list(params) != ([0, 0] if one else [0]):  # the owner (and the license), in this order
        raise ImproperlyConfigured(f"unexpected license query parameters {params!r}")
    columns = [column for column, _, _ in compiler.select]
    found = compiler.get_converters(columns)
    converters = [(i, *found[i]) for i in sorted(found)]
    parts: list[tuple[type[Model], list[str], int, int]] = []
    for i, column in enumerate(columns):
        model = column.target.model
        if not parts or parts[-1][0] is not model or column.target.primary_key:
            parts.append((model, [], i, i))
        parts[-1][1].append(column.target.attname)
        parts[-1] = (model, parts[-1][1], parts[-1][2], i + 1)
    if tuple(model for model, _, _, _ in parts) != _LICENSE_PARTS:
        raise ImproperlyConfigured(f"unexpected license query columns {parts!r}")
    return sql, converters, parts


def _licenses_read(params: list[int], *, one: bool) -> list[License]:
    sql, converters, parts = _license_read(one)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    licenses = []
    for row in rows:
        values = list(row)
        for i, functions, column in converters:
            for function in functions:
                values[i] = function(values[i], column, connection)
        license, owner, profile, board, shared = (
            model.from_db(connection.alias, names, values[start:end])
            if values[start] is not None  # a LEFT JOIN that found nothing: no profile, no sharing
            else None
            for model, names, start, end in parts
        )
        if not isinstance(license, License) or owner is None or board is None:  # INNER JOINs
            raise ImproperlyConfigured("the license query lost its license, owner or board")
        License._meta.get_field("owner").set_cached_value(license, owner)
        License._meta.get_field("board").set_cached_value(license, board)
        Board._meta.get_field("shares_rules_with").set_cached_value(board, shared)
        User._meta.get_field("profile").set_cached_value(owner, profile)
        if profile is not None:
            Profile._meta.get_field("user").set_cached_value(profile, owner)
        licenses.append(license)
    return licenses


def license_get(*, user: User, pk: int) -> License:
    """The user's license `pk` (Http404 for someone else's or none), with the board, the board
    whose rules it shares, the owner and the owner's profile, as
    `_license_query().get(owner=user, pk=pk)` returns them."""
    found = _licenses_read([user.pk, pk], one=True)
    if not found:
        raise Http404("No such license.")
    return found[0]


def licenses_read(*, user: User) -> list[License]:
    """Every license of the user in `license_list`'s order, each with what `license_get` gives
    it: the dashboard's read when its verdicts are judged."""
    return _licenses_read([user.pk], one=False)


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
    licenses = licenses_read(user=user)
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
