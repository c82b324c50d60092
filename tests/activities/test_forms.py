"""FlatSelect draws the same <select> as Django's own Select, whatever the field's state."""

import re

import pytest
from django import forms

from activities.forms import FlatSelect
from activities.models import CreditType

pytestmark = pytest.mark.django_db

CHOICES = [("", "Any"), ("a", "Alpha & Omega"), ("b", "<b>Beta</b>"), (3, "Three")]
GROUPED = [("", "Any"), ("Letters", [("a", "Alpha"), ("b", "Beta")]), ("c", "Gamma")]


def _form_class(widget: type[forms.Select]) -> type[forms.Form]:
    class ChoiceForm(forms.Form):
        plain = forms.ChoiceField(choices=CHOICES, required=False, widget=widget)
        required = forms.ChoiceField(
            choices=[("", "Pick one"), *CHOICES[1:]], help_text="Pick one.", widget=widget
        )
        locked = forms.ChoiceField(choices=CHOICES, required=False, disabled=True, widget=widget)
        kind = forms.ModelChoiceField(
            queryset=CreditType.objects.all(), empty_label=None, widget=widget
        )
        grouped = forms.ChoiceField(choices=GROUPED, required=False, widget=widget)

    return ChoiceForm


def _markup(html: str) -> str:
    """The HTML without the whitespace between tags, which changes nothing a reader gets."""
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "a", "required": "3", "kind": "ama-pra-2", "grouped": "b"},
        {"plain": "nope", "required": "", "kind": "0", "grouped": "zz"},
    ],
    ids=["unbound", "valid", "invalid"],
)
def test_flat_select_draws_what_djangos_select_draws(data) -> None:  # type: ignore[no-untyped-def]
    if data:
        data = {**data, "kind": str(CreditType.objects.get(slug="ama-pra-2").pk)}
    django_form = _form_class(forms.Select)(data)
    flat_form = _form_class(FlatSelect)(data)
    if data is not None:
        django_form.is_valid()
        flat_form.is_valid()
    for name in django_form.fields:
        assert _markup(str(flat_form[name])) == _markup(str(django_form[name])), name


def test_flat_select_escapes_labels_and_marks_the_chosen_option() -> None:
    form = _form_class(FlatSelect)({"plain": "b", "required": "a"})
    html = str(form["plain"])
    assert '<option value="b" selected>&lt;b&gt;Beta&lt;/b&gt;</option>' in html
    assert '<option value="a">Alpha &amp; Omega</option>' in html
    assert '<option value="">Any</option>' in html
    invalid = _form_class(FlatSelect)({"required": ""})
    invalid.is_valid()
    assert 'aria-invalid="true"' in str(invalid["required"])
    assert " required " in str(invalid["required"])
