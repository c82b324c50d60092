from django.db.models import QuerySet

from .models import ApiToken, Profile, User


def profile_get(*, user: User) -> Profile:
    """The user's profile; an unsaved blank one until they first save it."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
