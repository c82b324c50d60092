"""A deployment check on the address every transcript prints for credentialing offices."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def site_url_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """SITE_URL is the public https address: PDFs carry it in their verification link and QR
    code for years after they are made, so a development default there reaches nobody."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.netloc:
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL!r}, not the site's public https address.",
            hint="Set SITE_URL (e.g. https://cme.example.org): every transcript prints it in "
            "its verification link and QR code.",
            id="reporting.W001",
        )
    ]
