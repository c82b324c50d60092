from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from accounts.models import User
from certificates.selectors import certificate_list

from .models import ACTIVITY_FIELDS, Activity, CreditType
from .selectors import SORTS, ActivityFilters, credit_type_list, topic_list

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
CERTIFICATE_TYPES = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
_UPLOAD_AT = ACTIVITY_FIELDS.index("certificate") + 1


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, each message beside its field."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def _html_attrs(attrs: dict[str, Any]) -> SafeString:
    """Attributes as django/forms/widgets/attrs.html writes them: True bare, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class FlatSelect(forms.Select):
    """Django's Select, its <option>s written here rather than by one template each.

    The activity list draws some fifty options, and a template per option was a tenth of
    the page's time. Django still decides the attributes and which option is selected
    (get_context); only the markup is written here, the same as Django's own (a test
    compares the two). Choices in option groups are left to Django.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if any(group_name for group_name, _options, _index in groups):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], _html_attrs(option["attrs"]), option["label"])
                for _group_name, options, _index in groups
                for option in options
            ),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            widget["name"],
            _html_attrs(widget["attrs"]),
            options,
        )


class ActivityNoteForm(forms.Form):
    """The one thing a physician changes on provider-verified credit: their own note."""

    notes = forms.CharField(
        label="Your note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For your own record and your auditor; the provider's facts stay as issued.",
    )


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
        say_when_too_long(self.fields["title"])
        cast(forms.ModelChoiceField, self.fields["credit_type"]).empty_label = None
        self.fields["topics"].required = False
        certificate = cast(forms.ModelChoiceField, self.fields["certificate"])
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


def say_when_too_long(field: forms.Field) -> None:
    """No `maxlength` on the input: a browser cuts a pasted title at the limit without a word,
    so the server checks the length and says by how much it is over, as the API and the CSV
    import do."""
    field.widget.attrs.pop("maxlength", None)


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
        queryset=CreditType.objects.all(), empty_label=None, label="Credit type", widget=FlatSelect
    )

    def __init__(
        self, *args: Any, credit_types: Sequence[CreditType] | None = None, **kwargs: Any
    ) -> None:
        """`credit_types`: the vocabulary, if the caller has read it already."""
        super().__init__(*args, **kwargs)
        say_when_too_long(self.fields["title"])
        if not self.is_bound:
            # The blank form's options and default come from one query; the field's own
            # choices would query once per use (a server-side cursor each on PostgreSQL).
            if credit_types is None:
                credit_types = list(credit_type_list())
            field = cast(forms.ChoiceField, self.fields["credit_type"])
            field.choices = [(kind.pk, kind.name) for kind in credit_types]
            field.initial = next((kind for kind in credit_types if kind.slug == "ama-pra-2"), None)
            self.fields["completed_on"].initial = timezone.localdate


# The blank quick form's markup by (day, credit types): the list page shows it on every visit,
# and rendering a form through Django's form templates cost about a sixth of the page. Its
# markup depends only on the vocabulary and today's date (the date's default), never on the
# person, so one copy per process serves everyone.
_BLANK_QUICK_FORMS: dict[tuple[Any, ...], SafeString] = {}


def quick_form_markup(*, credit_types: Sequence[CreditType]) -> SafeString:
    """The blank `QuickActivityForm` as the list page prints it (`quick_` ids)."""
    key = (
        timezone.localdate(),
        tuple((kind.pk, kind.slug, kind.name) for kind in credit_types),
    )
    markup = _BLANK_QUICK_FORMS.get(key)
    if markup is None:
        if len(_BLANK_QUICK_FORMS) > 8:  # yesterday's, or a vocabulary edited since
            _BLANK_QUICK_FORMS.clear()
        form = QuickActivityForm(credit_types=credit_types, auto_id="quick_%s")
        markup = _BLANK_QUICK_FORMS[key] = form.render()
    return markup


# The filters' markup by vocabulary and values shown (`ActivityFilterForm.fields_markup`).
_FILTER_FIELDS: dict[tuple[Any, ...], SafeString] = {}


class ActivityFilterForm(forms.Form):
    """The list's filters; every field optional, bad values ignored rather than refused."""

    q = forms.CharField(
        label="Search", required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    completed_after = forms.DateField(label="Completed from", required=False, widget=DATE_WIDGET)
    completed_before = forms.DateField(label="to", required=False, widget=DATE_WIDGET)
    credit_type = forms.ChoiceField(required=False, widget=FlatSelect)  # choices: __init__
    topic = forms.ChoiceField(required=False, widget=FlatSelect)
    certificate = forms.ChoiceField(
        choices=[("", "With or without"), ("yes", "With a certificate"), ("no", "Without")],
        required=False,
        widget=FlatSelect,
    )
    sort = forms.ChoiceField(choices=[(key, key) for key in SORTS], required=False)

    def __init__(
        self,
        *args: Any,
        credit_types: Sequence[CreditType] | None = None,
        topics: Sequence[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`credit_types` and `topics` ((slug, name) pairs): the vocabularies, if the caller
        has read them already."""
        super().__init__(*args, **kwargs)
        # One read per vocabulary, used to check the value and to draw the options.
        if credit_types is None:
            credit_types = list(credit_type_list())
        if topics is None:
            topics = list(topic_list().values_list("slug", "name"))
        credit_type_choices = [
            ("", "Any credit type"),
            *((kind.slug, kind.name) for kind in credit_types),
        ]
        topic_choices = [("", "Any topic"), *topics]
        cast(forms.ChoiceField, self.fields["credit_type"]).choices = credit_type_choices
        cast(forms.ChoiceField, self.fields["topic"]).choices = topic_choices
        self.vocabulary = (tuple(credit_type_choices), tuple(topic_choices))

    def fields_markup(self) -> SafeString:
        """Each filter (not the sort, which the page keeps in a hidden input) with its label.

        Written once per process for each vocabulary and set of values shown: a visit to the
        list with no filter (most visits) reuses it instead of rendering seven fields through
        Django's form templates. The markup is a function of those alone."""
        shown = [name for name in self.fields if name != "sort"]
        key = (
            self.vocabulary,
            # What the widgets read: the last value of each (`value_from_datadict`).
            tuple((name, self.data.get(name)) for name in shown if name in self.data),
            self.auto_id,
        )
        markup = _FILTER_FIELDS.get(key)
        if markup is None:
            if len(_FILTER_FIELDS) > 64:  # bounded: the values come from the request
                _FILTER_FIELDS.clear()
            markup = _FILTER_FIELDS[key] = format_html_join(
                "\n  ", "<div>{} {}</div>", ((self[name].label_tag(), self[name]) for name in shown)
            )
        return markup

    def filters(self) -> ActivityFilters:
        # A bad value in one filter drops that filter only; the list never errors.
        self.is_valid()
        data = self.cleaned_data
        return ActivityFilters(
            completed_after=data.get("completed_after"),
            completed_before=data.get("completed_before"),
            credit_type=data.get("credit_type") or None,
            topic=data.get("topic") or None,
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
