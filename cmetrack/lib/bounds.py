"""Sane bounds for dates and numbers that come from people: forms, the API, CSV and imports.

One physician's typo must never reach code that does date arithmetic for everyone: a license
"first issued 0001-01-01" makes `date - timedelta(...)` raise in the nightly re-evaluation and
the reminders, which then stop for every user. Each validator raises Django's
`ValidationError` with a message a clinician can act on, so forms, the API and imports show it
as it is. Imports nothing but Django's exception types.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

# Nobody alive was licensed, born or trained before 1900, and no licence runs past 2100: a date
# outside this range is a typo, and keeping it out leaves room for cycle arithmetic either side.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def _as_text(day: datetime.date) -> str:
    return day.isoformat()


def validate_sane_date(value: datetime.date | None) -> None:
    """Refuse a date before 1900 or after 2100 (a typo, and a trap for date arithmetic)."""
    if value is None:
        return
    if not isinstance(value, datetime.date):
        raise ValidationError("Enter a valid date.", code="invalid")
    if value < EARLIEST_DATE or value > LATEST_DATE:
        raise ValidationError(
            f"Please check this date: it must be between {_as_text(EARLIEST_DATE)} "
            f"and {_as_text(LATEST_DATE)}.",
            code="date_out_of_range",
        )


def validate_not_future(value: datetime.date | None, *, today: datetime.date) -> None:
    """Refuse a date after `today` (something completed or a birth cannot lie ahead)."""
    if value is not None and value > today:
        raise ValidationError("This date cannot be in the future.", code="date_in_future")


def validate_past_date(value: datetime.date | None) -> None:
    """A sane date that is not later than today (local date): birth dates and the like."""
    from django.utils import timezone  # settings must be ready; validators run after that

    validate_sane_date(value)
    validate_not_future(value, today=timezone.localdate())


def date_or_none(value: object) -> datetime.date | None:
    """`value` if it is a date inside the sane range, else None: for code that must not raise."""
    if not isinstance(value, datetime.date):
        return None
    return value if EARLIEST_DATE <= value <= LATEST_DATE else None


def shift_days(day: datetime.date, days: int) -> datetime.date | None:
    """`day + days`, or None where the result would leave the calendar (year 1 to 9999)."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return None


def validate_decimal_range(
    value: Decimal | int | str | None, *, minimum: Decimal, maximum: Decimal, label: str
) -> None:
    """Refuse a number that is not finite or lies outside [minimum, maximum]."""
    if value is None:
        return
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"Enter a number for {label}.", code="invalid") from None
    if not number.is_finite():
        raise ValidationError(f"Enter a number for {label}.", code="invalid")
    if number < minimum or number > maximum:
        raise ValidationError(
            f"{label[:1].upper()}{label[1:]} must be between {minimum} and {maximum}.",
            code="number_out_of_range",
        )


def validate_int_range(value: int | None, *, minimum: int, maximum: int, label: str) -> None:
    """Refuse an integer outside [minimum, maximum] (page numbers, counts, days)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"Enter a whole number for {label}.", code="invalid")
    if value < minimum or value > maximum:
        raise ValidationError(
            f"{label[:1].upper()}{label[1:]} must be between {minimum} and {maximum}.",
            code="number_out_of_range",
        )
