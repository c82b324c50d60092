"""The Generate form: one choice of license + cycle (grouped by license), and the kind."""

import datetime
from collections.abc import Sequence

from django import forms

from reporting.models import License, Transcript
from reporting.transcripts.services import CycleChoice


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
