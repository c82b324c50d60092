import datetime

from django import forms
from django.utils import timezone


class OrganizationTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What will use it, e.g. “credentialing system”."
    )
    expires_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. The token stops working at the start of this day (UTC).",
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name

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


class DigestForm(forms.Form):
    digest_opt_in = forms.BooleanField(
        required=False,
        label="E-mail me a weekly digest of licenses to watch",
        help_text="On Mondays: licenses behind the pace, overdue, waiting for answers, or with "
        "a deadline within 60 days. Nothing is sent in a week with none.",
    )


class OrganizationSignInForm(forms.Form):
    organization = forms.CharField(
        max_length=200,
        label="Your organization",
        help_text="Its short name as your office gave it to you (e.g. “memorial-hospital”), "
        "or its full name.",
    )
