"""A requirement's credit lists (written in Python in one pass, each date formatted once): each
credit counted with its date, title, credits and type; each one not counted with the reason;
everything the physician typed stays text."""

import datetime
from decimal import Decimal

from reporting.engine import Credit
from reporting.templatetags.compliance import counted_items, uncounted_items


def _credits() -> list[Credit]:
    return [
        Credit(
            activity_id=n,
            completed_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=n * 40),
            credit_type=kind,
            credits=Decimal("1.5") * (n + 1),
            topics=frozenset(),
            title=title,
        )
        for n, (kind, title) in enumerate(
            [
                ("ama-pra-1", "Sepsis <b>update</b> & review"),
                ("aafp-prescribed", 'Ethics "at the bedside"'),
                ("other", "Grand rounds"),
            ]
        )
    ]


def test_each_counted_credit_reads_with_its_date_credits_and_type() -> None:
    assert counted_items(_credits()) == (
        "<li>1 Mar 2026 — Sepsis &lt;b&gt;update&lt;/b&gt; &amp; review"
        " (1.50 AMA PRA Category 1)</li>"
        "<li>10 Apr 2026 — Ethics &quot;at the bedside&quot; (3.00 AAFP Prescribed)</li>"
        "<li>20 May 2026 — Grand rounds (4.50 Other)</li>"
    )


def test_each_credit_not_counted_reads_with_the_reason_as_text() -> None:
    credits = _credits()
    uncounted = [(credit, f"completed <before> the cycle {n}") for n, credit in enumerate(credits)]
    markup = uncounted_items(uncounted)
    assert markup.startswith(
        "<li>Sepsis &lt;b&gt;update&lt;/b&gt; &amp; review (1.50):"
        " completed &lt;before&gt; the cycle 0</li>"
    )
    assert markup.count("<li>") == 3
    assert "<b>" not in markup


def test_no_credits_write_no_items() -> None:
    assert counted_items([]) == ""
    assert uncounted_items([]) == ""
