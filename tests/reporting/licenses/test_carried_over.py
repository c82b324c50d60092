"""Credits carried over from the last cycle are named where the physician looks: the dashboard
card and the license page, not only counted in the total."""

import re

import pytest
from django.urls import reverse

from tests.reporting.licenses.opened import with_lists_opened
from tests.reporting.transcripts.boards import TODAY, texas

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(alice, load_rules, log_activity, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(TODAY, tick=False)
    return texas(alice, load_rules, log_activity)


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return _words(response.content.decode())


def _words(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def test_the_dashboard_card_names_the_carried_over_credits(alice_client, record) -> None:
    text = _text(alice_client.get(reverse("reporting:dashboard")))
    assert "Includes 4.00 credits carried over from the cycle ending 31 Aug 2025" in text
    assert "Hospital medicine summit (4.00)" in text


def test_the_license_page_lists_them_under_the_requirement_they_count_toward(
    alice_client, record
) -> None:
    page = alice_client.get(reverse("reporting:license_detail", args=[record.license.pk]))
    text = _words(with_lists_opened(alice_client, page.content.decode()))
    assert "Carried over from the cycle 1 Sep 2023 to 31 Aug 2025:" in text
    assert "1 May 2025 — Hospital medicine summit (4.00 of its 22.00 AMA PRA Category 1" in text
    assert "Internal medicine board review" not in text  # counted last cycle, not carried
