"""The Generate form: one choice of license + cycle (each naming its license), and the kind; then
what a board expects on the document (name, degree, NPI, license number) before it is made."""

import datetime
from collections.abc import Sequence

from django import forms

from accounts.models import Degree
from accounts.validators import validate_npi
from reporting.models import License, Transcript
from reporting.transcripts.services import NAME_MISSING, CycleChoice


def cycle_value(license: License, choice: CycleChoice) -> str:
    return f"{license.pk}:{choice.end.isoformat()}"


class TranscriptRequestForm(forms.Form):
    # Radio buttons, not a drop-down: on a phone every license and its whole cycle are read
    # without opening anything.
    cycle = forms.ChoiceField(
        label="License and CME cycle",
        help_text="A past cycle prints what you completed in it and how it stood at its end.",
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label="What to make",
        choices=Transcript.Kind.choices,
        initial=Transcript.Kind.TRANSCRIPT,
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: object,
        options: Sequence[tuple[License, Sequence[CycleChoice]]] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Each cycle in words alone ("1 Sep 2025 to 31 Aug 2027 (current cycle)"), for the
        # steps that name the license beside it.
        self.cycle_labels = {
            cycle_value(license, choice): choice.label
            for license, choices in options
            for choice in choices
        }
        self.fields["cycle"].choices = [  # type: ignore[attr-defined]
            (
                cycle_value(license, choice),
                f"{license.board.code} (license {license.number}): {choice.label}",
            )
            for license, choices in options
            for choice in choices
        ]
        if options and options[0][1]:
            self.fields["cycle"].initial = cycle_value(options[0][0], options[0][1][0])

    def clean_cycle(self) -> tuple[int, datetime.date]:
        license_id, _, end = self.cleaned_data["cycle"].partition(":")
        try:
            return int(license_id), datetime.date.fromisoformat(end)
        except ValueError:
            raise forms.ValidationError("Choose a license and cycle from the list.") from None


class HandoverForm(TranscriptRequestForm):
    """The chosen license and cycle, and the facts a board reads first, prefilled from the
    profile and the license and saved back to them."""

    full_name = forms.CharField(
        label="Full name (as on your license)",
        max_length=200,
        error_messages={"required": NAME_MISSING},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    degree = forms.ChoiceField(label="Degree", choices=Degree.choices)
    npi = forms.CharField(
        label="NPI",
        max_length=10,
        required=False,
        validators=[validate_npi],
        help_text="Your 10-digit National Provider Identifier: credentialing offices match you "
        "by it. Leave it blank only if you have none.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    license_number = forms.CharField(
        label="License number",
        max_length=40,
        error_messages={"required": "Enter the license number your board issued."},
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(NAME_MISSING, code="required")
        return name

    def clean_license_number(self) -> str:
        return self.cleaned_data["license_number"].strip()
