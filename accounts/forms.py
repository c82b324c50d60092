import datetime
from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from django import forms
from django.utils import timezone

from .emails import LOOKALIKE_MESSAGE
from .models import PROFILE_FIELDS, ApiToken, Profile, User
from .selectors import email_lookalike_taken


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up, refusing an address that looks like a registered one."""

    def clean_email(self) -> str:
        value = super().clean_email()
        if value and email_lookalike_taken(email=value):
            raise forms.ValidationError(LOOKALIKE_MESSAGE, code="lookalike")
        return value


class AddEmailForm(allauth_forms.AddEmailForm):
    """allauth's "add an address", refusing one that looks like another account's."""

    def clean_email(self) -> str:
        value = super().clean_email()
        if email_lookalike_taken(email=value, exclude_user_id=self.user.pk):
            raise forms.ValidationError(LOOKALIKE_MESSAGE, code="lookalike")
        return value


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """A reset link goes only to an address its account has verified.

    Otherwise someone holding a session for a moment could add their own address, leave it
    unverified, and reset the password through it later.
    """

    def clean_email(self) -> str:
        value = super().clean_email()
        self.users: list[Any] = [
            user
            for user in self.users
            if EmailAddress.objects.filter(user=user, email__iexact=value, verified=True).exists()
        ]
        return value


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = list(PROFILE_FIELDS)
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "npi": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        labels = {"full_name": "Full name (as on your licenses)"}


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use it, e.g. “hospital import”.")
    scope = forms.ChoiceField(choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    expires_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. The token stops working at the start of this day (UTC).",
    )

    def clean_expires_on(self) -> datetime.date | None:
        expires_on = self.cleaned_data["expires_on"]
        if expires_on and expires_on <= timezone.localdate():
            raise forms.ValidationError("Choose an expiry date after today.")
        return expires_on

    def expires_at(self) -> datetime.datetime | None:
        expires_on = self.cleaned_data.get("expires_on")
        if not expires_on:
            return None
        return datetime.datetime.combine(expires_on, datetime.time.min, tzinfo=datetime.UTC)


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


class SupportAccessForm(forms.Form):
    """What the physician wants support to look at, and for how long."""

    reason = forms.CharField(
        label="What should support look at?",
        max_length=300,
        help_text="Support reads this first; say what looks wrong.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    hours = forms.TypedChoiceField(
        label="For how long",
        coerce=int,
        choices=[],
        initial=24,
        help_text="You can close it earlier at any moment.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .support import DURATIONS

        super().__init__(*args, **kwargs)
        self.fields["hours"].choices = list(DURATIONS.items())  # type: ignore[attr-defined]

    def duration(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.cleaned_data["hours"])
