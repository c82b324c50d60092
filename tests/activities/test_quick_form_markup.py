"""The list page's quick form is written once per day and vocabulary, and is the form's own."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from activities.forms import QuickActivityForm, quick_form_markup
from activities.models import CreditType
from tests.activities.conftest import TODAY

pytestmark = pytest.mark.django_db


def _quick_form(html: str) -> str:
    action = f'action="{reverse("activities:quick")}"'
    return html.split(action, 1)[1].split("</form>", 1)[0]


def test_the_list_prints_the_blank_quick_form_as_the_form_renders_it(alice_client) -> None:
    credit_types = list(CreditType.objects.all())
    html = alice_client.get(reverse("activities:list")).content.decode()
    form = str(QuickActivityForm(credit_types=credit_types, auto_id="quick_%s"))
    assert form in _quick_form(html)
    assert quick_form_markup(credit_types=credit_types) == form


def test_the_quick_forms_date_is_today_on_every_day(alice_client) -> None:
    for day in (TODAY, TODAY + datetime.timedelta(days=1)):
        with time_machine.travel(
            datetime.datetime(2026, day.month, day.day, 12, tzinfo=datetime.UTC)
        ):
            html = alice_client.get(reverse("activities:list")).content.decode()
        assert f'name="completed_on" value="{day.isoformat()}"' in _quick_form(html)


def test_a_renamed_credit_type_is_offered_by_its_new_name(alice_client) -> None:
    alice_client.get(reverse("activities:list"))
    kind = CreditType.objects.get(slug="ama-pra-2")
    kind.name = "Self-directed learning <new>"
    kind.save()
    html = alice_client.get(reverse("activities:list")).content.decode()
    assert "Self-directed learning &lt;new&gt;" in _quick_form(html)
