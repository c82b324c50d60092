"""Words for the sharing pages: a license as an office and the physician both name it."""

from django import template

from reporting.models import License

from ..states import license_label as label

register = template.Library()


@register.filter
def license_label(license: License) -> str:
    """ "Texas license Q58213" (the board's state, then the number)."""
    return label(state=license.board.state, number=license.number)
