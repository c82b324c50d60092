from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from certificates.selectors import certificate_list

from .models import ACTIVITY_FIELDS, Activity, CreditType, Topic
from .selectors import SORTS, ActivityFilters

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
CERTIFICATE_TYPES = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
_UPLOAD_AT = ACTIVITY_FIELDS.index("certificate") + 1


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, each message beside its field."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class ActivityForm(forms.ModelForm):
    """The full add/edit form. Rules live on the model and in the services, not here."""

    upload = forms.FileField(
        label="Or upload the certificate",
        required=False,
        help_text="PDF, PNG or JPEG. It is stored in your record and linked to this activity.",
        widget=forms.ClearableFileInput(attrs={"accept": CERTIFICATE_TYPES}),
    )

    class Meta:
        model = Activity
        # The upload sits right after the list of certificates it stands in for.
        fields = [*ACTIVITY_FIELDS[:_UPLOAD_AT], "upload", *ACTIVITY_FIELDS[_UPLOAD_AT:]]
        widgets = {
            "started_on": DATE_WIDGET,
            "completed_on": DATE_WIDGET,
            "credits": forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "100"}),
            "topics": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "credit_type": "PAs, NPs and other clinicians log attendance credit as “Other”; "
            "use Other too for ANCC contact hours or AAFP Prescribed credit.",
            "credits": "As on the certificate; AMA PRA Category 1 in steps of 0.25.",
            "topics": "Tick every mandated subject the activity covered.",
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["credit_type"].empty_label = None
        self.fields["topics"].required = False
        certificate = self.fields["certificate"]
        certificate.queryset = certificate_list(user=user)
        certificate.label = "Certificate"
        certificate.empty_label = "No certificate yet"
        certificate.help_text = "One you uploaded before."
        if not certificate.queryset.exists():
            del self.fields["certificate"]

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the services' keyword arguments (upload None when empty)."""
        data = dict(self.cleaned_data)
        data["upload"] = data.get("upload") or None
        return data


class QuickActivityForm(forms.Form):
    """Reading, teaching and other Category 2 work, logged in four fields."""

    title = forms.CharField(max_length=300, help_text="What you read, taught or did.")
    completed_on = forms.DateField(label="Date", widget=DATE_WIDGET)
    credits = forms.DecimalField(
        label="Hours",
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25"}),
    )
    credit_type = forms.ModelChoiceField(
        queryset=CreditType.objects.all(), empty_label=None, label="Credit type"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["completed_on"].initial = timezone.localdate
            self.fields["credit_type"].initial = CreditType.objects.filter(slug="ama-pra-2").first()


class ActivityFilterForm(forms.Form):
    """The list's filters; every field optional, bad values ignored rather than refused."""

    q = forms.CharField(
        label="Search", required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    completed_after = forms.DateField(label="Completed from", required=False, widget=DATE_WIDGET)
    completed_before = forms.DateField(label="to", required=False, widget=DATE_WIDGET)
    credit_type = forms.ModelChoiceField(
        queryset=CreditType.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any credit type",
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), to_field_name="slug", required=False, empty_label="Any topic"
    )
    certificate = forms.ChoiceField(
        choices=[("", "With or without"), ("yes", "With a certificate"), ("no", "Without")],
        required=False,
    )
    sort = forms.ChoiceField(choices=[(key, key) for key in SORTS], required=False)

    def filters(self) -> ActivityFilters:
        # A bad value in one filter drops that filter only; the list never errors.
        self.is_valid()
        data = self.cleaned_data
        credit_type = data.get("credit_type")
        topic = data.get("topic")
        return ActivityFilters(
            completed_after=data.get("completed_after"),
            completed_before=data.get("completed_before"),
            credit_type=credit_type.slug if credit_type else None,
            topic=topic.slug if topic else None,
            has_certificate={"yes": True, "no": False}.get(data.get("certificate") or ""),
            search=data.get("q") or "",
            sort=data.get("sort") or ActivityFilters.sort,
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with the template's columns, up to 5,000 rows.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
