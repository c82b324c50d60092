"""Signing in with an organization's own identity provider (OpenID Connect), one per organization.

Site staff add the provider in the admin as a social application: provider "OpenID Connect",
provider id = the organization's slug, the client id and secret the organization's IT gives,
and `{"server_url": "https://idp.example.org/..."}` as settings. Staff, not the organization's
owners, decide: the provider is trusted to say who a person is, and a provider that lies could
otherwise open accounts in any name. allauth does the protocol (discovery, state, nonce, PKCE,
the id_token's checks); this module only narrows what the provider is trusted with:

- the account it opens or signs into is the person's own: the organization gains no access to
  it (that takes a consent, as for anyone else), and no membership comes with it;
- it vouches for who signs in, never for an e-mail address: it is not connected by address to
  an existing account (whoever owns that account signs in as usual and connects it), and a new
  account confirms its address by mail, so a provider cannot put a name on someone else's
  mailbox;
- two-factor authentication still applies after it (allauth's login stages run for it too).
"""

from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.forms import SignupForm
from allauth.socialaccount.models import SocialApp, SocialLogin
from django import forms
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse

from accounts.emails import LOOKALIKE_MESSAGE, email_normalise
from accounts.selectors import email_lookalike_taken

from .models import Organization

PROVIDER = "openid_connect"


def organization_identity_provider(*, organization: Organization) -> SocialApp | None:
    """The organization's sign-in provider, if site staff configured one."""
    return SocialApp.objects.filter(provider=PROVIDER, provider_id=organization.slug).first()


def organization_sign_in_url(*, organization: Organization, connect: bool = False) -> str:
    """Where signing in through the organization's provider starts (allauth's own view); with
    `connect`, the trip connects the provider to the account already signed in instead."""
    url = reverse("openid_connect_login", kwargs={"provider_id": organization.slug})
    return f"{url}?process=connect" if connect else url


def organization_for_sign_in(*, name: str) -> Organization | None:
    """The organization, by its short name (slug) or full name, that has its own sign-in."""
    name = name.strip()
    if not name:
        return None
    with_provider = SocialApp.objects.filter(provider=PROVIDER).values("provider_id")
    return (
        Organization.objects.filter(Q(slug__iexact=name) | Q(name__iexact=name))
        .filter(slug__in=with_provider)
        .order_by("pk")
        .first()
    )


class OrganizationSignInAdapter(DefaultSocialAccountAdapter):
    """allauth's social accounts, limited to organizations' OpenID Connect providers."""

    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: Any = None
    ) -> list[SocialApp]:
        # Only a provider that names an existing organization works; any other configuration
        # (a typo in the slug, an organization since removed) is as if it did not exist (404).
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        slugs = set(
            Organization.objects.filter(
                slug__in=[app.provider_id for app in apps if app.provider == PROVIDER]
            ).values_list("slug", flat=True)
        )
        return [app for app in apps if app.provider == PROVIDER and app.provider_id in slugs]

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.is_existing:
            return
        # A new connection: the provider's word on an address is not proof of the mailbox.
        for address in sociallogin.email_addresses:
            address.email = email_normalise(address.email)
            address.verified = False
        if sociallogin.user.email:
            sociallogin.user.email = email_normalise(sociallogin.user.email)


class OrganizationSignupForm(SignupForm):
    """The one-step form before a new account opens through a provider: the same address rules
    as signing up with a password (normalised, no look-alike of an existing account)."""

    def clean_email(self) -> str:
        value: str = super().clean_email()
        if value and email_lookalike_taken(email=value):
            raise forms.ValidationError(LOOKALIKE_MESSAGE, code="lookalike")
        return value
