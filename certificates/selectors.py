"""Every read of certificates, scoped to the user who asks."""

import hashlib
from typing import IO, Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .extraction.suggestions import Suggestions, suggestions_from_text
from .models import Certificate, Draft, ReadingStatus


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


def certificate_suggested_fields(*, certificate: Certificate) -> dict[str, Any]:
    """What the certificate suggests, JSON-ready: its first draft's fields, or its text's."""
    first = next(iter(certificate.drafts.all()), None)  # prefetched by lists; in page order
    if first is not None:
        return dict(first.suggestions)
    return certificate_suggestions(certificate=certificate).as_dict()


def draft_list(*, user: User, certificate: Certificate | None = None) -> QuerySet[Draft]:
    """The user's drafts still to confirm, file by file in upload order, then page order."""
    drafts = Draft.objects.filter(certificate__owner=user, status=Draft.Status.OPEN)
    if certificate is not None:
        drafts = drafts.filter(certificate=certificate)
    return drafts.select_related("certificate").order_by(
        "certificate__uploaded_at", "certificate_id", "position"
    )


def draft_get(*, user: User, pk: int) -> Draft:
    """One of the user's drafts (open or not); anyone else's is a 404."""
    return get_object_or_404(
        Draft.objects.filter(certificate__owner=user).select_related("certificate"), pk=pk
    )


def certificate_open_draft(*, certificate: Certificate) -> Draft | None:
    """The first draft of this certificate still to confirm."""
    return certificate.drafts.filter(status=Draft.Status.OPEN).order_by("position").first()


def certificates_being_read(*, user: User) -> QuerySet[Certificate]:
    """The user's uploads still waiting for (or in) a reader, oldest first."""
    return (
        Certificate.objects.filter(owner=user, status__in=READING)
        .defer("text")
        .order_by("uploaded_at", "pk")
    )


def certificate_drafts(*, certificate: Certificate) -> QuerySet[Draft]:
    """Every draft read from this certificate, in page order (the model's ordering, so that a
    list that prefetched `drafts` reads them without a query per certificate)."""
    return certificate.drafts.all()


READING = (ReadingStatus.QUEUED, ReadingStatus.READING)


def certificate_with_content(*, user: User, upload: IO[bytes]) -> Certificate | None:
    """The user's certificate holding exactly these bytes, if they stored them before."""
    digest = hashlib.sha256()
    upload.seek(0)
    while chunk := upload.read(64 * 1024):
        digest.update(chunk)
    upload.seek(0)
    return Certificate.objects.filter(owner=user, sha256=digest.hexdigest()).first()
