"""Admin forms: slug vocabularies as choices, and the new-version date."""

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from reporting.models import Requirement, RuleSet

# --- Forms ----------------------------------------------------------------------------------
REQUIREMENT_FIELDSETS = (
    (None, {"fields": ("rule_set", "position", "code", "kind", "label", "description")}),
    (
        "Credits",
        {
            "fields": (
                "credits",
                "cap",
                "credit_types",
                "topics",
                "counts_toward_total",
                "exclusive_group",
                "carries_over",
                "parent",
            )
        },
    ),
    (
        "When it is due",
        {
            "fields": (
                "window",
                "window_n",
                "months_after_licensure",
                "by_renewal",
                "deadline_on",
                "licensed_before",
                "grandfathered_due",
                "effective_from",
                "counts_from",
                "from_renewal",
                "until_renewal",
                "follows_initial_rule",
            )
        },
    ),
    ("Who it applies to", {"fields": ("condition", "confidence", "cannot_judge")}),
)
RULE_SET_FIELDSETS = (
    (
        None,
        {
            "fields": (
                "board",
                ("effective_from", "effective_to"),
                "cycle_years",
                "cycle_anchor",
                ("fixed_period_starts", "renewal_years"),
                "calendar_years_before_renewal",
                "cme_required",
                "moc_substitute",
                "cannot_judge",
            )
        },
    ),
    (
        "Carryover and initial licensees",
        {
            "fields": (
                "carryover_cap",
                "carryover_credit_types",
                "initial_treatment",
                "initial_exempt_within_months",
                "proration_rounding",
                "proration_step",
            )
        },
    ),
    (
        "Provenance",
        {"fields": ("confidence", "verified_on", "sources_readable", "sources", "notes")},
    ),
)


def field_names(fieldsets: Any, readonly: Iterable[str] = ()) -> tuple[str, ...]:
    names = []
    for _, options in fieldsets:
        for entry in options["fields"]:
            names += list(entry) if isinstance(entry, tuple) else [entry]
    return tuple(name for name in names if name not in set(readonly))


def _slug_choices(rows: Iterable[tuple[str, str]], current: Any) -> list[tuple[str, str]]:
    """The vocabulary's slugs, plus any the row already holds that it no longer knows.

    Without the extras, a rule naming a retired topic could not be saved at all, even to fix
    an unrelated number.
    """
    choices = [(slug, f"{name} ({slug})") for slug, name in rows]
    known = {slug for slug, _ in choices}
    extras = [slug for slug in (current or []) if slug not in known]
    return choices + [(slug, f"{slug} (not in the vocabulary)") for slug in extras]


def _sorted_slugs(value: list[str]) -> list[str]:
    return sorted(set(value))


class RequirementForm(forms.ModelForm):
    credit_types = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, help_text="None ticked = any type."
    )
    topics = forms.MultipleChoiceField(
        required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    condition = forms.CharField(
        initial="all",
        max_length=300,
        help_text="A condition code, or codes joined by ' or ' / ' and ' (and binds tighter).",
    )

    class Meta:
        model = Requirement
        fields = field_names(REQUIREMENT_FIELDSETS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Imported here so that the admin loads even while the activities app is mid-build.
        from activities.models import CreditType, Topic

        cast(forms.ChoiceField, self.fields["credit_types"]).choices = _slug_choices(
            CreditType.objects.values_list("slug", "name"), self.initial.get("credit_types")
        )
        cast(forms.ChoiceField, self.fields["topics"]).choices = _slug_choices(
            Topic.objects.values_list("slug", "name"), self.initial.get("topics")
        )

    def clean_credit_types(self) -> list[str]:
        return _sorted_slugs(self.cleaned_data["credit_types"])

    def clean_topics(self) -> list[str]:
        return _sorted_slugs(self.cleaned_data["topics"])


class RuleSetForm(forms.ModelForm):
    carryover_credit_types = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Credit types that may carry over; none ticked = any.",
    )

    class Meta:
        model = RuleSet
        fields = field_names(RULE_SET_FIELDSETS, readonly=["sources_readable"])
        help_texts = {
            # The rule book gives a board's first version no start date: it judges any cycle.
            "effective_from": "0001-01-01 means from the start: the board's first version here, "
            "judging every cycle until a later version takes over.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from activities.models import CreditType  # see RequirementForm

        cast(forms.ChoiceField, self.fields["carryover_credit_types"]).choices = _slug_choices(
            CreditType.objects.values_list("slug", "name"),
            self.initial.get("carryover_credit_types"),
        )

    def clean_carryover_credit_types(self) -> list[str]:
        return _sorted_slugs(self.cleaned_data["carryover_credit_types"])


class NewVersionForm(forms.Form):
    effective_from = forms.DateField(
        label="New version in force from",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Cycles ending before this day keep being judged by the current version.",
    )

    def __init__(self, *args: Any, rule_set: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule_set = rule_set

    def clean_effective_from(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["effective_from"]
        starts, ends = self.rule_set.effective_from, self.rule_set.effective_to
        if day <= starts:
            raise ValidationError(
                f"The new version must start after this one does ({starts.isoformat()}); "
                "choose a later date."
            )
        if ends is not None and day > ends:
            raise ValidationError(
                f"This version ends on {ends.isoformat()}; start the new version on or before "
                "that day, or make a new version of the later rule set instead."
            )
        return day
