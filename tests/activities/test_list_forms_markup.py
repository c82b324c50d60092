"""The list page's quick form and filters are written once per process for what they show
(the day, the vocabularies, the filter values), and are the forms' own markup."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from activities.forms import QuickActivityForm, quick_form_markup
from activities.models import CreditType, Topic
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


def _filters(html: str) -> str:
    return html.split('class="filter-form"', 1)[1].split("</form>", 1)[0]


def test_the_filters_show_the_values_of_this_request_not_the_last_ones(
    alice_client,
) -> None:
    blank = _filters(alice_client.get(reverse("activities:list")).content.decode())
    assert '<input type="search" name="q" id="filter_q">' in blank

    hostile = '"><script>alert(1)</script>'
    filtered = _filters(
        alice_client.get(
            reverse("activities:list"),
            {
                "q": hostile,
                "completed_after": "2025-01-01",
                "topic": "medical-ethics",
                "sort": "title",
            },
        ).content.decode()
    )
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in filtered
    assert "<script>" not in filtered
    assert 'name="completed_after" value="2025-01-01"' in filtered
    assert '<option value="medical-ethics" selected>' in filtered
    assert 'name="sort" value="title"' in filtered

    again = _filters(alice_client.get(reverse("activities:list")).content.decode())
    assert again == blank
    assert "2025-01-01" not in again
    assert '<option value="medical-ethics" selected>' not in again


def test_a_new_topic_is_offered_in_the_filters(alice_client) -> None:
    alice_client.get(reverse("activities:list"))
    Topic.objects.create(slug="new-topic", name="A new topic <b>")
    html = _filters(alice_client.get(reverse("activities:list")).content.decode())
    assert '<option value="new-topic">A new topic &lt;b&gt;</option>' in html
