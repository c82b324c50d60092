import contextlib
import dataclasses
import datetime
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.http import Http404

from accounts.models import User
from accounts.selectors import profile_get
from certificates.lint import CertificateFacts, Question, certificate_questions
from certificates.models import Certificate, Draft
from certificates.selectors import (
    certificate_drafts,
    certificate_open_draft,
    certificate_suggested_fields,
)

from .models import Activity, CreditType, Format, Topic

# The list's sort keys: only these reach order_by(), so `?sort=password` is simply ignored.
SORTS: dict[str, tuple[str, ...]] = {
    "completed_on": ("completed_on", "pk"),
    "-completed_on": ("-completed_on", "-pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "provider": ("provider", "pk"),
    "-provider": ("-provider", "-pk"),
    "credit_type": ("credit_type__position", "-completed_on", "-pk"),
    "-credit_type": ("-credit_type__position", "-completed_on", "-pk"),
    "credits": ("credits", "-completed_on", "-pk"),
    "-credits": ("-credits", "-completed_on", "-pk"),
}
DEFAULT_SORT = "-completed_on"
CENT = Decimal("0.01")


@dataclasses.dataclass(frozen=True)
class ActivityFilters:
    """What the list, the export and the API narrow a record down to."""

    completed_after: datetime.date | None = None  # on or after
    completed_before: datetime.date | None = None  # on or before
    credit_type: str | None = None  # slug
    topic: str | None = None  # slug
    has_certificate: bool | None = None
    search: str = ""
    sort: str = DEFAULT_SORT


@dataclasses.dataclass(frozen=True)
class CreditTypeTotal:
    slug: str
    name: str
    credits: Decimal
    count: int


@dataclasses.dataclass(frozen=True)
class ActivityTotals:
    credits: Decimal
    count: int
    by_credit_type: list[CreditTypeTotal]


def activity_list(*, user: User, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    """The user's activities, filtered and sorted, ready to render (types, topics, certificate)."""
    filters = filters or ActivityFilters()
    activities = Activity.objects.filter(owner=user)
    if filters.completed_after:
        activities = activities.filter(completed_on__gte=filters.completed_after)
    if filters.completed_before:
        activities = activities.filter(completed_on__lte=filters.completed_before)
    if filters.credit_type:
        activities = activities.filter(credit_type__slug=filters.credit_type)
    if filters.topic:
        # One topic filter joins the through table once; a (activity, topic) pair is unique,
        # so no activity can appear twice.
        activities = activities.filter(topics__slug=filters.topic)
    if filters.has_certificate is not None:
        activities = activities.filter(certificate__isnull=not filters.has_certificate)
    search = filters.search.strip()
    if search:
        activities = activities.filter(Q(title__icontains=search) | Q(provider__icontains=search))
    ordering = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return (
        activities.select_related("credit_type", "certificate")
        .prefetch_related("topics")
        .order_by(*ordering)
    )


def activity_table(*, activities: QuerySet[Activity]) -> QuerySet[Activity, Any]:
    """What the list page's table shows of these activities, as dicts.

    `topic_names` is the names of the activity's topics in name order, comma-separated ("" for
    none). The names of the credit types (a vocabulary the page reads anyway) are not included.
    """
    # A page of model instances, with their credit types, certificates and prefetched topics,
    # took twice as long to read as these values; the topics' names ride along in the same
    # query (they took a query of their own per page).
    return activities.prefetch_related(None).values(
        "pk",
        "completed_on",
        "title",
        "provider",
        "credits",
        "credit_type_id",
        "certificate_id",
        certificate_filename=F("certificate__filename"),
        topic_names=RawSQL(_topic_names_sql(connection.vendor), ()),  # noqa: S611 # nosec B611 - our constant SQL, no input
    )


@functools.cache
def _topic_names_sql(vendor: str) -> str:
    """A subquery: the row's topics' names joined in name order (the database's collation, as
    an ORDER BY on the names would sort them). Table names come from the models."""
    links = Activity.topics.through._meta.db_table
    topics, activities = Topic._meta.db_table, Activity._meta.db_table
    source = (
        f"FROM {links} link JOIN {topics} topic ON topic.id = link.topic_id "  # nosec B608
        f"WHERE link.activity_id = {activities}.id"
    )
    if vendor == "postgresql":
        return f"(SELECT COALESCE(STRING_AGG(topic.name, ', ' ORDER BY topic.name), '') {source})"
    # SQLite (tests, a laptop) joins the names in the order the inner query reads them.
    return (
        f"(SELECT COALESCE(GROUP_CONCAT(name, ', '), '') "  # noqa: S608 # nosec B608
        f"FROM (SELECT topic.name AS name {source} ORDER BY topic.name))"
    )


def activity_get(*, user: User, pk: int) -> Activity:
    """One of the user's activities; anyone else's is a 404, exactly like a missing one."""
    try:
        return (
            Activity.objects.select_related("credit_type", "certificate")
            .prefetch_related("topics")
            .get(owner=user, pk=pk)
        )
    except Activity.DoesNotExist:
        raise Http404("No such activity.") from None


def activity_totals(
    *, activities: QuerySet[Activity], credit_types: Iterable[CreditType] | None = None
) -> ActivityTotals:
    """Credits per credit type over the whole queryset (not one page), summed by the database.

    `credit_types`: the vocabulary, if the caller has read it already.
    """
    sums = {
        row["credit_type"]: row
        for row in activities.prefetch_related(None)
        .order_by()
        .values("credit_type")
        # A lifetime of credits outgrows the column's six digits; the sum gets room of its own.
        .annotate(
            credits=Sum("credits", output_field=DecimalField(max_digits=14, decimal_places=2)),
            count=Count("pk"),
        )
    }
    by_type = [
        CreditTypeTotal(
            slug=kind.slug,
            name=kind.name,
            credits=sums[kind.pk]["credits"].quantize(CENT),  # SQLite returns sums unscaled
            count=sums[kind.pk]["count"],
        )
        for kind in (credit_type_list() if credit_types is None else credit_types)
        if kind.pk in sums
    ]
    return ActivityTotals(
        credits=sum((row.credits for row in by_type), Decimal("0.00")),
        count=sum(row.count for row in by_type),
        by_credit_type=by_type,
    )


def credit_type_list() -> QuerySet[CreditType]:
    return CreditType.objects.all()


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """The credit types (in their order) and the topics' (slug, name) pairs (in name order)."""

    credit_types: tuple[CreditType, ...]
    topics: tuple[tuple[str, str], ...]


def _vocabulary_key() -> str:
    # The credit types are kept as their columns' values: a deploy that changes the columns
    # reads under a new key instead of unpickling rows of another shape.
    columns = ",".join(field.attname for field in CreditType._meta.concrete_fields)
    return f"vocabulary:{columns}"


# The vocabularies change only when staff edit them (the save forgets this copy at once); the
# expiry only bounds how long a bulk edit that bypasses save() could go unseen.
VOCABULARY_SECONDS = 300


def vocabulary() -> Vocabulary:
    """Both vocabularies in one cache read: the activity list and the license page's "what if"
    form draw them on every visit, and two ORM queries cost more than the page's own rows."""
    key = _vocabulary_key()
    kept = cache.get(key)
    if kept is None:
        kept = (
            tuple(CreditType.objects.values()),
            tuple(topic_list().values_list("slug", "name")),
        )
        cache.set(key, kept, VOCABULARY_SECONDS)
    credit_types, topics = kept
    # Rows as the ORM reads them (not new, unsaved instances): a caller may compare or save one.
    return Vocabulary(
        credit_types=tuple(
            CreditType.from_db("default", list(values), list(values.values()))
            for values in credit_types
        ),
        topics=topics,
    )


def vocabulary_forget(**kwargs: object) -> None:
    """Receives a credit type's or topic's save or delete: the next page reads them again."""
    cache.delete(_vocabulary_key())


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.all()


def activity_duplicate_keys(*, user: User) -> set[tuple[datetime.date, str, Decimal, str]]:
    """The keys that make two activities the same entry: completion date, title, credits, type."""
    rows = Activity.objects.filter(owner=user).values_list(
        "completed_on", "title", "credits", "credit_type__slug"
    )
    return {activity_key(*row) for row in rows}


def activity_key(
    completed_on: datetime.date, title: str, credits: Decimal, credit_type: str
) -> tuple[datetime.date, str, Decimal, str]:
    # Titles are compared without case or repeated spaces: "Grand  Rounds" is "grand rounds".
    return (
        completed_on,
        " ".join(title.split()).casefold(),
        credits.quantize(CENT),
        credit_type,
    )


# The draft's fields the add form takes, in the form's names.
SUGGESTED_FIELDS = ("title", "provider", "started_on", "completed_on", "credits", "format")


def activity_initial_from_certificate(certificate: Certificate) -> dict[str, Any]:
    """The add form's starting values, read from a certificate; the user checks them."""
    draft = certificate_open_draft(certificate=certificate)
    if draft is not None:
        return activity_initial_from_draft(draft)
    first = certificate_drafts(certificate=certificate).first()
    # Certificates stored before drafts existed are read from their text again.
    suggested = (
        dict(first.suggestions) if first else certificate_suggested_fields(certificate=certificate)
    )
    return {"certificate": certificate.pk, **_initial(suggested)}


def activity_initial_from_draft(draft: Draft) -> dict[str, Any]:
    """The add form's starting values from one certificate found in an upload."""
    return {"certificate": draft.certificate_id, **_initial(dict(draft.suggestions))}


def _initial(suggested: dict[str, Any]) -> dict[str, Any]:
    """Suggested values as the form's initial data; only what the vocabulary knows."""
    initial: dict[str, Any] = {}
    for name in ("title", "provider"):
        if suggested.get(name):
            initial[name] = suggested[name]
    for name in ("started_on", "completed_on"):
        if suggested.get(name):
            try:
                initial[name] = datetime.date.fromisoformat(str(suggested[name]))
            except ValueError:
                continue
    if suggested.get("credits"):
        with contextlib.suppress(ArithmeticError):
            initial["credits"] = Decimal(str(suggested["credits"])).quantize(CENT)
    if "completed_on" in initial and "started_on" not in initial:
        initial["started_on"] = initial["completed_on"]
    if suggested.get("credit_type"):
        credit_type = CreditType.objects.filter(slug=suggested["credit_type"]).first()
        if credit_type:
            initial["credit_type"] = credit_type.pk
    if suggested.get("format") in Format.values:
        initial["format"] = suggested["format"]
    slugs = suggested.get("topics") or []
    if slugs:
        topics = list(Topic.objects.filter(slug__in=slugs).values_list("pk", flat=True))
        if topics:
            initial["topics"] = topics
    return initial


def activity_duplicates(
    *,
    user: User,
    title: str,
    completed_on: datetime.date | None,
    credits: Decimal | None,
    credit_type: str | None = None,
    certificate: Certificate | None = None,
    exclude_pk: int | None = None,
) -> list[Activity]:
    """The user's activities that look like this one: the entry the CSV import would skip.

    Same completion date, title and credits (and credit type, when known), as
    `activity_key` compares them; or backed by the same certificate file, unless that file
    holds several certificates (a bundle backs one activity per certificate).
    """
    found: dict[int, Activity] = {}
    candidates = Activity.objects.filter(owner=user).select_related("credit_type")
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    if title and completed_on and credits is not None:
        wanted = activity_key(completed_on, title, credits, credit_type or "")
        width = 4 if credit_type else 3
        for activity in candidates.filter(completed_on=completed_on):
            key = activity_key(
                activity.completed_on, activity.title, activity.credits, activity.credit_type.slug
            )
            if key[:width] == wanted[:width]:
                found[activity.pk] = activity
    if certificate is not None and certificate_drafts(certificate=certificate).count() <= 1:
        for activity in candidates.filter(certificate=certificate):
            found.setdefault(activity.pk, activity)
    return sorted(found.values(), key=lambda activity: (activity.completed_on, activity.pk))


def activity_certificate_facts(activity: Activity) -> CertificateFacts | None:
    """What the activity's certificate says, from the draft it was read into (if any).

    A file of several certificates has a draft each; the one with the activity's title (or
    its only one) speaks for this activity.
    """
    if activity.certificate_id is None:
        return None
    drafts = list(certificate_drafts(certificate=activity.certificate))  # type: ignore[arg-type]
    title = " ".join(activity.title.split()).casefold()
    draft = next(
        (
            d
            for d in drafts
            if " ".join(str(d.suggestions.get("title") or "").split()).casefold() == title
        ),
        drafts[0] if len(drafts) == 1 else None,
    )
    if draft is None:
        return None
    suggested = draft.suggestions
    credits = None
    if suggested.get("credits"):
        with contextlib.suppress(ArithmeticError):
            credits = Decimal(str(suggested["credits"]))
    return CertificateFacts(
        designation_statement=suggested.get("designation_statement"),
        participation=suggested.get("participation"),
        learner_name=suggested.get("learner_name") or "",
        credits=credits,
    )


def activity_questions(
    activity: Activity, *, cycle: tuple[datetime.date, datetime.date] | None = None
) -> list[Question]:
    """What an auditor would ask about this claim (never blocking); see certificates.lint."""
    return certificate_questions(
        credit_type=activity.credit_type.slug,
        credit_type_name=activity.credit_type.name,
        credits=activity.credits,
        completed_on=activity.completed_on,
        certificate=activity_certificate_facts(activity),
        profile_name=profile_get(user=activity.owner).full_name,
        cycle=cycle,
    )
