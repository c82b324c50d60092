"""Who may open an organization's pages: its members, in the roles a page names.

Every organization page (a credentialing office's, a CME provider's) goes through
`membership_required`: someone who is not a member gets the same 404 as for an organization
that does not exist, so a slug reveals nothing. An organization that requires two-factor
authentication sends a member without it to set it up first, as the admin does for staff.
"""

import functools
from collections.abc import Callable, Collection
from typing import Concatenate, ParamSpec

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from cmetrack.lib.typing import AuthenticatedHttpRequest

from .models import Membership, Organization, Role

MFA_MESSAGE = (
    "{organization} asks its members to use two-factor authentication. Set it up to continue."
)

ALL_ROLES = tuple(Role.values)
# Those who act for the organization: request documents, invite physicians.
STAFF_ROLES = (Role.OWNER, Role.STAFF)
OWNER_ROLES = (Role.OWNER,)


class MfaSetupRequired(Exception):
    """The member must set up two-factor authentication before this organization's pages."""

    def __init__(self, organization: Organization) -> None:
        super().__init__(organization.name)
        self.organization = organization


def membership_required(
    request: HttpRequest,
    slug: str,
    *,
    roles: Collection[str] = ALL_ROLES,
    kind: str | None = None,
) -> tuple[Organization, Membership]:
    """The organization named by `slug` and the signed-in user's membership of it.

    Http404 when the user is not a member in one of `roles` (or the organization is not of
    `kind`); MfaSetupRequired when the organization requires two-factor authentication and
    the member has none.
    """
    user = request.user
    if not user.is_authenticated:
        raise Http404("No such organization.")
    membership = (
        Membership.objects.select_related("organization")
        .filter(organization__slug=slug, user=user, role__in=list(roles))
        .first()
    )
    if membership is None or (kind is not None and membership.organization.kind != kind):
        raise Http404("No such organization.")
    organization = membership.organization
    if organization.require_mfa and not is_mfa_enabled(user):
        raise MfaSetupRequired(organization)
    return organization, membership


P = ParamSpec("P")
OrganizationView = Callable[
    Concatenate[AuthenticatedHttpRequest, Organization, Membership, P], HttpResponseBase
]


def organization_view(
    *, roles: Collection[str] = ALL_ROLES, kind: str | None = None
) -> Callable[[OrganizationView[P]], Callable[..., HttpResponseBase]]:
    """A view of the organization in the URL's `slug`, for its members in `roles` only.

    The view receives the organization and the membership after the request; a member who
    must first set up two-factor authentication is sent there with a message.
    """

    def decorate(view: OrganizationView[P]) -> Callable[..., HttpResponseBase]:
        @login_required
        @functools.wraps(view)
        def wrapped(
            request: AuthenticatedHttpRequest, slug: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponseBase:
            try:
                organization, membership = membership_required(
                    request, slug, roles=roles, kind=kind
                )
            except MfaSetupRequired as needed:
                messages.warning(request, MFA_MESSAGE.format(organization=needed.organization.name))
                return redirect("mfa_activate_totp")
            return view(request, organization, membership, *args, **kwargs)

        return wrapped

    return decorate
