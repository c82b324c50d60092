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
        if row.cap is not None and row.cap == 0:
            return f"Credits of {subject or types} do not count toward the total"
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
    kind: str = ""  # "primary" (a law or rule), "board" (its pages), else "" (other sources)

    @property
    def kind_words(self) -> str:
        return _KIND_WORDS.get(self.kind, "")


def _day(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


# What a reader is told about a source: the research's own labels ("aggregator (third-party
# CSV ...)", "secondary") are notes for the people who curate the rule book, never shown.
_KIND_WORDS = {"primary": "the law or rule", "board": "the board"}


def _kind(item: dict[str, Any]) -> str:
    kind = str(item.get("kind") or "")
    if not kind:
        said = str(item.get("type") or "").split(" ", 1)[0].lower()
        kind = {
            "statute": "primary",
            "regulation": "primary",
            "rule": "primary",
            "law": "primary",
            "board": "board",
        }.get(said, "")
    return kind


def sources(items: list[Any], *, boards_own: bool = False) -> list[Source]:
    """The sources in plain words; `boards_own`: only the law, rule or board page itself
    (all of them if the research found none of those)."""
    out = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        kind = _kind(item)
        url = str(item.get("url") or "")
        label = str(item.get("citation") or item.get("title") or url or "source")
        source = Source(label, url, str(item.get("quote") or ""), _day(item.get("read_on")), kind)
        out.append(source)
    own = [source for source in out if source.kind in _KIND_WORDS]
    return own or out if boards_own else out
