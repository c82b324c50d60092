"""Credits earned over a license's cycle against the pace needed to finish on time.

Pure functions over the engine's report: no database, no templates. `cycle_progress` gives the
numbers (a cumulative step line of credits counted toward the total, and the straight "pace"
line from nothing at the cycle's start to the required total at its end); `progress_chart`
turns them into the coordinates of a small inline SVG drawn by the dashboard's license card.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from reporting.engine import ActivityId, ComplianceReport, Credit, Kind, explain

ZERO = Decimal(0)


@dataclass(frozen=True)
class ProgressPoint:
    on: datetime.date
    # Cumulative credits counted toward the total at the end of that day. A float: the point
    # only places the line on the chart; the words use `CycleProgress.earned`, exact.
    credits: float


@dataclass(frozen=True)
class CycleProgress:
    cycle_start: datetime.date
    cycle_end: datetime.date
    as_of: datetime.date
    required: Decimal
    # The first point is the cycle's start (carry-over, if any), then at most one a week: the
    # day of the week's last credit with the total at its end (a credit after today starts a
    # point of its own, so the line up to today ends at today's total).
    points: tuple[ProgressPoint, ...]
    earned: Decimal  # counted toward the total by `today`, exact

    def earned_on(self, day: datetime.date) -> float:
        """The line's height on `day` (as drawn: the week's total from its last credit)."""
        earned = 0.0
        for point in self.points:
            if point.on > day:
                break
            earned = point.credits
        return earned

    def pace_on(self, day: datetime.date) -> Decimal:
        """What someone spreading the required total evenly over the cycle has by `day`."""
        length = (self.cycle_end - self.cycle_start).days
        if length <= 0 or day >= self.cycle_end:
            return self.required
        if day <= self.cycle_start:
            return ZERO
        return self.required * Decimal((day - self.cycle_start).days) / Decimal(length)

    @property
    def today(self) -> datetime.date:
        """`as_of`, held inside the cycle (a finished cycle is judged at its end)."""
        return _within(self.as_of, self.cycle_start, self.cycle_end)

    @property
    def pace_today(self) -> Decimal:
        return self.pace_on(self.today)

    @property
    def on_pace(self) -> bool:
        return self.earned >= self.pace_today

    @cached_property
    def summary(self) -> str:
        """The chart in words, for screen readers and anyone who would rather read."""
        have = f"You have {_number(self.earned)} of {_number(self.required)} credits"
        if self.earned >= self.required:
            return f"{have}: the total for this cycle is reached."
        if self.as_of >= self.cycle_end:
            return f"{have}; the cycle ended on {self.cycle_end:%-d %b %Y}."
        pace = f"on pace you would have {_number(self.pace_today)} by today"
        verdict = "you are on pace" if self.on_pace else "you are behind the pace"
        return f"{have}; {pace}, so {verdict}."


def _within(day: datetime.date, first: datetime.date, last: datetime.date) -> datetime.date:
    return min(max(day, first), last)


def _number(value: Decimal) -> str:
    """18 -> "18", 26.544 -> "26.54": two places as everywhere else, a whole number without."""
    return explain.hours(value.quantize(Decimal("0.01")))


def _completed_on(credit: Credit) -> datetime.date:
    return credit.completed_on


def cycle_progress(
    report: ComplianceReport | None, credits: Mapping[ActivityId, Credit]
) -> CycleProgress | None:
    """Cumulative credits counted toward the cycle's total requirement, by completion date.

    None when the rules set no total for this cycle. Credits the engine counted only in part
    (a category cap) are clipped so the line ends at the total the engine reports; credit
    carried over from the previous cycle is already there on the cycle's first day.
    """
    if report is None:
        return None
    total = next(
        (r for r in report.results if r.kind == Kind.TOTAL and r.required),
        None,
    )
    if total is None or total.required is None:
        return None
    start = report.cycle_start
    today = _within(report.as_of, start, report.cycle_end)
    # Sorted by day only: the order of one day's credits does not change that day's total.
    counted = sorted((credits[i] for i in total.counted if i in credits), key=_completed_on)
    counted_sum = sum((credit.credits for credit in counted), ZERO)
    carried = max(ZERO, total.earned - counted_sum)  # carry-over into this cycle
    # Each running total is clipped to what the engine counted: credits are positive, so
    # clipping the sum once equals clipping after every credit.
    ceiling = float(total.earned)
    running = first = float(carried)
    weeks: dict[tuple[int, bool], tuple[datetime.date, float]] = {}
    for credit in counted:
        running += float(credit.credits)
        day = credit.completed_on
        if day <= start:
            first = running
        else:
            weeks[((day - start).days // 7, day > today)] = (day, running)
    if not counted or counted[-1].completed_on <= today:
        earned = min(total.earned, carried + counted_sum)
    else:
        earned = min(
            total.earned,
            carried + sum((c.credits for c in counted if c.completed_on <= today), ZERO),
        )
    return CycleProgress(
        cycle_start=start,
        cycle_end=report.cycle_end,
        as_of=report.as_of,
        required=total.required,
        points=(
            ProgressPoint(on=start, credits=min(first, ceiling)),
            *(ProgressPoint(on=day, credits=min(value, ceiling)) for day, value in weeks.values()),
        ),
        earned=earned,
    )


# --- The picture: coordinates for a small inline SVG --------------------------------------
@dataclass(frozen=True)
class ProgressChart:
    """Every attribute the SVG needs, computed here so that the template only prints them."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    earned_path: str  # a step line of cumulative credits up to today
    pace_path: str  # the straight line from (start, 0) to (end, required)
    today_x: float
    required_y: float
    top_label: str
    right: int  # left + plot_width
    bottom: int  # top + plot_height
    label_x: int  # where the y-axis labels end
    axis_y: int  # the baseline of the x-axis labels
    start_label: str  # the cycle's first month ("Jan 2025") under the x axis
    end_label: str  # its last month
    summary: str  # the chart in words (`CycleProgress.summary`)


def progress_chart(
    progress: CycleProgress, *, width: int = 320, height: int = 150
) -> ProgressChart:
    left, right, top, bottom = 34, 8, 10, 24
    plot_width, plot_height = width - left - right, height - top - bottom
    start, end = progress.cycle_start, progress.cycle_end
    days = max(1, (end - start).days)
    required = float(progress.required)
    ceiling = max(required, progress.points[-1].credits, 1.0)
    per_day = plot_width / days  # floats: a card's chart is a few hundred pixels wide

    def x(day: datetime.date) -> float:
        return round(left + per_day * (day - start).days, 1)

    def y(value: float) -> float:
        return round(top + plot_height * (1 - value / ceiling), 1)

    today = progress.today
    # The points are already at most one a week (`cycle_progress`).
    steps = [f"M{x(start)} {y(progress.points[0].credits)}"]
    for point in progress.points[1:]:
        if point.on > today:
            break
        steps.append(f"H{x(point.on)} V{y(point.credits)}")
    steps.append(f"H{x(today)}")
    return ProgressChart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_width,
        plot_height=plot_height,
        earned_path=" ".join(steps),
        pace_path=f"M{x(start)} {y(0.0)} L{x(end)} {y(required)}",
        today_x=x(today),
        required_y=y(required),
        top_label=_number(progress.required),
        right=left + plot_width,
        bottom=top + plot_height,
        label_x=left - 4,
        axis_y=height - 6,
        start_label=f"{start:%b %Y}",
        end_label=f"{end:%b %Y}",
        summary=progress.summary,
    )
