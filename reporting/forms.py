import functools
from collections.abc import Callable
from decimal import Decimal
from itertools import groupby

from django import forms

from . import conditions
from .models import Board, License


class BoardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, board: Board) -> str:
        return f"{board.code} — {board.name}"


def _grouped_board_choices(boards: list[Board]) -> list[tuple[str, list[tuple[int, str]]]]:
    field = BoardChoiceField(queryset=Board.objects.none())
    return [
        (state, [(board.pk, field.label_from_instance(board)) for board in group])
        for state, group in groupby(boards, key=lambda board: board.state)
    ]


class LicenseForm(forms.ModelForm):
    board = BoardChoiceField(
        queryset=Board.objects.all(),
        help_text="Your state board and degree; DEA registrations are under US.",
    )
    conditions = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="About your practice under this license",
        help_text="Only the questions this board's rules depend on are asked.",
    )

    class Meta:
        model = License
        fields = ["board", "number", "issued_on", "expires_on", "cycle_start", "cycle_end"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "cycle_start": forms.DateInput(attrs={"type": "date"}),
            "cycle_end": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "issued_on": "The date you were first licensed in this state.",
            "cycle_start": "Only if your board counts CME over a different period than renewal.",
        }

    def __init__(self, *args, boards: list[Board], asked: list[str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["board"].choices = [("", "Choose a board…"), *_grouped_board_choices(boards)]
        self.fields["board"].widget.attrs.update(
            {
                "hx-get": "",
                "hx-trigger": "change",
                "hx-target": "#license-conditions",
                "hx-select": "#license-conditions",
                "hx-swap": "outerHTML",
                "hx-include": "this",
            }
        )
        self.fields["conditions"].choices = [(code, conditions.words(code)) for code in asked]
        self.asked = asked
        if self.instance.pk:
            self.initial["conditions"] = self.instance.conditions

    def clean_conditions(self) -> list[str]:
        return sorted(self.cleaned_data["conditions"])

    def _post_clean(self) -> None:
        ticked = set(self.cleaned_data.get("conditions", []))
        self.instance.condition_answers = {code: code in ticked for code in self.asked}
        super()._post_clean()


class WhatIfForm(forms.Form):
    """Hypothetical credits to see what would change; never saved."""

    credits = forms.DecimalField(
        min_value=Decimal("0.25"), max_value=100, decimal_places=2, label="Credits"
    )
    credit_type = forms.ChoiceField(label="Credit type")
    topic = forms.ChoiceField(required=False, label="Topic")

    def __init__(
        self,
        *args,
        credit_types: Callable[[], list[tuple[str, str]]],
        topics: Callable[[], list[tuple[str, str]]],
        **kwargs,
    ) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Read only when the form is validated or drawn (once each: a select iterates its
        # choices more than once), so a license page served from the cache asks for neither.
        self.fields["credit_type"].choices = functools.cache(credit_types)
        self.fields["topic"].choices = functools.cache(lambda: [("", "No topic"), *topics()])
