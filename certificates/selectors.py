"""Every read of certificates, scoped to the user who asks."""

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .extraction import Suggestions, suggestions_from_text
from .models import Certificate


def certificate_list(*, user: User) -> QuerySet[Certificate]:
    """The user's own certificates, newest first, with how many activities each backs."""
    return (
        Certificate.objects.filter(owner=user)
        .defer("text")
        .annotate(activity_count=Count("activities"))
        .order_by("-uploaded_at", "-pk")
    )


def certificate_get(*, user: User, pk: int) -> Certificate:
    """One certificate: the owner's, or any for staff; everyone else gets 404."""
    queryset = (
        Certificate.objects.all() if user.is_staff else Certificate.objects.filter(owner=user)
    )
    return get_object_or_404(queryset.select_related("owner"), pk=pk)


def certificate_activities(*, certificate: Certificate) -> QuerySet:
    """The activities this certificate backs (unlinked if it is deleted)."""
    return certificate.activities.order_by("-completed_on", "-pk")


def certificate_suggestions(*, certificate: Certificate) -> Suggestions:
    """Activity fields suggested by the certificate's extracted text."""
    return suggestions_from_text(certificate.text)
