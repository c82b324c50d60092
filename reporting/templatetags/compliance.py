import datetime
import functools
from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.utils import dateformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from reporting.compliance import presentation
from reporting.engine import ComplianceReport, Credit, RequirementResult
from reporting.rules import words

register = template.Library()


@register.filter
def readable_sources(items: list[Any]) -> list[words.Source]:
    """A license's rule set's sources: the board's own (law, rule or board page), each with
    its citation, quote and the date it was read."""
    return words.sources(items, boards_own=True)


@register.filter
def first_day(span_start: datetime.date) -> datetime.date:
    """A cycle's first day: the engine's spans are (start, end], so the day after `start`."""
    return span_start + datetime.timedelta(days=1)


ADVISORY = (
    ' <span class="badge badge-advisory" title="Rests on secondary or conflicting sources: shown'
    ' as a warning, never counted against you.">Advisory</span>'
)


@functools.lru_cache(maxsize=64)
def badge_markup(badge: presentation.Badge, advisory: bool = False) -> SafeString:
    """A status badge, the markup of reporting/compliance/_status.html, written once per badge.

    A card shows one per requirement; including the template for each cost more than the
    rest of the line."""
    # The badges are our own constants, escaped all the same.
    return mark_safe(  # noqa: S308 # nosec B308 B703
        f'<span class="status status-{escape(badge.style)}"><span aria-hidden="true">'
        f"{escape(badge.symbol)}</span> {escape(badge.words)}</span>"
        f"{ADVISORY if advisory else ''}\n"
    )


@register.simple_tag
def license_status_badge(report: ComplianceReport | None) -> SafeString:
    """The whole license's status in words; a license with no rules on file included."""
    return badge_markup(presentation.verdict(report).badge)


@register.filter
def requirement_heading(result: RequirementResult) -> str:
    return presentation.heading(result)


@register.filter
def credit_type_words(code: str) -> str:
    return presentation.credit_type_words(str(code))


@register.filter
def topic_words(codes: list[str]) -> str:
    return presentation.topic_words(list(codes or ()))


@register.filter
def credits(value: object) -> str:
    """2 decimal places, the way boards print credits."""
    if value is None:
        return "—"
    return f"{value:.2f}"


@register.filter
def web_address(value: object) -> str:
    """The URL if it is a web address, else "": rule-set sources are staff-edited data, and a
    `javascript:` URL among them must stay text, never become a link."""
    url = str(value or "")
    return url if url.lower().startswith(("https://", "http://")) else ""


@register.simple_tag
def sources_list(sources: Iterable[words.Source]) -> SafeString:
    """A rule set's sources as a list: each label a link when its address is a web address.

    A license page judged after a change drew them through a template, with a filter or two
    per source, for every rule set of every page; they only change with the rule book, so
    each rule set's list is written once per process."""
    return _sources_markup(tuple(sources))


@functools.lru_cache(maxsize=512)
def _sources_markup(sources: tuple[words.Source, ...]) -> SafeString:
    # The markup of the `reporting/rules/_sources.html` template this replaced, whitespace
    # included, but for its last line end, which the template that calls this still writes;
    # every value goes through `escape`, which is Django's autoescape (staff edit the sources:
    # tests/reporting/licenses/test_sources_markup.py).
    if not sources:
        return mark_safe("\n")  # nosec B308 B703
    items = []
    for source in sources:
        label = escape(Truncator(source.label).chars(90))
        link = web_address(source.url)
        title = (
            f'<a href="{escape(link)}" rel="noopener noreferrer nofollow">{label}</a>'
            if link
            else label
        )
        kind = (
            f'<span class="muted">({escape(source.kind_words)})</span>' if source.kind_words else ""
        )
        quote = f"<q>{escape(source.quote)}</q>" if source.quote else ""
        read = (
            f'<span class="muted">read {date_words(source.read_on)}</span>'
            if source.read_on
            else ""
        )
        items.append(
            f"\n      <li>\n        {title}\n        {kind}\n        {quote}\n"
            f"        {read}\n      </li>\n    "
        )
    return mark_safe(  # noqa: S308 # nosec B308 B703
        '\n\n  <ul class="sources">\n    ' + "".join(items) + "\n  </ul>\n"
    )


@functools.lru_cache(maxsize=4096)
def date_words(value: datetime.date) -> str:
    """A date as the pages print it ("1 Mar 2026"), formatted once per date and process."""
    return dateformat.format(value, "j M Y")


def counted_items(counted: list[Credit]) -> SafeString:
    """The `<li>`s of a requirement's counted credits, written in one pass (for
    `reporting.licenses.markup.credit_lists`).

    A license page lists hundreds of them (the total, then each category, list the same
    credits); a template per item with four filters each was most of the page's time, and
    `format_html` per item most of what was left. Every value is escaped exactly as the
    template would (Django's `escape` is `html.escape`)."""
    # Every value below is escaped (or is a date or a number we formatted).
    return mark_safe(  # noqa: S308 # nosec B308 B703
        "".join(
            f"<li>{date_words(c.completed_on)} — {escape(c.title)} ({credits(c.credits)} "
            f"{escape(credit_type_words(c.credit_type))})</li>"
            for c in counted
        )
    )


def uncounted_items(uncounted: list[tuple[Credit, str]]) -> SafeString:
    """The `<li>`s of the credits a requirement did not count, with the reason."""
    # Every value below is escaped (or is a number we formatted).
    return mark_safe(  # noqa: S308 # nosec B308 B703
        "".join(
            f"<li>{escape(c.title)} ({credits(c.credits)}): {escape(reason)}</li>"
            for c, reason in uncounted
        )
    )
