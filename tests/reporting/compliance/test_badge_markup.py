"""The status badges written in Python are the markup of the badge template, every badge."""

import pytest
from django.template.loader import render_to_string

from reporting.compliance import presentation
from reporting.templatetags.compliance import badge_markup, license_status_badge, status_badge

BADGES = [
    *presentation.LICENSE_BADGES.values(),
    *presentation.REQUIREMENT_BADGES.values(),
    presentation.NO_RULES_BADGE,
    presentation.MAY_APPLY_BADGE,
    presentation.NOT_MET_BADGE,
]


@pytest.mark.parametrize("advisory", [False, True])
@pytest.mark.parametrize("badge", BADGES, ids=lambda badge: f"{badge.style}-{badge.words}")
def test_a_badge_is_the_templates_markup(badge: presentation.Badge, advisory: bool) -> None:
    expected = render_to_string(
        "reporting/compliance/_status.html",
        {
            "status": badge.style,
            "symbol": badge.symbol,
            "label": badge.words,
            "advisory": advisory,
        },
    )
    assert badge_markup(badge, advisory) == expected


def test_the_tags_pick_the_badge_of_the_status() -> None:
    assert "status-met" in status_badge("met")
    assert "Advisory" in status_badge("short", advisory=True)
    assert "Cannot be judged here" in license_status_badge(None)
