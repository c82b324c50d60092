import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from cmetrack.lib.typing import AuthenticatedHttpRequest

from . import selectors, services
from .models import ApiToken, Degree
from .schemas import ProfileOut, profile_out

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = services.api_token_authenticate(token)
        if api_token is None:
            return None
        if request.method not in SAFE_METHODS and not api_token.can_write:
            raise HttpError(403, "This token is read-only.")
        request.user = api_token.user
        return api_token


router = Router(tags=["profile"])


class ProfilePatch(Schema):
    full_name: str | None = None
    degree: Degree | None = None
    npi: str | None = None
    birth_date: datetime.date | None = None
    specialty: str | None = None


def _profile_out(request: AuthenticatedHttpRequest) -> ProfileOut:
    return profile_out(request.user, selectors.profile_get(user=request.user))


@router.get("profile", response=ProfileOut)
def profile_read(request: AuthenticatedHttpRequest) -> ProfileOut:
    """The signed-in clinician's profile."""
    return _profile_out(request)


@router.patch("profile", response=ProfileOut)
def profile_patch(request: AuthenticatedHttpRequest, payload: ProfilePatch) -> ProfileOut:
    """Change some profile fields; the same validation as the profile page."""
    fields = payload.dict(exclude_unset=True)
    # Only the date of birth may be cleared; the text fields clear with "", not null.
    nulls = {
        name: ["This field cannot be null."] for name, value in fields.items() if value is None
    }
    nulls.pop("birth_date", None)
    if nulls:
        raise ValidationError(nulls)
    profile = selectors.profile_get(user=request.user)
    services.profile_update(profile=profile, **fields)
    return _profile_out(request)
