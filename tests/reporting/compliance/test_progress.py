"""The dashboard chart's numbers: credits toward the total over the cycle, and the pace needed."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from reporting.compliance.progress import (
    ProgressPoint,
    cycle_progress,
    progress_chart,
)
from reporting.engine import ComplianceReport, Credit, Kind, RequirementResult, Status
from reporting.licenses import selectors as licenses_selectors
from reporting.licenses.chart import progress_chart_markup
from reporting.models import Board
from tests.factories import LicenseFactory

START, END = datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)  # 729 days


def credit(pk: int, on: datetime.date, amount: str) -> Credit:
    return Credit(activity_id=pk, completed_on=on, credit_type="ama-pra-1", credits=Decimal(amount))


def result(kind: Kind, *, required: str | None, earned: str, counted: tuple[int, ...]):  # type: ignore[no-untyped-def]
    return RequirementResult(
        requirement_id=kind.value,
        kind=kind,
        topics=(),
        required=Decimal(required) if required else None,
        earned=Decimal(earned),
        remaining=Decimal(0),
        status=Status.NOT_YET_DUE,
        advisory=False,
        due_on=END,
        counted=counted,
        uncounted=(),
        explanation="",
    )


def report(*results: RequirementResult, as_of: datetime.date) -> ComplianceReport:
    return ComplianceReport(
        board="TX-MD",
        as_of=as_of,
        cycle_start=START,
        cycle_end=END,
        compliant=False,
        results=results,
        carryover_in=Decimal(0),
        waived_by_moc=False,
        initial_cycle=False,
        renewal_number=2,
        summary="",
    )


CREDITS = {
    1: credit(1, datetime.date(2025, 3, 1), "10"),
    2: credit(2, datetime.date(2025, 3, 1), "2"),
    3: credit(3, datetime.date(2025, 9, 15), "6"),
    4: credit(4, datetime.date(2025, 10, 1), "4"),  # counted only for ethics, not the total
}


def test_credits_accumulate_by_completion_date_from_the_cycle_start() -> None:
    today = datetime.date(2026, 1, 30)
    progress = cycle_progress(
        report(
            result(Kind.TOPIC, required="2", earned="4", counted=(4,)),
            result(Kind.TOTAL, required="48", earned="18", counted=(3, 1, 2)),
            as_of=today,
        ),
        CREDITS,
    )
    assert progress is not None
    assert progress.points == (
        ProgressPoint(START, Decimal(0)),
        ProgressPoint(datetime.date(2025, 3, 1), Decimal(12)),
        ProgressPoint(datetime.date(2025, 9, 15), Decimal(18)),
    )
    assert progress.earned_on(datetime.date(2025, 2, 28)) == 0
    assert progress.earned == 18
    # 394 of 729 days gone: 48 x 394 / 729 = 25.94...
    assert progress.pace_today.quantize(Decimal("0.01")) == Decimal("25.94")
    assert not progress.on_pace
    assert progress.summary == (
        "You have 18 of 48 credits; on pace you would have 25.94 by today, "
        "so you are behind the pace."
    )


def test_the_pace_line_runs_from_nothing_at_the_start_to_the_total_at_the_end() -> None:
    progress = cycle_progress(
        report(result(Kind.TOTAL, required="48", earned="18", counted=(1, 2, 3)), as_of=START),
        CREDITS,
    )
    assert progress.pace_on(START) == 0
    assert progress.pace_on(END) == 48
    assert progress.pace_on(END + datetime.timedelta(days=30)) == 48
    assert progress.pace_on(datetime.date(2025, 12, 31)) == Decimal(48) * 364 / 729


def test_carry_over_starts_the_line_and_caps_clip_it_to_what_the_engine_counted() -> None:
    # A cap let only 20 of the 22 logged credits count toward the total.
    progress = cycle_progress(
        report(
            result(Kind.TOTAL, required="48", earned="20", counted=(1, 2, 3, 4)),
            as_of=datetime.date(2026, 6, 1),
        ),
        CREDITS,
    )
    assert progress.points[0] == ProgressPoint(START, Decimal(0))
    assert [p.credits for p in progress.points] == [0, 12, 18, 20]
    # 18 logged and 23 earned: 5 were carried over from the previous cycle.
    carried = cycle_progress(
        report(
            result(Kind.TOTAL, required="48", earned="23", counted=(1, 2, 3)),
            as_of=datetime.date(2026, 6, 1),
        ),
        CREDITS,
    )
    assert carried.points[0] == ProgressPoint(START, Decimal(5))
    assert carried.earned == 23


def test_a_cycle_on_pace_and_an_ended_cycle_are_described_in_words() -> None:
    early = cycle_progress(
        report(
            result(Kind.TOTAL, required="48", earned="18", counted=(1, 2, 3)),
            as_of=datetime.date(2025, 10, 1),
        ),
        CREDITS,
    )
    assert early.on_pace
    assert early.summary.endswith("so you are on pace.")
    ended = cycle_progress(
        report(
            result(Kind.TOTAL, required="48", earned="18", counted=(1, 2, 3)),
            as_of=datetime.date(2027, 2, 1),
        ),
        CREDITS,
    )
    assert ended.today == END
    assert ended.summary == "You have 18 of 48 credits; the cycle ended on 31 Dec 2026."
    done = cycle_progress(
        report(
            result(Kind.TOTAL, required="16", earned="18", counted=(1, 2, 3)),
            as_of=datetime.date(2025, 10, 1),
        ),
        CREDITS,
    )
    assert done.summary == "You have 18 of 16 credits: the total for this cycle is reached."


@pytest.mark.parametrize(
    "results",
    [(), (result(Kind.TOPIC, required="2", earned="0", counted=()),)],
)
def test_no_chart_when_the_rules_set_no_total(results) -> None:
    assert cycle_progress(report(*results, as_of=START), CREDITS) is None
    assert cycle_progress(None, CREDITS) is None


def test_the_chart_draws_the_step_line_up_to_today_and_the_pace_line_corner_to_corner() -> None:
    progress = cycle_progress(
        report(
            result(Kind.TOTAL, required="48", earned="18", counted=(1, 2, 3)),
            as_of=datetime.date(2025, 6, 1),  # before the 15 Sep activity
        ),
        CREDITS,
    )
    chart = progress_chart(progress, width=334, height=134)  # a 292 x 100 plot at (34, 10)
    assert (chart.left, chart.top, chart.plot_width, chart.plot_height) == (34, 10, 292, 100)
    assert chart.pace_path == "M34.0 110.0 L326.0 10.0"
    x_march = round(34 + 292 * 59 / 729, 1)
    x_today = round(34 + 292 * 151 / 729, 1)
    assert chart.earned_path == f"M34.0 110.0 H{x_march} V85.0 H{x_today}"
    assert chart.today_x == x_today
    assert chart.top_label == "48"


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_the_dashboard_card_draws_the_chart_with_a_text_alternative(
    alice, alice_client, bob, load_rules, log_activity
) -> None:
    load_rules("TX")
    LicenseFactory(
        owner=alice,
        board=Board.objects.get(code="TX-MD"),
        number="Q58213",
        issued_on=datetime.date(2010, 6, 1),
        expires_on=datetime.date(2027, 5, 31),
    )
    log_activity(alice, credits="18", completed_on=datetime.date(2026, 2, 1), title="Board review")
    log_activity(bob, credits="40", completed_on=datetime.date(2026, 2, 1))

    response = alice_client.get(reverse("reporting:dashboard"))

    html = response.content.decode()
    assert '<svg viewBox="0 0 320 150" role="img"' in html
    assert "TX-MD: credits earned over the cycle against the pace needed</title>" in html
    progress = response.context["items"][0].progress
    assert progress.earned == 18  # bob's 40 credits are not alice's
    assert f"{progress.summary}</desc>" in html
    assert f'-summary">{progress.summary}</span>' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</figure>", 1)[0]


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_the_chart_prints_the_cycles_months_the_total_and_the_paths_it_was_given(
    alice, load_rules, log_activity
) -> None:
    load_rules("TX")
    license = LicenseFactory(
        owner=alice,
        board=Board.objects.get(code="TX-MD"),
        issued_on=datetime.date(2010, 6, 1),
        expires_on=datetime.date(2027, 5, 31),
    )
    for month, amount in ((1, "2.5"), (2, "18"), (2, "0.25"), (9, "7"), (12, "30")):
        log_activity(alice, credits=amount, completed_on=datetime.date(2026, month, 3))
    item = licenses_selectors.dashboard(user=alice, as_of=datetime.date(2026, 11, 22))[0]
    chart = item.progress_chart
    assert chart is not None

    markup = progress_chart_markup(item)

    pk = license.pk
    assert (
        f'<svg viewBox="0 0 320 150" role="img" focusable="false"\n'
        f'       aria-labelledby="progress-{pk}-title" aria-describedby="progress-{pk}-summary">'
    ) in markup
    # The cycle's first and last months under the x axis, the required total on the y axis.
    assert (chart.start_label, chart.end_label, chart.top_label) == ("May 2025", "May 2027", "48")
    assert f'text-anchor="start">{chart.start_label}</text>' in markup
    assert f'text-anchor="end">{chart.end_label}</text>' in markup
    assert f'dominant-baseline="middle">{chart.top_label}</text>' in markup
    assert f'<path class="chart-pace" d="{chart.pace_path}" fill="none">' in markup
    assert f'<path class="chart-earned" d="{chart.earned_path}" fill="none">' in markup
    assert f'x1="{chart.today_x}" x2="{chart.today_x}"' in markup
    summary = f'<span class="chart-summary" id="progress-{pk}-summary">{chart.summary}</span>'
    assert summary in markup
    assert item.progress.earned == Decimal("27.75")  # the December credits are after today


def _daily(days_and_amounts: dict[int, str]) -> dict[int, Credit]:
    return {
        day: credit(day, START + datetime.timedelta(days=day), amount)
        for day, amount in days_and_amounts.items()
    }


def _total(credits: dict[int, Credit], *, earned: str, as_of: datetime.date) -> ComplianceReport:
    return report(
        result(Kind.TOTAL, required="48", earned=earned, counted=tuple(credits)), as_of=as_of
    )


def test_at_most_one_point_a_week_on_the_day_of_its_last_credit_with_its_total() -> None:
    # 1 Jan 2025 is the cycle's start: days 1-6 are its first week, 7-13 the second.
    credits = _daily({1: "1", 2: "1", 3: "1", 4: "1", 5: "1.5", 8: "1", 9: "0.25"})
    progress = cycle_progress(
        _total(credits, earned="6.75", as_of=datetime.date(2025, 6, 1)), credits
    )
    assert progress is not None
    assert progress.points == (
        ProgressPoint(START, 0.0),
        ProgressPoint(START + datetime.timedelta(days=5), 5.5),
        ProgressPoint(START + datetime.timedelta(days=9), 6.75),
    )
    assert progress.earned == Decimal("6.75")
    path = progress_chart(progress).earned_path
    assert path.count("V") == 2
    assert path.split(" V")[1].startswith(str(round(10 + 116 * (1 - 5.5 / 48), 1)))
    assert f"H{round(34 + 278 * 5 / 729, 1)} V" in path  # the step is drawn on day 5


def test_a_credit_after_today_neither_moves_todays_step_nor_counts_in_the_words() -> None:
    # Counted by the engine but dated after today (in the same week as today's credit).
    credits = _daily({1: "2", 5: "3"})
    today = START + datetime.timedelta(days=3)
    progress = cycle_progress(_total(credits, earned="5", as_of=today), credits)
    assert [(p.on, p.credits) for p in progress.points] == [
        (START, 0.0),
        (START + datetime.timedelta(days=1), 2.0),
        (START + datetime.timedelta(days=5), 5.0),
    ]
    assert progress.earned == 2
    assert progress.summary.startswith("You have 2 of 48 credits; on pace")
    path = progress_chart(progress).earned_path
    assert path.endswith(f"V{round(10 + 116 * (1 - 2 / 48), 1)} H{round(34 + 278 * 3 / 729, 1)}")


def test_a_credit_on_the_cycles_first_edge_starts_the_line_there() -> None:
    credits = {1: credit(1, START, "4"), 2: credit(2, datetime.date(2025, 3, 1), "2")}
    progress = cycle_progress(_total(credits, earned="6", as_of=datetime.date(2025, 6, 1)), credits)
    assert progress.points[0] == ProgressPoint(START, 4.0)
    assert progress.earned == 6


def test_the_chart_labels_its_axes_with_the_cycles_months_and_the_required_total() -> None:
    progress = cycle_progress(
        report(
            result(Kind.TOTAL, required="48.5", earned="18", counted=(1, 2, 3)),
            as_of=datetime.date(2025, 6, 1),
        ),
        CREDITS,
    )
    chart = progress_chart(progress)
    assert (chart.start_label, chart.end_label, chart.top_label) == (
        "Jan 2025",
        "Dec 2026",
        "48.50",
    )
    assert (chart.right, chart.bottom, chart.label_x, chart.axis_y) == (312, 126, 30, 144)
    assert chart.summary == progress.summary
