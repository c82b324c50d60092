"""The activity list as its table shows it: the rows with their links, and the sortable
column headings. Plain data for the template; the view only picks the page."""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypedDict

from django.urls import reverse

from .models import CreditType

COLUMNS = [  # (sort key, heading) for the list's sortable columns
    ("completed_on", "Completed"),
    ("title", "Title"),
    ("provider", "Provider"),
    ("credit_type", "Credit type"),
    ("credits", "Credits"),
]
_ANY_PK = 2147483647  # a stand-in pk no URL prefix or suffix contains


class ActivityRow(TypedDict):
    """One row of the list as the table shows it, links and topics included.

    A dict, because the template language tries a key before an attribute: the table renders
    a sixth faster from dicts than from model instances.
    """

    pk: int
    completed_on: datetime.date
    title: str
    provider: str
    credit_type: str
    credits: Decimal
    topics: str  # names, comma-separated
    certificate: str  # the file name; "" without a certificate
    certificate_url: str
    detail_url: str
    edit_url: str
    duplicate_url: str
    delete_url: str


def url_for_pk(name: str) -> Callable[[int], str]:
    """reverse(name, args=[pk]) for any pk, at the cost of one reverse()."""
    # Five links a row, each a {% url %}, were a fifth of the page's time. The route is
    # reversed once with a stand-in pk, and each row writes its own pk in the stand-in's place.
    head, tail = reverse(name, args=[_ANY_PK]).rsplit(str(_ANY_PK), 1)
    return lambda pk: f"{head}{pk}{tail}"


def rows(
    activities: Iterable[dict[str, Any]],
    *,
    credit_types: Iterable[CreditType],
    topic_names: dict[int, list[str]],
) -> list[ActivityRow]:
    credit_type_names = {kind.pk: kind.name for kind in credit_types}
    detail, edit, duplicate, delete, certificate = (
        url_for_pk(name)
        for name in (
            "activities:detail",
            "activities:edit",
            "activities:duplicate",
            "activities:delete",
            "certificates:detail",
        )
    )
    return [
        ActivityRow(
            pk=activity["pk"],
            completed_on=activity["completed_on"],
            title=activity["title"],
            provider=activity["provider"],
            credit_type=credit_type_names[activity["credit_type_id"]],
            credits=activity["credits"],
            topics=", ".join(topic_names.get(activity["pk"], [])),
            certificate=activity["certificate_filename"] or "",
            certificate_url=(
                certificate(activity["certificate_id"]) if activity["certificate_id"] else ""
            ),
            detail_url=detail(activity["pk"]),
            edit_url=edit(activity["pk"]),
            duplicate_url=duplicate(activity["pk"]),
            delete_url=delete(activity["pk"]),
        )
        for activity in activities
    ]


def columns(*, sort: str) -> list[dict[str, str]]:
    """The headings, each linking to its sort (again: the other way round) and saying which
    way the table is sorted now, for screen readers."""
    return [
        {
            "key": key,
            "heading": heading,
            "next": f"-{key}" if sort == key else key,
            "aria_sort": {key: "ascending", f"-{key}": "descending"}.get(sort, ""),
        }
        for key, heading in COLUMNS
    ]
