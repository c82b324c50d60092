"""List filters for the rule tables."""

import calendar
import datetime
from typing import cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from reporting.models import Board


# --- List filters ---------------------------------------------------------------------------
class BoardStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"
    field = "board__state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        states = Board.objects.order_by("state").values_list("state", flat=True).distinct()
        return [(state, state) for state in states]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


def _months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


class VerifiedBeforeFilter(admin.SimpleListFilter):
    title = "last verified"
    parameter_name = "verified"
    MONTHS = {"6m": 6, "1y": 12, "2y": 24}

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("6m", "more than 6 months ago"),
            ("1y", "more than a year ago"),
            ("2y", "more than 2 years ago"),
            ("never", "never"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "never":
            return queryset.filter(verified_on__isnull=True)
        if self.value() in self.MONTHS:
            cutoff = _months_before(timezone.localdate(), self.MONTHS[cast(str, self.value())])
            return queryset.filter(verified_on__lt=cutoff)
        return queryset
