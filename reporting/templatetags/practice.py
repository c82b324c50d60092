"""The profile page's "Your practice" section: the profile lives in accounts, which knows
nothing of the rules' questions, so this app draws the section into it."""

from typing import Any

from django import template

from reporting.licenses.forms import practice_form

register = template.Library()


@register.inclusion_tag("reporting/licenses/_practice_form.html", takes_context=True)
def practice_section(context: template.Context) -> dict[str, Any]:
    return {"form": practice_form(context["request"].user), "csrf_token": context.get("csrf_token")}
