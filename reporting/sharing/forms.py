"""The physician's form for a new share link, and the holder's access-code form."""

from collections.abc import Sequence
from typing import Any

from django import forms

from reporting.models import License
from reporting.sharing.links import DEFAULT_DAYS, LONGEST_DAYS, SHORTEST_CODE


class ShareLinkForm(forms.Form):
    license = forms.TypedChoiceField(label="License", coerce=int, choices=[])
    label = forms.CharField(
        label="Who is it for?",
        max_length=100,
        help_text="For example “Memorial Hospital credentialing”. Your access log names the "
        "link by it.",
    )
    days = forms.IntegerField(
        label="Days until it ends",
        min_value=1,
        max_value=LONGEST_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"At most {LONGEST_DAYS} days. You can end it earlier at any moment.",
        error_messages={
            "min_value": "A link lasts at least 1 day.",
            "max_value": f"A link lasts at most {LONGEST_DAYS} days.",
        },
    )
    access_code = forms.CharField(
        label="Access code (optional)",
        required=False,
        max_length=64,
        min_length=SHORTEST_CODE,
        strip=True,
        help_text="Tell it to the recipient separately, by phone say. Leave empty for none.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "min_length": f"Use at least {SHORTEST_CODE} characters, or leave it empty.",
        },
    )
    include_certificates = forms.BooleanField(
        label="Include the certificates of the activities that counted",
        required=False,
    )

    def __init__(self, *args: Any, licenses: Sequence[License] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["license"].choices = [  # type: ignore[attr-defined]
            (license.pk, f"{license.board.code} license {license.number} ({license.board.name})")
            for license in licenses
        ]


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label="Access code",
        max_length=64,
        help_text="The person who sent you this link gave you the code separately.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )
