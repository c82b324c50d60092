"""A limit on what counts (a category cap) is neither met nor short: the page says what counts
and what does not, without a badge, and a zero limit says that nothing of it counts."""

from datetime import date

from reporting.compliance.presentation import heading, requirement_status_words, requirement_view
from reporting.engine import Kind, evaluate
from tests.engine.builders import credit, license, rules, total
from tests.engine.test_engine_requirements import AFTER_CYCLE, category_cap


def _cap_result(cap: str, *credits):  # type: ignore[no-untyped-def]
    report = evaluate(rules(total("40"), category_cap(cap)), license(), list(credits), AFTER_CYCLE)
    return next(r for r in report.results if r.kind is Kind.CATEGORY_CAP)


def test_a_limit_has_no_badge_and_says_what_does_not_count() -> None:
    result = _cap_result(
        "2",
        credit(1, date(2025, 1, 1), "3", credit_type="ama-pra-2"),
    )
    view = requirement_view(result)
    assert view.is_limit
    assert view.detail == (
        "At most 2.00 Category 2 credits count toward the total; "
        "1.00 of the 3.00 logged do not count."
    )
    assert requirement_status_words(result) == "Limit — some not counted"


def test_a_zero_limit_says_nothing_of_it_counts_never_at_most_zero() -> None:
    result = _cap_result("0", credit(1, date(2025, 1, 1), "3", credit_type="ama-pra-2"))
    view = requirement_view(result)
    assert "At most 0" not in view.detail
    assert view.detail == (
        "Category 2 credits do not count toward the total; the 3.00 logged are not counted."
    )
    assert view.is_limit


def test_a_limit_with_nothing_over_it_says_all_counted() -> None:
    result = _cap_result("24", credit(1, date(2025, 1, 1), "3", credit_type="ama-pra-2"))
    assert requirement_status_words(result) == "Limit — all counted"
    assert requirement_view(result).detail.endswith("3.00 logged, all counted.")


def test_a_limits_heading_names_its_size_and_a_zero_limit_says_not_counted() -> None:
    credits = [credit(1, date(2025, 1, 1), "3", credit_type="ama-pra-2")]
    assert heading(_cap_result("2", *credits)) == "Category 2, at most 2 credits"
    assert heading(_cap_result("0", *credits)) == "Category 2, not counted"
