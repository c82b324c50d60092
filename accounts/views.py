from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cmetrack.lib.typing import AuthenticatedHttpRequest

from . import deletion, selectors, services, support
from .forms import AccountDeleteForm, ApiTokenForm, ProfileForm, SupportAccessForm
from .models import RecordAccess
from .record_access import record_accesses


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = selectors.profile_get(user=request.user)
    form = ProfileForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.profile_update(profile=current, **form.cleaned_data)
        messages.success(request, "Your profile was saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "token_form": ApiTokenForm(),
            "tokens": selectors.api_token_list(user=request.user),
        },
    )


@login_required
@require_POST
@reauthentication_required
def api_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "accounts/profile.html",
            {
                "form": ProfileForm(instance=selectors.profile_get(user=request.user)),
                "token_form": form,
                "tokens": selectors.api_token_list(user=request.user),
            },
            status=400,
        )
    token, raw = services.api_token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        scope=form.cleaned_data["scope"],
        expires_at=form.expires_at(),
    )
    return render(request, "accounts/token_created.html", {"token": token, "raw": raw})


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.api_token_revoke(user=request.user, pk=pk)
    messages.success(request, "The token was revoked; it no longer works.")
    return redirect("accounts:profile")


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Recent sign-in (allauth re-authentication), then the typed address, then everything goes."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        deletion.account_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account and everything in it have been deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def support_access(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open a support access, see the open and past ones, and what support looked at."""
    form = SupportAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        support.support_access_open(
            physician=request.user, reason=form.cleaned_data["reason"], duration=form.duration()
        )
        messages.success(request, "Support can now read your record until the time shown.")
        return redirect("accounts:support")
    accesses = list(support.support_access_list(physician=request.user)[:20])
    now = timezone.now()
    return render(
        request,
        "accounts/support_access.html",
        {
            "form": form,
            "live": [access for access in accesses if access.is_live(now)],
            "past": [access for access in accesses if not access.is_live(now)],
            "log": Paginator(
                record_accesses(physician=request.user).filter(
                    channel=RecordAccess.Channel.SUPPORT
                ),
                25,
            ).get_page(request.GET.get("page")),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def support_access_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    support.support_access_close(physician=request.user, pk=pk)
    messages.success(request, "Support access closed: support can no longer read your record.")
    return redirect("accounts:support")
