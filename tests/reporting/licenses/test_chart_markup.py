"""The progress chart is written in Python (`reporting.licenses.chart`); it must read exactly as
the template it replaced (kept beside this file until the Python markup has settled), escaping
and whitespace included."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.template import engines

from reporting.licenses import selectors as licenses_selectors
from reporting.licenses.chart import progress_chart_markup
from reporting.models import Board
from tests.factories import LicenseFactory, log_activity

OLD = engines["django"].from_string(
    (Path(__file__).parent / "progress_chart_template.html").read_text()
)


def old_chart(item: object) -> str:
    return OLD.render({"item": item})


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    "credits",
    [
        (),  # nothing yet: a flat line
        ((1, "2.5"), (2, "18"), (2, "0.25"), (9, "7"), (12, "30")),  # December's is after today
        ((1, "90"), (2, "40"), (3, "0.25")),  # over the requirement: the top grows past it
    ],
)
def test_the_chart_reads_as_its_template_wrote_it(alice, load_rules, credits) -> None:  # type: ignore[no-untyped-def]
    load_rules("TX", "CA")
    for code, expires in (
        ("TX-MD", datetime.date(2027, 5, 31)),
        ("CA-MD", datetime.date(2026, 8, 31)),  # ended: the chart stops at its end
    ):
        LicenseFactory(
            owner=alice,
            board=Board.objects.get(code=code),
            issued_on=datetime.date(2010, 6, 1),
            expires_on=expires,
        )
    for month, amount in credits:
        log_activity(alice, credits=amount, completed_on=datetime.date(2026, month, 3))
    items = licenses_selectors.dashboard(user=alice, as_of=datetime.date(2026, 11, 22))
    assert len(items) == 2
    for item in items:
        assert item.progress_chart is not None
        assert progress_chart_markup(item) == old_chart(item)


@pytest.mark.django_db
def test_a_license_without_rules_has_no_chart(alice) -> None:  # type: ignore[no-untyped-def]
    LicenseFactory(owner=alice)
    (item,) = licenses_selectors.dashboard(user=alice, as_of=datetime.date(2026, 11, 22))
    assert item.progress_chart is None
    assert progress_chart_markup(item) == ""
