"""Every read of certificates, scoped to the user who asks."""

from uuid import UUID

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .extraction.suggestions import Suggestions, suggestions_from_text
from .models import Certificate


def certificate_list(*, user: User) -> QuerySet[Certificate]:
    """The user's own certificates, newest first, with how many activities each backs."""
    return (
        Certificate.objects.filter(owner=user)
        .defer("text")
        .annotate(activity_count=Count("activities"))
        .order_by("-uploaded_at", "-pk")
    )


def certificate_get(
    *, user: User, pk: int | None = None, public_id: UUID | None = None
) -> Certificate:
    """One of the user's own certificates, by pk or public id; anyone else's is a 404.

    Staff flags open nothing here: a physician's files are theirs alone, whoever asks.
    """
    lookup = {"pk": pk} if public_id is None else {"public_id": public_id}
    return get_object_or_404(
        Certificate.objects.filter(owner=user).select_related("owner"), **lookup
    )


def certificate_activities(*, certificate: Certificate) -> QuerySet:
    """The activities this certificate backs (unlinked if it is deleted)."""
    return certificate.activities.order_by("-completed_on", "-pk")


def certificate_suggestions(*, certificate: Certificate) -> Suggestions:
    """Activity fields suggested by the certificate's extracted text."""
    return suggestions_from_text(certificate.text)
