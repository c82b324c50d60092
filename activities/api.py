"""`/api/v1/activities`: the same services and selectors as the pages, slugs instead of ids."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Schema, Status

from certificates.selectors import certificate_get
from cmetrack.lib.pagination import api_page
from cmetrack.lib.typing import AuthenticatedHttpRequest

from . import selectors, services
from .schemas import ActivityOut, activity_out

router = Router(tags=["activities"])


class ActivityIn(Schema):
    title: str
    provider: str = ""
    started_on: datetime.date | None = None
    completed_on: datetime.date
    credit_type: str
    credits: Decimal
    format: str = "live"
    topics: list[str] = []
    certificate: int | None = None
    notes: str = ""


class ActivityPatch(Schema):
    title: str | None = None
    provider: str | None = None
    started_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    credit_type: str | None = None
    credits: Decimal | None = None
    format: str | None = None
    topics: list[str] | None = None
    certificate: int | None = None
    notes: str | None = None


class ActivityPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ActivityOut]


class ActivityQuery(Schema):
    completed_after: datetime.date | None = None  # on or after
    completed_before: datetime.date | None = None  # on or before
    credit_type: str | None = None
    topic: str | None = None
    page: int = 1
    page_size: int = 25


def _fields(request: AuthenticatedHttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """Slugs and ids from the client as the services' arguments, or a 400 naming each field."""
    errors: dict[str, list[str]] = {}
    fields = {name: value for name, value in data.items() if name in services.EDITABLE_FIELDS}
    if "credit_type" in data and data["credit_type"] is None:
        errors["credit_type"] = ["Choose a credit type."]
    elif "credit_type" in data:
        fields["credit_type"] = (
            selectors.credit_type_list().filter(slug=data["credit_type"]).first()
        )
        if fields["credit_type"] is None:
            slugs = ", ".join(selectors.credit_type_list().values_list("slug", flat=True))
            errors["credit_type"] = [
                f"Unknown credit type “{data['credit_type']}”; use one of {slugs}."
            ]
    if data.get("topics") is not None:
        topics = list(selectors.topic_list().filter(slug__in=data["topics"]))
        unknown = sorted(set(data["topics"]) - {topic.slug for topic in topics})
        errors.update(
            {"topics": [f"Unknown topic “{slug}”." for slug in unknown]} if unknown else {}
        )
        fields["topics"] = topics
    if data.get("certificate") is not None:
        try:
            fields["certificate"] = certificate_get(user=request.user, pk=data["certificate"])
        except Http404:
            # Someone else's certificate looks exactly like a missing one, and is never linked.
            errors["certificate"] = ["No certificate with this id in your record."]
    if errors:
        raise ValidationError(errors)
    return fields


@router.get("activities", response=ActivityPage)
def activity_list(request: AuthenticatedHttpRequest, query: Query[ActivityQuery]) -> dict[str, Any]:
    """Your activities, newest first; filter by completion date, credit type or topic slug."""
    filters = selectors.ActivityFilters(
        completed_after=query.completed_after,
        completed_before=query.completed_before,
        credit_type=query.credit_type,
        topic=query.topic,
    )
    activities = selectors.activity_list(user=request.user, filters=filters)
    return api_page(
        request, activities, page=query.page, page_size=query.page_size, out=activity_out
    )


@router.post("activities", response={201: ActivityOut})
def activity_create(request: AuthenticatedHttpRequest, payload: ActivityIn) -> Status[ActivityOut]:
    """Log an activity; the same rules and messages as the add form."""
    activity = services.activity_create(owner=request.user, **_fields(request, payload.dict()))
    return Status(201, activity_out(selectors.activity_get(user=request.user, pk=activity.pk)))


@router.get("activities/{int:activity_id}", response=ActivityOut)
def activity_read(request: AuthenticatedHttpRequest, activity_id: int) -> ActivityOut:
    return activity_out(selectors.activity_get(user=request.user, pk=activity_id))


@router.patch("activities/{int:activity_id}", response=ActivityOut)
def activity_patch(
    request: AuthenticatedHttpRequest, activity_id: int, payload: ActivityPatch
) -> ActivityOut:
    """Change some fields; `topics` replaces the list, `certificate: null` unlinks it."""
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    services.activity_update(
        activity=activity, **_fields(request, payload.dict(exclude_unset=True))
    )
    return activity_out(selectors.activity_get(user=request.user, pk=activity_id))


@router.delete("activities/{int:activity_id}", response={204: None})
def activity_delete(request: AuthenticatedHttpRequest, activity_id: int) -> Status[None]:
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    services.activity_delete(activity=activity)
    return Status(204, None)
