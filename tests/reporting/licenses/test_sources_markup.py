"""A rule set's sources are written in Python once per process (`sources_list`); they must read
exactly as the template they replaced (kept in `old_markup/`), escaping and whitespace included."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Engine
from django.template.loader import render_to_string

from reporting.rules.words import Source, sources

OLD = Engine(
    dirs=[Path(__file__).parent / "old_markup", settings.BASE_DIR / "templates"],
    libraries={"compliance": "reporting.templatetags.compliance"},
)
HOSTILE = "<script>alert('x')</script> & \"quoted\""
NAME = "reporting/rules/_sources.html"

CASES = {
    "none": [],
    "one plain": [Source("Tex. Admin. Code §166.2", "https://sos.texas.gov/", "", None, "")],
    "every part": [
        Source(
            "22 TAC 166.2",
            "https://example.org/a?b=1&c=2",
            "Each physician shall…",
            datetime.date(2026, 3, 1),
            "primary",
        ),
        Source("Board FAQ", "http://board.example/faq", "", datetime.date(2025, 12, 31), "board"),
    ],
    "hostile": [
        Source(HOSTILE, "javascript:alert(1)", HOSTILE, None, "primary"),
        Source(
            "x" * 200, f"https://example.org/{HOSTILE}", HOSTILE, datetime.date(2024, 1, 9), "board"
        ),
        Source("é" * 89 + "ü✓", "HTTPS://EXAMPLE.ORG/", "", None, "other"),
    ],
    "from the research's dicts": sources(
        [
            {
                "citation": HOSTILE,
                "url": "https://x.example/",
                "quote": "q",
                "read_on": "2026-01-02",
                "type": "statute",
            },
            {"title": "No date", "url": "ftp://x", "read_on": "not a date"},
            "not a dict",
        ],
        boards_own=True,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_sources_read_as_the_old_template(name: str) -> None:
    context = {"sources": CASES[name]}
    old = OLD.get_template(NAME).render(Context(context))
    assert render_to_string(NAME, context) == old
    # Written once per process: the second page gets the same markup.
    assert render_to_string(NAME, context) == old
    if name == "hostile":
        assert "<script>" not in old
        assert 'href="javascript' not in old


def test_a_list_with_no_sources_is_the_old_empty_markup() -> None:
    assert render_to_string(NAME, {"sources": []}) == "\n\n"
