"""Who reaches a provider's pages: its staff, in the roles a page names, past its 2FA rule."""

import functools
from collections.abc import Callable, Collection
from typing import Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from cmetrack.lib.typing import AuthenticatedHttpRequest
from organizations.access import MFA_MESSAGE, MfaSetupRequired, membership_required
from organizations.models import Organization

from .. import selectors
from ..models import Offering, Provider
from ..selectors import ALL_ROLES

P = ParamSpec("P")


def provider_page(
    view: Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase]:
    """Signed in, and past the provider's two-factor rule: a member whose provider requires
    it is sent to set it up first (as on every organization's pages)."""

    @login_required
    @functools.wraps(view)
    def wrapped(
        request: AuthenticatedHttpRequest, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except MfaSetupRequired as needed:
            messages.warning(request, MFA_MESSAGE.format(organization=needed.organization.name))
            return redirect("mfa_activate_totp")

    return wrapped


def staff_provider(
    request: AuthenticatedHttpRequest, slug: str, *, roles: Collection[str] = ALL_ROLES
) -> Provider:
    """The provider in the URL, for its staff in `roles`; a 404 for everyone else."""
    membership_required(request, slug, roles=roles, kind=Organization.Kind.PROVIDER)
    return selectors.provider_get(user=request.user, slug=slug, roles=frozenset(roles))


def staff_offering(
    request: AuthenticatedHttpRequest, pk: int, *, roles: Collection[str] = ALL_ROLES
) -> Offering:
    """An activity of one of the user's providers, after that provider's membership check."""
    offering = selectors.offering_get(user=request.user, pk=pk, roles=frozenset(roles))
    membership_required(
        request,
        offering.provider.organization.slug,
        roles=roles,
        kind=Organization.Kind.PROVIDER,
    )
    return offering
