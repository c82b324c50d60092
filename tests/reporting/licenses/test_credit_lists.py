"""The license page's credit lists are written in Python (one pass, each date formatted once);
they must read exactly as the template loop they replaced, escaping included."""

import datetime
from decimal import Decimal

from django.template import Context, Template

from reporting.engine import Credit

OLD_COUNTED = (
    '{% load compliance %}{% for credit in counted %}<li>{{ credit.completed_on|date:"j M Y" }}'
    " — {{ credit.title }} ({{ credit.credits|credits }}"
    " {{ credit.credit_type|credit_type_words }})</li>{% endfor %}"
)
OLD_UNCOUNTED = (
    "{% load compliance %}{% for credit, reason in uncounted %}<li>{{ credit.title }}"
    " ({{ credit.credits|credits }}): {{ reason }}</li>{% endfor %}"
)


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


def test_counted_and_uncounted_items_match_the_template_loop() -> None:
    counted = _credits()
    uncounted = [(credit, f"completed <before> the cycle {n}") for n, credit in enumerate(counted)]
    context = Context({"counted": counted, "uncounted": uncounted})
    new = Template(
        "{% load compliance %}{% counted_items counted %}|{% uncounted_items uncounted %}"
    ).render(context)
    old = Template(OLD_COUNTED).render(context) + "|" + Template(OLD_UNCOUNTED).render(context)
    assert new == old
    assert "&lt;b&gt;update&lt;/b&gt; &amp; review" in new
    assert "<b>" not in new
