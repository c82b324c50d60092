from django.db.models import QuerySet

from .emails import email_skeleton
from .models import ApiToken, Profile, User


def profile_get(*, user: User) -> Profile:
    """The user's profile; an unsaved blank one until they first save it."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def email_lookalike_taken(*, email: str, exclude_user_id: int | None = None) -> bool:
    """Whether another account has an address that looks like `email` but is not it.

    A scan of every address: sign-ups and added addresses are rare, and a look-alike cannot be
    found by an index on the address itself.
    """
    from allauth.account.models import EmailAddress

    skeleton = email_skeleton(email)
    addresses = [
        *User.objects.values_list("pk", "email").iterator(),
        *EmailAddress.objects.values_list("user_id", "email").iterator(),
    ]
    return any(
        owner != exclude_user_id
        and address.lower() != email.lower()
        and email_skeleton(address) == skeleton
        for owner, address in addresses
    )
