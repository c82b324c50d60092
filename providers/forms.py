"""The provider's and the learner's forms. The rules live in the models and the services."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Degree
from activities.models import CreditType, Topic

from .exports.pars import PARS_CONSENT_WORDS
from .models import ClaimCode, EvaluationQuestion, Offering, Provider, Session

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATETIME_WIDGET = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
# The credit types a provider designates: AMA PRA Category 1 (non-physicians then receive a
# certificate of participation) and the AOA's Category 1 credits.
DESIGNATED_TYPES = ("ama-pra-1", "aoa-1a", "aoa-1b")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form, each message beside its field (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = [
            "accreditation",
            "accme_id",
            "accreditor",
            "joint_providers",
            "cebroker_provider_number",
        ]
        widgets = {"joint_providers": forms.Textarea(attrs={"rows": 3})}


class OfferingForm(forms.ModelForm):
    """An activity with its designated maximums, one field per kind of credit."""

    class Meta:
        model = Offering
        fields = [
            "title",
            "learning_format",
            "starts_on",
            "ends_on",
            "city",
            "state",
            "online",
            "pars_id",
            "cebroker_course_number",
            "cebroker_subject_area",
            "jointly_provided_with",
            "topics",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "topics": forms.CheckboxSelectMultiple,
            "state": forms.TextInput(attrs={"size": 2, "autocapitalize": "characters"}),
        }
        help_texts = {
            "topics": "Tick every mandated subject it covers: a physician's claim then counts "
            "toward their state's topic hours (Texas's ethics hours, say) by itself.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.order_by("name")  # type: ignore[attr-defined]
        self.credit_types = list(CreditType.objects.filter(slug__in=DESIGNATED_TYPES))
        current = (
            {d.credit_type_id: d.max_credits for d in self.instance.designations.all()}
            if self.instance.pk
            else {}
        )
        for credit_type in self.credit_types:
            self.fields[f"designate_{credit_type.slug}"] = forms.DecimalField(
                label=f"Maximum {credit_type.name} credits",
                required=False,
                min_value=Decimal("0.25"),
                max_digits=5,
                decimal_places=2,
                initial=current.get(credit_type.pk),
                widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25"}),
                help_text="In steps of 0.25. Leave empty if the activity does not offer it.",
            )

    def activity_fields(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if not field.name.startswith("designate_")]

    def designation_fields(self) -> list[forms.BoundField]:
        return [self[f"designate_{ct.slug}"] for ct in self.credit_types]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        topics = data.pop("topics")
        designations = {ct: data.pop(f"designate_{ct.slug}") for ct in self.credit_types}
        return {"topics": topics, "designations": designations, **data}


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "held_on", "max_credits"]
        widgets = {
            "held_on": DATE_WIDGET,
            "max_credits": forms.NumberInput(attrs={"step": "0.25", "min": "0.25"}),
        }
        help_texts = {"max_credits": "Leave empty to use the activity's maximum."}


class QuestionForm(forms.ModelForm):
    class Meta:
        model = EvaluationQuestion
        fields = ["text", "kind", "required"]
        labels = {"kind": "Answered with", "required": "An answer is required"}


class ClaimCodeForm(forms.Form):
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(),
        required=False,
        empty_label="The whole activity",
        label="Claims for",
    )
    kind = forms.ChoiceField(choices=ClaimCode.Kind.choices, label="Who uses it")
    attendee_name = forms.CharField(label="Attendee's name", required=False, max_length=200)
    attendee_email = forms.EmailField(label="Attendee's e-mail", required=False)
    opens_at = forms.DateTimeField(label="Claims open", widget=DATETIME_WIDGET)
    closes_at = forms.DateTimeField(label="Claims close", widget=DATETIME_WIDGET)

    def __init__(self, *args: Any, offering: Offering, **kwargs: Any) -> None:
        now = timezone.localtime().replace(second=0, microsecond=0)
        kwargs.setdefault(
            "initial",
            {"opens_at": now, "closes_at": now + datetime.timedelta(days=30)},
        )
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = offering.sessions.all()  # type: ignore[attr-defined]


class RosterForm(forms.Form):
    roster = forms.FileField(
        label="Roster (CSV)",
        help_text="A first line “name,email”, then one attendee per line. Each gets a personal "
        "code to print on the badge.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(),
        required=False,
        empty_label="The whole activity",
        label="Claims for",
    )
    opens_at = forms.DateTimeField(label="Claims open", widget=DATETIME_WIDGET)
    closes_at = forms.DateTimeField(label="Claims close", widget=DATETIME_WIDGET)

    def __init__(self, *args: Any, offering: Offering, **kwargs: Any) -> None:
        now = timezone.localtime().replace(second=0, microsecond=0)
        kwargs.setdefault(
            "initial", {"opens_at": now, "closes_at": now + datetime.timedelta(days=30)}
        )
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = offering.sessions.all()  # type: ignore[attr-defined]


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label="Claim code",
        max_length=40,
        help_text="As shown on the room's screen or your badge, for example K7QM-4TZP.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ClaimForm(forms.Form):
    # Any value reaches the service, which refuses in words (Category 1 for an NP, say); the
    # radio buttons offer only what this learner may claim.
    claim_as = forms.CharField(label="What you claim", max_length=40, widget=forms.RadioSelect)
    credits = forms.CharField(
        label="Credits you claim",
        max_length=8,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "inputmode": "decimal"}),
    )
    attested = forms.BooleanField(
        label="I claim only the credit commensurate with the extent of my participation in "
        "the activity.",
        required=False,
    )
    report_consent = forms.BooleanField(label=PARS_CONSENT_WORDS, required=False)

    def __init__(
        self,
        *args: Any,
        options: list[tuple[str, str]],
        maximum: Decimal | None,
        anonymous: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["claim_as"].widget.choices = options
        if len(options) == 1:
            self.fields["claim_as"].initial = options[0][0]
        if maximum is not None:
            self.fields[
                "credits"
            ].help_text = f"In steps of 0.25, up to {maximum}: only the time you took part."
            self.fields["credits"].widget.attrs["max"] = str(maximum)
        if anonymous:
            self.fields["first_name"] = forms.CharField(label="First name", max_length=100)
            self.fields["last_name"] = forms.CharField(label="Last name", max_length=100)
            self.fields["email"] = forms.EmailField(
                label="E-mail", help_text="Your certificate is sent to this address."
            )
            self.fields["degree"] = forms.ChoiceField(label="Degree", choices=Degree.choices)


class EvaluationForm(forms.Form):
    """One field per question of the activity's evaluation, named by the question's id."""

    def __init__(self, *args: Any, questions: list[EvaluationQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            name = f"question_{question.pk}"
            if question.choices:
                field: forms.Field = forms.ChoiceField(
                    choices=question.choices, widget=forms.RadioSelect, required=False
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
                )
            field.label = question.text + ("" if question.required else " (optional)")
            self.fields[name] = field

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("question_"): value or "" for name, value in self.cleaned_data.items()
        }


class ClaimCorrectionForm(forms.Form):
    credits = forms.DecimalField(
        label="Credits",
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25"}),
    )
    completed_on = forms.DateField(label="Completion date", widget=DATE_WIDGET)
    reason = forms.CharField(
        label="Why it changes",
        max_length=300,
        help_text="Kept in the claim's history, which the learner can read.",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why the claim is withdrawn",
        max_length=300,
        help_text="It leaves your reports (ACCME receives a delete row); its history stays.",
    )
