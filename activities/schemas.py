"""An activity as the API answers with it and the export writes it (activities.json): one shape.

The field names are a public contract twice over: API clients read them, and an export made
today must import into a later version. Change them only with a new export VERSION.
"""

import datetime

from ninja import Schema

from .models import Activity


class ActivityOut(Schema):
    id: int
    title: str
    provider: str
    started_on: datetime.date | None
    completed_on: datetime.date
    credit_type: str
    credits: str
    format: str
    topics: list[str]
    certificate: int | None
    notes: str


def activity_out(activity: Activity) -> ActivityOut:
    """The activity in its public shape (credit type and topics by slug, credits to 2 places)."""
    return ActivityOut(
        id=activity.pk,
        title=activity.title,
        provider=activity.provider,
        started_on=activity.started_on,
        completed_on=activity.completed_on,
        credit_type=activity.credit_type.slug,
        credits=f"{activity.credits:.2f}",
        format=activity.format,
        topics=sorted(topic.slug for topic in activity.topics.all()),
        certificate=activity.certificate_id,
        notes=activity.notes,
    )
