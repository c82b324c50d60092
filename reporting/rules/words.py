"""A requirement row in plain words, for people who have not read the board's rule."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reporting import conditions
from reporting.engine import Kind, Window
from reporting.engine import explain as engine_words
from reporting.engine.vocabulary import credit_type_name
from reporting.models import Requirement

_WINDOWS = {
    Window.EVERY_CYCLE.value: "every renewal cycle",
    Window.ANNUAL.value: "every year",
    Window.ONE_TIME.value: "once",
    Window.FIRST_RENEWAL.value: "by the first renewal after licensure",
}


def _hours(value: Decimal | None) -> str:
    if value is None:
        return ""
    return engine_words.hours(value)


def when(row: Requirement) -> str:
    if row.window == Window.EVERY_N_YEARS.value:
        return f"every {row.window_n} years"
    if row.window == Window.EVERY_NTH_RENEWAL.value:
        start = "" if row.from_renewal <= 1 else f", from renewal {row.from_renewal}"
        return f"at every {_ordinal(row.window_n or 1)} renewal{start}"
    return _WINDOWS.get(row.window, row.window.replace("_", " "))


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def who(row: Requirement) -> str:
    """Who it applies to, from the condition's codes ("Everyone" for `all`)."""
    if row.condition == "all":
        return "Every licensee"
    vocabulary = conditions.conditions()
    groups = [
        " and ".join(
            vocabulary[code].description if code in vocabulary else code.replace("_", " ")
            for code in group.split(" and ")
        )
        for group in row.condition.split(" or ")
    ]
    return "; or ".join(groups)


def what(row: Requirement, type_names: dict[str, str]) -> str:
    """'2 h of medical ethics or professional responsibility, every renewal cycle'."""
    types = ", ".join(type_names.get(slug) or credit_type_name(slug) for slug in row.credit_types)
    subject = row.label or " or ".join(engine_words.topic_words(slug) for slug in row.topics)
    if row.kind == Kind.TOTAL.value:
        text = f"{_hours(row.credits)} credits in total, {when(row)}"
    elif row.kind == Kind.CATEGORY_MIN.value:
        text = f"At least {_hours(row.credits)} credits of {subject or types}, {when(row)}"
    elif row.kind == Kind.CATEGORY_CAP.value:
        return f"At most {_hours(row.cap)} credits of {subject or types} count toward the total"
    elif row.credits is None:
        text = f"A course on {subject}, {when(row)}"
    else:
        text = f"{_hours(row.credits)} h of {subject}, {when(row)}"
    if types and row.kind == Kind.TOPIC.value:
        text += f" ({types} only)"
    return text


@dataclass(frozen=True)
class Source:
    """Where a rule was read, whatever shape the research gave it."""

    label: str
    url: str
    quote: str
    read_on: datetime.date | None
    kind: str = ""  # statute, rule, board page... as the research named it


def _day(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def sources(items: list[Any]) -> list[Source]:
    out = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        url = str(item.get("url") or "")
        label = str(item.get("citation") or item.get("title") or url or "source")
        kind = str(item.get("type") or "")
        out.append(
            Source(label, url, str(item.get("quote") or ""), _day(item.get("read_on")), kind)
        )
    return out
