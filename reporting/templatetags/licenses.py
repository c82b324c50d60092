"""The license pages' markup written in Python (`reporting.licenses.markup`): a dashboard card,
a license's verdict, its requirement lines and their lists of credits."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from reporting.licenses import chart, markup

register = template.Library()


@register.simple_tag
def license_card(item: Any) -> markup.Card:
    return markup.license_card(item)


@register.simple_tag
def progress_chart(item: Any) -> SafeString:
    return chart.progress_chart_markup(item)


@register.simple_tag
def license_verdict_block(
    item: Any, show_badge: bool = False, read_only: bool = False
) -> SafeString:
    """The whole license's verdict; `read_only` drops the links to where questions are answered."""
    # Escaped value by value in `markup`.
    return mark_safe(  # noqa: S308 # nosec B308 B703
        markup.verdict_block(item, show_badge=bool(show_badge), read_only=bool(read_only))
    )


@register.simple_tag
def requirement_head(line: Any, item: Any, read_only: bool = False) -> SafeString:
    """A requirement line's name, size and status, then what the engine found."""
    # Escaped value by value in `markup`.
    return mark_safe(  # noqa: S308 # nosec B308 B703
        markup.requirement_head(line.result, item, read_only=bool(read_only))
    )


@register.simple_tag
def requirement_lines_on_demand(
    item: Any, as_of: Any = None, what_if_query: str = "", read_only: bool = False
) -> SafeString:
    """The owner's license page's requirement lines, their lists fetched when opened."""
    # Escaped value by value in `markup`.
    return mark_safe(  # noqa: S308 # nosec B308 B703
        markup.requirement_lines_on_demand(
            item,
            as_of=as_of or None,
            what_if_query=str(what_if_query or ""),
            read_only=bool(read_only),
        )
    )


@register.simple_tag
def requirement_lines_read_only(item: Any, hide_activities: bool = False) -> SafeString:
    """The requirement lines of a page someone the physician shares with reads: no links to
    edit or attest, the lists of credits inline (none for a status-only consent)."""
    # Escaped value by value in `markup`.
    return mark_safe(  # noqa: S308 # nosec B308 B703
        markup.requirement_lines_read_only(item, hide_activities=bool(hide_activities))
    )


@register.simple_tag
def requirement_credit_lists(line: Any, item: Any) -> SafeString:
    """A requirement's credits counted, carried over and not counted, with the reasons."""
    # Escaped value by value in `markup`.
    return mark_safe(markup.credit_lists(line, item))  # noqa: S308 # nosec B308 B703
