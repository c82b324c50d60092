import functools
from collections.abc import Callable
from decimal import Decimal
from itertools import groupby
from typing import Any, cast

from django import forms
from django.utils.safestring import SafeString

from accounts.models import User
from activities.forms import FlatSelect
from activities.selectors import vocabulary
from reporting import conditions
from reporting.compliance import selectors as compliance_selectors
from reporting.engine import AttestationKind
from reporting.licenses import selectors
from reporting.models import Board, License
from reporting.reference.expiry import ExpiryProposal


class BoardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, board: Board) -> str:
        return f"{board.code} — {board.name}"


def _grouped_board_choices(boards: list[Board]) -> list[tuple[str, list[tuple[int, str]]]]:
    field = BoardChoiceField(queryset=Board.objects.none())
    return [
        (state, [(board.pk, field.label_from_instance(board)) for board in group])
        for state, group in groupby(boards, key=lambda board: board.state)
    ]


YES_NO = [("yes", "Yes"), ("no", "No")]
# What the server needs to propose an expiry: the board, the first licensure, and the expiry as
# typed or as proposed before (a proposal the physician left alone follows a new board).
EXPIRY_INPUTS = "[name=board], [name=issued_on], [name=expires_on], [name=expiry_proposed]"
NOT_ANSWERED = "Not answered yet."


def _yes_no(value: str) -> bool:
    return value == "yes"


def yes_no_field(
    label: str, answer: bool | None, asked_by: list[str] | None = None
) -> forms.TypedChoiceField:
    """A Yes/No question with no default: left alone, it stays unanswered (never a No)."""
    help_text = NOT_ANSWERED if answer is None else ""
    if asked_by:
        boards = ", ".join(sorted(set(asked_by)))
        help_text = f"{help_text} The rules of your {boards} license ask this.".strip()
    return forms.TypedChoiceField(
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=label,
        help_text=help_text,
        initial=None if answer is None else ("yes" if answer else "no"),
    )


class PracticeForm(forms.Form):
    """The questions about the physician's practice, asked once on the profile.

    A DEA registration in the account already answers "Do you hold a DEA registration?", so the
    question is shown as answered instead of asked.
    """

    def __init__(  # type: ignore[no-untyped-def]
        self,
        *args,
        facts: dict[str, bool],
        holds_dea: bool,
        asked_by: dict[str, list[str]] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.holds_dea = holds_dea
        asked_by = asked_by or {}
        for code in conditions.asked_on(conditions.PROFILE):
            if code == "dea_registrant" and holds_dea:
                continue
            self.fields[code] = yes_no_field(
                conditions.words(code), facts.get(code), asked_by.get(code)
            )

    @property
    def practice_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("specialty_")]

    @property
    def specialty_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("specialty_")]

    def answers(self) -> dict[str, bool]:
        """The questions answered; one left alone keeps the answer it had (if any)."""
        return {code: value for code, value in self.cleaned_data.items() if value is not None}


