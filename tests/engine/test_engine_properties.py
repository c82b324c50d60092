"""Properties of evaluate() that hold for any credits."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.engine import (
    ComplianceReport,
    Credit,
    Kind,
    RequirementSpec,
    Status,
    Window,
    evaluate,
)

from .builders import d, license, rules, topic, total

AS_OF = date(2026, 3, 1)
FACTS = license(expires_on=date(2026, 7, 31), conditions=("dea_registrant",))
CATEGORY_1 = frozenset({"ama-pra-1", "aoa-1a"})
TOPICS = (
    "medical-ethics",
    "child-abuse",
    "opioid-prescribing",
    "implicit-bias",
    "domestic-violence",
)
TYPES = ("ama-pra-1", "ama-pra-2", "aoa-1a", "aoa-1b", "other")

RICH = rules(
    total("50"),
    RequirementSpec(
        id="xx-md.category-1", kind=Kind.CATEGORY_MIN, credits=d("25"), credit_types=CATEGORY_1
    ),
    RequirementSpec(
        id="xx-md.category-2-cap",
        kind=Kind.CATEGORY_CAP,
        cap=d("20"),
        credit_types=frozenset(TYPES) - CATEGORY_1,
    ),
    topic("medical-ethics", "2"),
    topic("implicit-bias", "1", window=Window.ANNUAL),
    topic("domestic-violence", "1", window=Window.EVERY_N_YEARS, window_n=6),
    topic("child-abuse", "2", exclusive_group="g"),
    topic("opioid-prescribing", "2", exclusive_group="g", condition="dea_registrant"),
    cycle_years=3,
)
LOOKBACK_START = date(2020, 7, 31)  # six years before the cycle end


# Fast and small: the engine is exercised, not hypothesis; no example database on disk.
FAST = settings(max_examples=40, deadline=None, database=None)


@st.composite
def credits(
    draw: st.DrawFn, min_day: date = date(2018, 1, 1), max_day: date = date(2026, 12, 31)
) -> list[Credit]:
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(0, (max_day - min_day).days),
                st.sampled_from(TYPES),
                st.integers(1, 80),
                st.sets(st.sampled_from(TOPICS), max_size=2),
            ),
            max_size=12,
        )
    )
    return [
        Credit(
            activity_id=index,
            completed_on=min_day + timedelta(days=offset),
            credit_type=credit_type,
            credits=Decimal(quarters) / 4,
            topics=frozenset(topics),
        )
        for index, (offset, credit_type, quarters, topics) in enumerate(rows)
    ]


def statuses(report: ComplianceReport) -> dict[str, Status]:
    return {r.requirement_id: r.status for r in report.results}


@FAST
@given(st.data())
def test_permuting_credits_never_changes_the_report(data: st.DataObject) -> None:
    logged = data.draw(credits())
    shuffled = data.draw(st.permutations(logged))
    assert evaluate(RICH, FACTS, logged, AS_OF) == evaluate(RICH, FACTS, shuffled, AS_OF)


@FAST
@given(credits(), credits())
def test_adding_credits_never_turns_a_met_requirement_short(
    logged: list[Credit], more: list[Credit]
) -> None:
    extra = [
        Credit(1000 + c.activity_id, c.completed_on, c.credit_type, c.credits, c.topics)
        for c in more
    ]  # type: ignore[operator]
    before = statuses(evaluate(RICH, FACTS, logged, AS_OF))
    after = statuses(evaluate(RICH, FACTS, [*logged, *extra], AS_OF))
    for requirement_id, status in before.items():
        if status is Status.MET:
            assert after[requirement_id] is Status.MET, requirement_id


@FAST
@given(credits())
def test_earned_never_exceeds_the_credits_logged_in_the_window(logged: list[Credit]) -> None:
    report = evaluate(RICH, FACTS, logged, AS_OF)
    in_cycle = sum(
        (c.credits for c in logged if report.cycle_start < c.completed_on <= AS_OF), Decimal(0)
    )
    in_lookback = sum(
        (c.credits for c in logged if LOOKBACK_START < c.completed_on <= AS_OF), Decimal(0)
    )
    by_id = {c.activity_id: c for c in logged}
    for result in report.results:
        assert result.earned <= sum((by_id[i].credits for i in result.counted), Decimal(0))
        limit = in_lookback if result.requirement_id == "xx-md.domestic-violence" else in_cycle
        assert result.earned <= limit


@FAST
@given(st.data())
def test_credits_outside_every_window_never_count(data: st.DataObject) -> None:
    before = data.draw(credits(date(2010, 1, 1), LOOKBACK_START))
    after = data.draw(credits(AS_OF + timedelta(days=1), date(2030, 1, 1)))
    logged = [
        *before,
        *[
            Credit(500 + c.activity_id, c.completed_on, c.credit_type, c.credits, c.topics)
            for c in after
        ],
    ]  # type: ignore[operator]
    report = evaluate(RICH, FACTS, logged, AS_OF)
    for result in report.results:
        assert result.earned == 0
        assert result.counted == ()


@FAST
@given(credits())
def test_caps_are_respected(logged: list[Credit]) -> None:
    report = evaluate(RICH, FACTS, logged, AS_OF)
    results = {r.requirement_id: r for r in report.results}
    cap = results["xx-md.category-2-cap"]
    assert cap.earned <= d("20")
    capped = sum(
        (
            c.credits
            for c in logged
            if c.credit_type not in CATEGORY_1 and report.cycle_start < c.completed_on <= AS_OF
        ),
        Decimal(0),
    )
    uncapped = sum(
        (
            c.credits
            for c in logged
            if c.credit_type in CATEGORY_1 and report.cycle_start < c.completed_on <= AS_OF
        ),
        Decimal(0),
    )
    assert results["xx-md.total"].earned == uncapped + min(capped, d("20"))


@FAST
@given(credits(), st.integers(min_value=-400, max_value=400))
def test_a_day_later_never_turns_short_back_into_not_yet_due(logged: list[Credit], shift: int):
    # docs/api.md: a due date is due on its own day, and time only moves a requirement toward short.
    day = date(2026, 7, 31) + timedelta(days=shift)
    today = statuses(evaluate(RICH, FACTS, logged, day))
    tomorrow = statuses(evaluate(RICH, FACTS, logged, day + timedelta(days=1)))
    for req_id, status in today.items():
        if status is Status.SHORT:
            assert tomorrow[req_id] is not Status.NOT_YET_DUE, req_id
