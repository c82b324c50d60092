import datetime

from django import forms
from django.utils import timezone

from .models import PROFILE_FIELDS, ApiToken, Profile


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
