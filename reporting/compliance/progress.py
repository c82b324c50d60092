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

from reporting.engine import ActivityId, ComplianceReport, Credit, Kind, explain

ZERO = Decimal(0)


@dataclass(frozen=True)
class ProgressPoint:
    on: datetime.date
    credits: Decimal  # cumulative, counted toward the total, at the end of that day


@dataclass(frozen=True)
class CycleProgress:
    cycle_start: datetime.date
    cycle_end: datetime.date
    as_of: datetime.date
    required: Decimal
    points: tuple[ProgressPoint, ...]  # first point is the cycle's start (carry-over, if any)

    def earned_on(self, day: datetime.date) -> Decimal:
        earned = ZERO
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
        return min(max(self.as_of, self.cycle_start), self.cycle_end)

    @property
    def earned(self) -> Decimal:
        return self.earned_on(self.today)

    @property
    def pace_today(self) -> Decimal:
        return self.pace_on(self.today)

    @property
    def on_pace(self) -> bool:
        return self.earned >= self.pace_today

    @property
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


def _number(value: Decimal) -> str:
    """18 -> "18", 26.544 -> "26.54": two places as everywhere else, a whole number without."""
    return explain.hours(value.quantize(Decimal("0.01")))


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
    counted = sorted(
        (credits[i] for i in total.counted if i in credits),
        key=lambda credit: (credit.completed_on, credit.activity_id),
    )
    counted_sum = sum((credit.credits for credit in counted), ZERO)
    running = max(ZERO, total.earned - counted_sum)  # carry-over into this cycle
    by_day: dict[datetime.date, Decimal] = {report.cycle_start: running}
    for credit in counted:
        running = min(running + credit.credits, total.earned)
        day = max(credit.completed_on, report.cycle_start)
        by_day[day] = running
    points = tuple(ProgressPoint(on=day, credits=value) for day, value in sorted(by_day.items()))
    return CycleProgress(
        cycle_start=report.cycle_start,
        cycle_end=report.cycle_end,
        as_of=report.as_of,
        required=total.required,
        points=points,
    )


# --- The picture: coordinates for a small inline SVG --------------------------------------
@dataclass(frozen=True)
class ProgressChart:
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
    # The SVG's derived attributes, computed here once rather than by template filters.
    right: int = 0  # left + plot_width
    bottom: int = 0  # top + plot_height
    label_x: int = 0  # where the y-axis labels end
    axis_y: int = 0  # the baseline of the x-axis labels


def progress_chart(
    progress: CycleProgress, *, width: int = 320, height: int = 150
) -> ProgressChart:
    left, right, top, bottom = 34, 8, 10, 24
    plot_width, plot_height = width - left - right, height - top - bottom
    days = max(1, (progress.cycle_end - progress.cycle_start).days)
    ceiling = float(max(progress.required, progress.points[-1].credits, Decimal(1)))
    per_day = plot_width / days  # floats: a card's chart is a few hundred pixels wide
    start = progress.cycle_start

    def x(day: datetime.date) -> float:
        return round(left + per_day * (day - start).days, 1)

    def y(value: Decimal) -> float:
        return round(top + plot_height * (1 - float(value) / ceiling), 1)

    today = progress.today
    steps = [f"M{x(start)} {y(progress.points[0].credits)}"]
    # At most one step a week (the week's last total): a long record would otherwise draw a
    # step per day with credits, more than the card's pixels can show.
    weekly: dict[int, ProgressPoint] = {}
    for point in progress.points[1:]:
        if point.on > today:
            break
        weekly[(point.on - start).days // 7] = point
    for point in weekly.values():
        steps.append(f"H{x(point.on)} V{y(point.credits)}")
    steps.append(f"H{x(today)}")
    pace = f"M{x(progress.cycle_start)} {y(ZERO)} L{x(progress.cycle_end)} {y(progress.required)}"
    return ProgressChart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_width,
        plot_height=plot_height,
        earned_path=" ".join(steps),
        pace_path=pace,
        today_x=x(today),
        required_y=y(progress.required),
        top_label=_number(progress.required),
        right=left + plot_width,
        bottom=top + plot_height,
        label_x=left - 4,
        axis_y=height - 6,
    )
