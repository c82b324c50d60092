"""The license page's blank "what if" form is written once per process for each vocabulary; it
is the form's own markup, and a filled-in form still shows its own values and errors."""

import pytest
from django.urls import reverse

from activities.models import CreditType, Topic
from reporting.licenses.forms import what_if_form
from tests.factories import texas_license

pytestmark = pytest.mark.django_db


def _form(html: str) -> str:
    return html.split('aria-labelledby="what-if-heading"', 1)[1].split("</form>", 1)[0]


def test_the_page_prints_the_blank_form_as_the_form_renders_it(
    alice, alice_client, load_rules
) -> None:
    load_rules("TX")
    license = texas_license(alice)
    html = alice_client.get(reverse("reporting:license_detail", args=[license.pk])).content
    own = str(what_if_form())

    assert own in _form(html.decode())
    assert what_if_form().markup() == own
    assert 'name="credits"' in own
    assert "csrfmiddlewaretoken" not in own  # a GET form: nothing of the person's


def test_a_renamed_credit_type_and_a_new_topic_are_offered() -> None:
    what_if_form().markup()
    kind = CreditType.objects.get(slug="ama-pra-2")
    kind.name = "Self-directed <learning>"
    kind.save()
    Topic.objects.create(slug="zz-new-topic", name="Wilderness & <rescue>")

    markup = what_if_form().markup()

    assert "Self-directed &lt;learning&gt;" in markup
    assert '<option value="zz-new-topic">Wilderness &amp; &lt;rescue&gt;</option>' in markup
    assert markup == str(what_if_form())


def test_a_filled_in_form_shows_its_values_and_errors_and_the_next_blank_one_does_not() -> None:
    blank = what_if_form().markup()
    filled = what_if_form({"credits": "0.1", "credit_type": "ama-pra-1", "topic": ""})
    assert not filled.is_valid()

    markup = filled.markup()

    assert 'value="0.1"' in markup
    assert "errorlist" in markup
    assert what_if_form().markup() == blank
    assert 'value="0.1"' not in blank
