from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cmetrack.lib.typing import AuthenticatedHttpRequest

from .. import digest, identity, tokens
from ..access import OWNER_ROLES, organization_view
from ..models import Membership, Organization
from .forms import DigestForm, OrganizationSignInForm, OrganizationTokenForm


def _tokens_page(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    membership: Membership,
    form: OrganizationTokenForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "organizations/connect/tokens.html",
        {
            "organization": organization,
            "membership": membership,
            "form": form,
            "tokens": tokens.organization_token_list(organization=organization),
        },
        status=status,
    )


@organization_view(roles=OWNER_ROLES)
def token_list(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    """The organization's API tokens (owners only)."""
    return _tokens_page(request, organization, membership, OrganizationTokenForm())


@require_POST
@organization_view(roles=OWNER_ROLES)
@reauthentication_required
def token_create(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    """A new token, shown once; a recent sign-in is asked first, as for personal tokens."""
    form = OrganizationTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, organization, membership, form, status=400)
    token, raw = tokens.organization_token_create(
        organization=organization,
        created_by=request.user,
        name=form.cleaned_data["name"],
        expires_at=form.expires_at(),
    )
    return render(
        request,
        "organizations/connect/token_created.html",
        {"organization": organization, "membership": membership, "token": token, "raw": raw},
    )


@require_POST
@organization_view(roles=OWNER_ROLES)
def token_revoke(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    membership: Membership,
    pk: int,
) -> HttpResponse:
    token = tokens.organization_token_revoke(organization=organization, pk=pk)
    messages.success(request, f"The token “{token.name}” was revoked; it no longer works.")
    return redirect("organizations_connect:tokens", slug=organization.slug)


@require_http_methods(["GET", "POST"])
@organization_view(kind=Organization.Kind.CREDENTIALING)
def digest_setting(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    """A member's own choice of the weekly digest (credentialing offices only)."""
    # An unticked box posts nothing: an empty POST is still an answer ("no").
    form = DigestForm(
        request.POST if request.method == "POST" else None,
        initial={"digest_opt_in": membership.digest_opt_in},
    )
    if request.method == "POST" and form.is_valid():
        digest.membership_digest_set(
            membership=membership, opt_in=form.cleaned_data["digest_opt_in"]
        )
        messages.success(
            request,
            "You will get the weekly digest."
            if membership.digest_opt_in
            else "You will not get the weekly digest.",
        )
        return redirect("organizations_connect:digest", slug=organization.slug)
    return render(
        request,
        "organizations/connect/digest.html",
        {"organization": organization, "membership": membership, "form": form},
    )


def sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in with your organization's own identity provider: find it by name."""
    form = OrganizationSignInForm(request.GET or None)
    if form.is_bound and form.is_valid():
        organization = identity.organization_for_sign_in(name=form.cleaned_data["organization"])
        if organization is not None:
            # Someone already signed in connects the provider to their own account.
            connect = request.user.is_authenticated
            return redirect(
                identity.organization_sign_in_url(organization=organization, connect=connect)
            )
        form.add_error(
            "organization",
            "No organization of that name signs in here with its own system. Check the name "
            "with your office, or sign in with your e-mail address and password.",
        )
    return render(request, "organizations/connect/sign_in.html", {"form": form})
