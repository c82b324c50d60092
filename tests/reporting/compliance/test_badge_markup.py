"""The status badges: written in Python for the cards and license pages, and by the badge
template for the roster; both read the same, in words with a symbol hidden from screen
readers."""

import pytest
from django.template.loader import render_to_string

from reporting.compliance import presentation
from reporting.engine import LicenseStatus, Status
from reporting.templatetags.compliance import badge_markup, license_status_badge

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


# The words a reviewer reads for each requirement's status: "In progress" rather than "not yet
# due", and a limit on credits never reads as a failure.
REQUIREMENT_WORDS = {
    Status.MET: ("Met", "✓"),
    Status.SHORT: ("Short", "✗"),
    Status.NOT_YET_DUE: ("In progress", "◔"),
}


@pytest.mark.parametrize(("status", "words"), REQUIREMENT_WORDS.items())
def test_a_requirements_badge_says_its_status_in_words(status: Status, words) -> None:  # type: ignore[no-untyped-def]
    label, symbol = words
    markup = badge_markup(presentation.REQUIREMENT_BADGES[status])
    assert f'<span aria-hidden="true">{symbol}</span> {label}</span>' in markup
    assert "Advisory" not in markup


def test_an_advisory_requirement_says_so_and_why() -> None:
    markup = badge_markup(presentation.REQUIREMENT_BADGES[Status.SHORT], True)
    assert 'Short</span> <span class="badge badge-advisory"' in markup
    assert 'title="Rests on secondary or conflicting sources: shown as a warning, never' in markup


def test_a_license_badge_says_the_verdict_and_one_with_no_rules_says_so() -> None:
    complete = badge_markup(presentation.LICENSE_BADGES[LicenseStatus.COMPLETE])
    assert '<span class="status status-complete"><span aria-hidden="true">✓</span>' in complete
    assert "Complete" in complete
    behind = badge_markup(presentation.LICENSE_BADGES[LicenseStatus.BEHIND])
    assert "Behind the pace" in behind
    assert "Cannot be judged here" in license_status_badge(None)
