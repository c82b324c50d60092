"""The credit types and topics are read once for every page that draws them (from the cache);
an edit in the admin shows on the next page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from activities.models import CreditType, Topic
from activities.selectors import vocabulary
from reporting.licenses.forms import what_if_form

pytestmark = pytest.mark.django_db


def _vocabulary_queries(queries: CaptureQueriesContext) -> list[str]:
    tables = ('FROM "activities_credittype"', 'FROM "activities_topic"')
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].split(" WHERE")[0].endswith(tables)
    ]


def test_the_activity_list_reads_the_vocabularies_once_across_visits(alice_client) -> None:  # type: ignore[no-untyped-def]
    alice_client.get(reverse("activities:list"))
    with CaptureQueriesContext(connection) as queries:
        page = alice_client.get(reverse("activities:list"))
    assert page.status_code == 200
    assert _vocabulary_queries(queries) == []
    names = CreditType.objects.values_list("name", flat=True)
    assert all(escape(name) in page.content.decode() for name in names)


def test_a_renamed_topic_and_a_new_credit_type_show_on_the_next_page(alice_client) -> None:  # type: ignore[no-untyped-def]
    alice_client.get(reverse("activities:list"))  # the vocabularies are now cached
    topic = Topic.objects.order_by("name").first()
    assert topic is not None
    topic.name = "Renamed topic <b>"
    topic.save()
    CreditType.objects.create(slug="board-new", name="A board's new credit", position=99)

    html = alice_client.get(reverse("activities:list")).content.decode()

    assert "Renamed topic &lt;b&gt;" in html
    assert "A board&#x27;s new credit" in html or "A board's new credit" in html


def test_a_deleted_topic_leaves_the_what_if_form() -> None:
    topic = Topic.objects.create(slug="short-lived", name="Short-lived topic")
    assert "Short-lived topic" in what_if_form().markup()
    topic.delete()
    assert "Short-lived topic" not in what_if_form().markup()


def test_the_cached_vocabulary_is_what_the_tables_hold() -> None:
    read = vocabulary()
    again = vocabulary()  # from the cache
    for found in (read, again):
        assert [kind.pk for kind in found.credit_types] == list(
            CreditType.objects.values_list("pk", flat=True)
        )
        assert [kind.slug for kind in found.credit_types] == list(
            CreditType.objects.values_list("slug", flat=True)
        )
        assert list(found.topics) == list(Topic.objects.values_list("slug", "name"))
        assert not any(kind._state.adding for kind in found.credit_types)
