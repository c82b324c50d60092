"""A rule set's sources, written in Python once per process (`sources_list`): each label a link
only when its address is a web address, the quote, the kind and the day it was read; the
sources are staff-edited data, so every value stays text."""

import datetime

import pytest
from django.template.loader import render_to_string

from reporting.rules.words import Source, sources

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


ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;"


@pytest.mark.parametrize("name", CASES)
def test_sources_are_written_once_and_stay_text(name: str) -> None:
    context = {"sources": CASES[name]}
    markup = render_to_string(NAME, context)
    # Written once per process: the second page gets the same markup.
    assert render_to_string(NAME, context) == markup
    assert "<script>" not in markup
    assert 'href="javascript' not in markup
    assert markup.count("<li>") == len(CASES[name])


def test_a_source_with_every_part_links_its_label_and_shows_quote_kind_and_day() -> None:
    markup = render_to_string(NAME, {"sources": CASES["every part"]})
    assert markup.startswith('\n\n  <ul class="sources">')
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">'
        "22 TAC 166.2</a>"
    ) in markup
    assert "<q>Each physician shall…</q>" in markup
    assert '<span class="muted">read 1 Mar 2026</span>' in markup
    assert '<span class="muted">read 31 Dec 2025</span>' in markup
    assert markup.count('<span class="muted">(') == 2  # each source's kind, in words


def test_a_hostile_source_is_text_and_a_javascript_address_no_link() -> None:
    markup = render_to_string(NAME, {"sources": CASES["hostile"]})
    first = markup.split("<li>")[1]
    assert "<a " not in first  # javascript: is not a web address
    assert f"\n        {ESCAPED}\n" in first
    assert f"<q>{ESCAPED}</q>" in first
    assert 'href="javascript' not in markup
    # A long label is cut to 90 characters; the address, escaped, still leads to it.
    second = markup.split("<li>")[2]
    assert f'href="https://example.org/{ESCAPED}"' in second
    assert ">" + "x" * 89 + "…</a>" in second
    # Upper-case schemes are web addresses too.
    assert '<a href="HTTPS://EXAMPLE.ORG/"' in markup.split("<li>")[3]


def test_a_list_with_no_sources_is_empty() -> None:
    assert render_to_string(NAME, {"sources": []}) == "\n\n"
