"""The roster: every license an organization may see, judged in one batch, one row each.

An office sees a physician's license only while the physician's consent to it is live (not
revoked, its last day not passed) and names that license (or all of them). The verdicts are the
physician's own dashboard's: the same batch judging, the same status codes as the API, the same
words for what is missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass

from django.core.cache import cache
from django.db.models import F, Q, QuerySet

from accounts.models import User
from cmetrack.lib.personal_cache import personal_cache_open
from organizations.models import Consent, Organization
from organizations.states import license_label
from reporting.compliance.presentation import license_badge
from reporting.compliance.selectors import (
    CACHE_SECONDS,
    LicenseCompliance,
    RecordVersion,
    judging,
    record_versions,
)
from reporting.engine import LicenseStatus
from reporting.licenses import summary
from reporting.models import License

SORTS = {
    "deadline": "Next deadline first",
    "status": "Most urgent first",
    "name": "Physician's name",
    "state": "State",
}

# The physician's own page says "Needs your answers"; the office reads about someone else.
OFFICE_WORDS = {LicenseStatus.NEEDS_ANSWERS: "Needs the physician's answers"}


@dataclass(frozen=True)
class RosterRow:
    """One consented license as an office reads it."""

    physician_name: str
    physician_email: str
    physician_id: int
    license_id: int
    license_label: str  # "Texas license 12345"
    state: str  # two letters; "US" for a DEA registration
    status: str  # complete / on_track / behind / overdue / needs_answers / cannot_judge
    status_label: str
    shortfall: str  # "2 h medical ethics, 20 credits in total"; empty when nothing is missing
    next_deadline: datetime.date | None
    scope: str  # Consent.Scope value
    board_code: str = ""
    consent_expires_on: datetime.date | None = None

    @property
    def badge_style(self) -> str:
        """The badge's CSS class suffix (the same badges as the physician's dashboard)."""
        return license_badge(self.status).style

    @property
    def badge_symbol(self) -> str:
        return license_badge(self.status).symbol


def live_consents(organization: Organization, *, as_of: datetime.date) -> QuerySet[Consent]:
    """The consents to `organization` that are live on `as_of`."""
    return Consent.objects.filter(organization=organization, revoked_at__isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=as_of)
    )


def consented_licenses(
    organization: Organization, *, as_of: datetime.date
) -> tuple[QuerySet[License], dict[int, Consent]]:
    """The licenses a live consent opens to `organization`, and each physician's consent."""
    consents = {
        consent.physician_id: consent for consent in live_consents(organization, as_of=as_of)
    }
    whole = [pk for pk, consent in consents.items() if consent.all_licenses]
    listed = [consent.pk for consent in consents.values() if not consent.all_licenses]
    licenses = (
        License.objects.filter(
            Q(owner_id__in=whole) | Q(consents__in=listed, consents__physician_id=F("owner_id"))
        )
        .distinct()
        .select_related("board", "board__shares_rules_with", "owner__profile")
    )
    return licenses, consents


def _status(item: LicenseCompliance) -> LicenseStatus:
    return item.report.status if item.report else LicenseStatus.CANNOT_JUDGE


def _words(status: LicenseStatus) -> str:
    return OFFICE_WORDS.get(status, license_badge(status).words)


def physician_name(user: User) -> str:
    """The name the physician gave, or their address when they gave none."""
    profile = getattr(user, "profile", None)
    name = profile.full_name.strip() if profile else ""
    return name or user.email


def _row(license: License, verdict: Verdict, consent: Consent) -> RosterRow:
    status = LicenseStatus(verdict.status)
    return RosterRow(
        physician_name=physician_name(license.owner),
        physician_email=license.owner.email,
        physician_id=license.owner_id,
        license_id=license.pk,
        license_label=license_label(state=license.board.state, number=license.number),
        state=license.board.state,
        status=status.value,
        status_label=_words(status),
        shortfall=verdict.shortfall,
        next_deadline=verdict.next_deadline,
        scope=consent.scope,
        board_code=license.board.code,
        consent_expires_on=consent.expires_on,
    )


def _sort_key(sort: str):  # type: ignore[no-untyped-def]
    far = datetime.date.max

    def by_name(row: RosterRow) -> tuple[object, ...]:
        return (row.physician_name.casefold(), row.physician_id, row.license_label)

    if sort == "status":
        return lambda row: (
            summary.URGENCY[LicenseStatus(row.status)],
            row.next_deadline or far,
            *by_name(row),
        )
    if sort == "name":
        return lambda row: (*by_name(row), row.next_deadline or far)
    if sort == "state":
        return lambda row: (row.state, *by_name(row))
    return lambda row: (row.next_deadline or far, *by_name(row))


@dataclass(frozen=True)
class Verdict:
    """What the roster shows of a license's judging, as cached: never which activities counted
    (a status-only consent does not open them), nothing about the physician but the verdict."""

    status: str
    shortfall: str
    next_deadline: datetime.date | None


def verdict_key(*, version: RecordVersion, license_id: int) -> str:
    """The cache key of a license's roster verdict: under the physician's record version, so any
    change to their record, their boards' rules or the day names a new entry. The number names
    the entry's shape (`Verdict`'s fields): a deploy that changes them changes it."""
    return _verdict_key(version.key, license_id)


