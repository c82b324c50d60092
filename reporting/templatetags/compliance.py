from django import template

register = template.Library()

# Words and a symbol for every status, so colour is never the only signal.
STATUS_LABELS = {
    "met": ("✓", "Met"),
    "short": ("✗", "Short"),
    "not_yet_due": ("◔", "In progress"),
    "not_applicable": ("○", "Not required"),
}


@register.inclusion_tag("reporting/_status.html")
def status_badge(status: str, advisory: bool = False) -> dict[str, object]:
    symbol, label = STATUS_LABELS.get(str(status), ("?", str(status)))
    return {"status": str(status), "symbol": symbol, "label": label, "advisory": advisory}


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
