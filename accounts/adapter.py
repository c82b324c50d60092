"""allauth, customised: every e-mail address is normalised on its way in, and every e-mail we
send speaks as CME Track from the site's public address (SITE_URL)."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .emails import email_normalise

SITE_NAME = "CME Track"


@dataclass(frozen=True)
class PublicSite:
    """What allauth's templates call `current_site`: our name and the public address, never
    the host a request happened to arrive on (a local port, a proxy's inside name)."""

    name: str
    domain: str


def public_url(url: str) -> str:
    """`url`'s path (and query) on the public address: links in e-mails go where people are."""
    site = urlsplit(settings.SITE_URL.rstrip("/"))
    bits = urlsplit(url)
    return urlunsplit((site.scheme, site.netloc, site.path + bits.path, bits.query, bits.fragment))


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # Sign-up, adding an address, a reset request: one stored form for one mailbox.
        return email_normalise(super().clean_email(email))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        site_url = settings.SITE_URL.rstrip("/")
        context = {
            **context,
            # Confirmation, reset and sign-up links, built from the request, move to SITE_URL.
            **{
                key: public_url(value)
                for key, value in context.items()
                if key.endswith("_url") and isinstance(value, str) and "://" in value
            },
            "current_site": PublicSite(name=SITE_NAME, domain=urlsplit(site_url).netloc),
            "site_name": SITE_NAME,
            "site_url": site_url,
        }
        super().send_mail(template_prefix, email, context)