def _verdict_key(token: str, license_id: int) -> str:
    return f"roster:1:{token}:{license_id}"


def verdicts_forget_on_account_deletion(*, user: User, **kwargs: object) -> Callable[[], None]:
    """`account_deleting`: the roster verdicts cached for a departing physician go with the
    account, under every record version remembered for them (read now, while they are there);
    any missed becomes unreachable with their cache generation and expires within the hour."""
    tokens = personal_cache_open(user.pk).tokens
    license_ids = set(License.history.filter(owner_id=user.pk).values_list("id", flat=True))
    keys = [_verdict_key(token, pk) for token in tokens for pk in license_ids]
    return lambda: cache.delete_many(keys)


def _verdict(item: LicenseCompliance) -> Verdict:
    return Verdict(
        status=_status(item).value,
        shortfall=", ".join(summary.shortfall(item)),
        next_deadline=summary.next_deadline(item),
    )


def verdicts_keep(
    *, user: User, version: RecordVersion, items: Sequence[LicenseCompliance], **kwargs: object
) -> None:
    """`verdicts_judged`: the physician's own warm-up (after a change, and each night for the
    new day) has judged their licenses; a physician who consents to any office has the roster's
    entries kept too, under the same version the roster will read."""
    if not version.cache_seconds or not items:
        return
    if not Consent.objects.filter(physician=user, revoked_at__isnull=True).exists():
        return
    cache.set_many(
        {
            verdict_key(version=version, license_id=item.license.pk): astuple(_verdict(item))
            for item in items
        },
        CACHE_SECONDS,
    )


def roster_verdicts(
    licenses: Sequence[License], *, versions: Mapping[int, RecordVersion], as_of: datetime.date
) -> dict[int, Verdict]:
    """By license id, each license's verdict as of `as_of`: read from the cache under its
    physician's record version, the misses judged together in one batch and stored.

    `versions` must have been read before `licenses` and anything judged here: then what is
    judged is at least as new as the version it is stored under, and never older.
    """
    keys = {
        license.pk: verdict_key(version=versions[license.owner_id], license_id=license.pk)
        for license in licenses
    }
    # Only today's verdicts are stored (`RecordVersion.cache_seconds`); any other day is judged.
    stored = [license for license in licenses if versions[license.owner_id].cache_seconds]
    found = cache.get_many([keys[license.pk] for license in stored]) if stored else {}
    verdicts = {
        license.pk: Verdict(*found[keys[license.pk]])
        for license in stored
        if keys[license.pk] in found
    }
    missing = [license for license in licenses if license.pk not in verdicts]
    if not missing:
        return verdicts
    # The rules' state is the same in every physician's version: the rules and their engine
    # copies are reused from this process's earlier requests.
    revision = versions[missing[0].owner_id].rules_revision
    batch = judging(missing, as_of=as_of, rules_revision=revision)
    judged = {license.pk: _verdict(batch.judge(license, as_of=as_of)) for license in missing}
    verdicts.update(judged)
    to_store = {
        # Plain values, not the dataclass: an entry outlives a deploy that changes the class.
        keys[license.pk]: astuple(judged[license.pk])
        for license in missing
        if versions[license.owner_id].cache_seconds
    }
    if to_store:
        cache.set_many(to_store, CACHE_SECONDS)
    return verdicts


def roster_rows(
    organization: Organization,
    *,
    as_of: datetime.date,
    state: str | None = None,
    status: str | None = None,
    due_within_days: int | None = None,
    sort: str = "deadline",
) -> list[RosterRow]:
    """Every license a live consent opens to `organization`, judged as of `as_of`.

    `state` keeps one state's licenses (two letters), `status` one status code, and
    `due_within_days` the licenses whose next deadline falls on or before `as_of` plus that
    many days (those already past included). `sort` is one of `SORTS`.

    The consents are read on every visit (a revoked one removes its rows at once); the verdicts
    come from `roster_verdicts`, cached under each physician's record version.
    """
    licenses, consents = consented_licenses(organization, as_of=as_of)
    if not consents:
        return []
    # The versions first, then the licenses and everything judged: see `roster_verdicts`.
    versions = record_versions(user_ids=consents, as_of=as_of)
    if state:
        licenses = licenses.filter(board__state=state.upper())
    judged = [license for license in licenses if license.owner_id in versions]
    if not judged:
        return []
    verdicts = roster_verdicts(judged, versions=versions, as_of=as_of)
    rows: Iterable[RosterRow] = (
        _row(license, verdicts[license.pk], consents[license.owner_id]) for license in judged
    )
    if status:
        rows = (row for row in rows if row.status == status)
    if due_within_days is not None:
        last_day = as_of + datetime.timedelta(days=due_within_days)
        rows = (row for row in rows if row.next_deadline and row.next_deadline <= last_day)
    return sorted(rows, key=_sort_key(sort if sort in SORTS else "deadline"))


def roster_states(organization: Organization, *, as_of: datetime.date) -> list[str]:
    """The states of the licenses on the roster, for the state filter's choices."""
    licenses, _ = consented_licenses(organization, as_of=as_of)
    return sorted(set(licenses.values_list("board__state", flat=True)))
