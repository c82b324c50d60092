"""The list's rows written in Python are the markup the template loop wrote, escaping included."""

import datetime
from decimal import Decimal
from html import escape
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse

from activities.models import Topic
from activities.table import ActivityRow, rows_markup
from tests.factories import log_activity

# The table's row loop as the template wrote it (beside this file), a lookup per cell.
TEMPLATE_LOOP = (Path(__file__).parent / "rows_loop_template.html").read_text()

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' “curly”"


def row(pk: int, **changes: object) -> ActivityRow:
    values: dict[str, object] = {
        "pk": pk,
        "completed_on": datetime.date(2026, 3, 1),
        "title": "Grand rounds",
        "provider": "Mercy Hospital",
        "credit_type": "AMA PRA Category 1 Credit™",
        "credits": Decimal("1.50"),
        "topics": "Opioid prescribing, Ethics",
        "certificate": "certificate.pdf",
        "certificate_url": f"/certificates/{pk}/",
        "detail_url": f"/activities/{pk}/",
        "edit_url": f"/activities/{pk}/edit/",
        "duplicate_url": f"/activities/{pk}/duplicate/",
        "delete_url": f"/activities/{pk}/delete/",
        **changes,
    }
    return ActivityRow(**values)  # type: ignore[typeddict-item]


ROWS = [
    row(1),
    row(2, title=HOSTILE, provider=HOSTILE, topics=HOSTILE, certificate=HOSTILE),
    row(3, provider="", topics="", certificate="", certificate_url="", credits=Decimal("12")),
    row(4, completed_on=datetime.date(1999, 12, 31), credit_type=HOSTILE, credits=Decimal("0.25")),
]


@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []], ids=["mixed", "one", "none"])
def test_the_rows_are_the_markup_the_template_loop_wrote(rows: list[ActivityRow]) -> None:
    expected = engines["django"].from_string(TEMPLATE_LOOP).render({"rows": rows})
    assert rows_markup(rows) == expected


def test_a_hostile_title_is_text_in_every_place_it_is_written() -> None:
    markup = rows_markup([row(2, title=HOSTILE)])
    assert "<script>" not in markup
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;"
    assert markup.count(escaped) == 3  # the link, the delete confirmation, the hidden label
    assert "1 Mar 2026" in markup


@pytest.mark.django_db
def test_each_row_shows_its_own_topics_in_name_order(alice, bob, alice_client) -> None:
    on_topics = log_activity(
        alice,
        completed_on=datetime.date(2026, 1, 12),
        title="Three topics",
        topics=("pain-management", "medical-ethics", "implicit-bias"),
    )
    bare = log_activity(alice, completed_on=datetime.date(2026, 1, 11), title="No topic")
    log_activity(bob, completed_on=datetime.date(2026, 1, 12), topics=("sbirt",))
    names = [
        Topic.objects.get(slug=slug).name
        for slug in on_topics.topics.values_list("slug", flat=True)
    ]

    html = alice_client.get(reverse("activities:list")).content.decode()

    row_of = {
        pk: html.split(f'<tr id="activity-{pk}">', 1)[1].split("</tr>", 1)[0]
        for pk in (on_topics.pk, bare.pk)
    }
    assert (
        f'<td data-label="Topics">{escape(", ".join(sorted(names)))}</td>' in row_of[on_topics.pk]
    )
    assert '<td data-label="Topics" class="cell-empty"></td>' in row_of[bare.pk]
    assert Topic.objects.get(slug="sbirt").name not in html.split("<tbody>", 1)[1]
