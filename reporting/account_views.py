"""The clinician's own pages kept by this app: practice facts, history, account deletion."""

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.models import User
from cmetrack.lib.typing import AuthenticatedHttpRequest

from . import selectors, services
from .forms import PracticeForm
from .history import history_page
from .retention import account_delete


def practice_form(user: User, data: object = None) -> PracticeForm:
    facts = selectors.practice_answers(owner_ids=[user.pk]).profile_facts.get(user.pk, {})
    return PracticeForm(
        data,
        facts=facts,
        holds_dea=selectors.holds_dea_registration(user=user),
        asked_by=selectors.questions_asked_by_licenses(user=user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The profile's "Your practice" questions (also drawn on the profile page itself)."""
    form = practice_form(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_practice_update(user=request.user, answers=form.answers())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Your answers about your practice were saved.")
            return redirect(reverse("accounts:profile") + "#practice")
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/practice.html", {"form": form}, status=status)


@login_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every change to your own activities, certificates and licenses, and no one else's."""
    if "owner" in request.GET:
        # Nobody, staff included, reads another person's history through the site.
        raise Http404("No such history.")
    page = history_page(owner=request.user, number=request.GET.get("page", 1))
    return render(
        request,
        "reporting/history.html",
        {"page": page, "subject": request.user, "page_query": ""},
    )


class AccountDeleteForm(forms.Form):
    email = forms.EmailField(
        label="Type your e-mail address to confirm",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.lower():
            raise forms.ValidationError("That is not the e-mail address of this account.")
        return email


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Recent sign-in (allauth re-authentication), then the typed address, then everything goes."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account and everything in it have been deleted.")
        return redirect("home")
    return render(request, "reporting/account_delete.html", {"form": form})