class LicenseForm(forms.ModelForm):
    """A license, and the questions about this one state that its board's rules ask.

    Questions about the person are answered on the profile; the form shows their answers
    (`practice_facts`) and lets a license that has its own answer go back to the profile's.
    """

    board = BoardChoiceField(
        queryset=Board.objects.all(),
        help_text="Your state board and degree; DEA registrations are under US.",
    )
    use_profile = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Use my profile's answer instead",
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

    def __init__(  # type: ignore[no-untyped-def]
        self,
        *args,
        boards: list[Board],
        asked: list[str],
        practice_facts: list,
        expiry_proposal: ExpiryProposal | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.expiry_proposal = expiry_proposal
        cast(forms.ChoiceField, self.fields["board"]).choices = [
            ("", "Choose a board…"),
            *_grouped_board_choices(boards),
        ]
        # Choosing a board brings its questions and its expiry rule; a first-licensure date
        # brings the expiry a rule counted from it gives.
        self.fields["board"].widget.attrs.update(
            {
                "hx-get": "",
                "hx-trigger": "change",
                "hx-target": "#license-conditions",
                "hx-select": "#license-conditions",
                "hx-select-oob": "#license-expiry",
                "hx-swap": "outerHTML",
                "hx-include": EXPIRY_INPUTS,
            }
        )
        self.fields["issued_on"].widget.attrs.update(
            {
                "hx-get": "",
                "hx-trigger": "change",
                "hx-target": "#license-expiry",
                "hx-select": "#license-expiry",
                "hx-swap": "outerHTML",
                "hx-include": EXPIRY_INPUTS,
            }
        )
        self.asked = asked
        self.practice_facts = practice_facts
        own = self.instance.condition_answers or {}
        for code in asked:
            self.fields[f"answer_{code}"] = yes_no_field(conditions.words(code), own.get(code))
        cast(forms.ChoiceField, self.fields["use_profile"]).choices = [
            (fact.code, fact.question) for fact in practice_facts if fact.source == "license"
        ]

    @property
    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{code}"] for code in self.asked]

    def _post_clean(self) -> None:
        answers = dict(self.instance.condition_answers or {})
        for code in self.asked:
            value = self.cleaned_data.get(f"answer_{code}")
            if value is not None:
                answers[code] = value
        for code in self.cleaned_data.get("use_profile", []):
            answers.pop(code, None)
        self.instance.condition_answers = answers
        super()._post_clean()  # type: ignore[misc]  # ModelForm's, missing from the stubs


class AttestationForm(forms.Form):
    """Attest a requirement instead of logging an activity, as the board allows."""

    kind = forms.ChoiceField(
        choices=[
            (AttestationKind.COMPLETED.value, "I completed this before I used CME Track, on:"),
            (AttestationKind.EXEMPT.value, "I am exempt because …"),
        ],
        widget=forms.RadioSelect,
        label="Instead of logging an activity",
        error_messages={"required": "Choose whether you completed it or are exempt."},
    )
    completed_on = forms.DateField(
        required=False,
        label="Date completed",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When you completed it. Needed if you completed it.",
    )
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label="Why you are exempt (or a note about the course)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you are exempt: the reason the rule offers, in its words.",
    )


class WhatIfForm(forms.Form):
    """Hypothetical credits to see what would change; never saved."""

    credits = forms.DecimalField(
        min_value=Decimal("0.25"), max_value=100, decimal_places=2, label="Credits"
    )
    # Options written without a template each (FlatSelect): the license page draws ~50.
    credit_type = forms.ChoiceField(label="Credit type", widget=FlatSelect)
    topic = forms.ChoiceField(required=False, label="Topic", widget=FlatSelect)

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
        self.vocabulary = (
            functools.cache(credit_types),
            functools.cache(lambda: [("", "No topic"), *topics()]),
        )
        cast(forms.ChoiceField, self.fields["credit_type"]).choices = self.vocabulary[0]
        cast(forms.ChoiceField, self.fields["topic"]).choices = self.vocabulary[1]

    def markup(self) -> SafeString:
        """The form's fields as the page prints them.

        The blank form (every first visit of a license page) is written once per process for
        each vocabulary: rendering three fields through Django's form templates cost more than
        a requirement line. Its markup is a function of the two vocabularies alone: a GET form,
        so no CSRF token, and nothing of the person's. A filled-in form (its values, its
        errors) is rendered each time."""
        if self.is_bound:
            return self.render()
        key = (tuple(self.vocabulary[0]()), tuple(self.vocabulary[1]()), self.auto_id)
        markup = _BLANK_WHAT_IF.get(key)
        if markup is None:
            if len(_BLANK_WHAT_IF) > 8:  # a vocabulary edited since
                _BLANK_WHAT_IF.clear()
            markup = _BLANK_WHAT_IF[key] = self.render()
        return markup


# The blank "what if" form's markup by vocabulary (`WhatIfForm.markup`).
_BLANK_WHAT_IF: dict[tuple[Any, ...], SafeString] = {}


def what_if_form(data: object = None) -> WhatIfForm:
    """The license page's "what if" form, reading its two vocabularies only if drawn."""
    return WhatIfForm(
        data,
        credit_types=lambda: [(kind.slug, kind.name) for kind in vocabulary().credit_types],
        topics=lambda: list(vocabulary().topics),
    )


def practice_form(user: User, data: object = None) -> PracticeForm:
    facts = compliance_selectors.practice_answers(owner_ids=[user.pk]).profile_facts.get(
        user.pk, {}
    )
    return PracticeForm(
        data,
        facts=facts,
        holds_dea=selectors.holds_dea_registration(user=user),
        asked_by=selectors.questions_asked_by_licenses(user=user),
    )
