from allauth.account.decorators import reauthentication_required
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cmetrack.lib.typing import AuthenticatedHttpRequest

from .. import digest, identity, tokens
from ..models import Membership, Organization, Role
from .forms import DigestForm, OrganizationSignInForm, OrganizationTokenForm


def _membership(request: AuthenticatedHttpRequest, slug: str, *roles: str) -> Membership:
    """The signed-in person's membership of the organization (with one of `roles`, if given);
    404 for anyone else, and for a member without the two-factor sign-in it requires."""
    membership = (
        Membership.objects.select_related("organization")
        .filter(organization__slug=slug, user=request.user)
        .first()
    )
    if membership is None or (roles and membership.role not in roles):
        raise Http404("No such organization.")
    if membership.organization.require_mfa and not is_mfa_enabled(request.user):
        raise Http404("No such organization.")
    return membership


def _tokens_page(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    form: OrganizationTokenForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "organizations/connect/tokens.html",
        {
            "organization": organization,
            "form": form,
            "tokens": tokens.organization_token_list(organization=organization),
        },
        status=status,
    )


@login_required
def token_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organization's API tokens (owners only)."""
    membership = _membership(request, slug, Role.OWNER)
    return _tokens_page(request, membership.organization, OrganizationTokenForm())


@login_required
@require_POST
@reauthentication_required
def token_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    membership = _membership(request, slug, Role.OWNER)
    form = OrganizationTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, membership.organization, form, status=400)
    token, raw = tokens.organization_token_create(
        organization=membership.organization,
        created_by=request.user,
        name=form.cleaned_data["name"],
        expires_at=form.expires_at(),
    )
    return render(
        request,
        "organizations/connect/token_created.html",
        {"organization": membership.organization, "token": token, "raw": raw},
    )


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(request, slug, Role.OWNER)
    token = tokens.organization_token_revoke(organization=membership.organization, pk=pk)
    messages.success(request, f"The token “{token.name}” was revoked; it no longer works.")
    return redirect("organizations_connect:tokens", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def digest_setting(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A member's own choice of the weekly digest (credentialing offices only)."""
    membership = _membership(request, slug)
    if membership.organization.kind != Organization.Kind.CREDENTIALING:
        raise Http404("No roster, so no digest.")
    form = DigestForm(request.POST or None, initial={"digest_opt_in": membership.digest_opt_in})
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
        return redirect("organizations_connect:digest", slug=slug)
    return render(
        request,
        "organizations/connect/digest.html",
        {"organization": membership.organization, "form": form},
    )


def sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in with your organization's own identity provider: find it by name."""
    form = OrganizationSignInForm(request.GET or None)
    if form.is_bound and form.is_valid():
        organization = identity.organization_for_sign_in(name=form.cleaned_data["organization"])
        if organization is not None:
            return redirect(identity.organization_sign_in_url(organization=organization))
        form.add_error(
            "organization",
            "No organization of that name signs in here with its own system. Check the name "
            "with your office, or sign in with your e-mail address and password.",
        )
    return render(request, "organizations/connect/sign_in.html", {"form": form})
