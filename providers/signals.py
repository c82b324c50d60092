"""A claim made by e-mail joins the learner's record once that address is proven theirs: when
they confirm it, or when they sign in to an account where it is already confirmed."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from .services import claims_link_email


@receiver(email_confirmed)
def _link_claims(
    sender: Any, request: HttpRequest | None, email_address: EmailAddress, **kwargs: Any
) -> None:
    # Only a confirmed address proves the claims made with it are this person's.
    claims_link_email(user=email_address.user, email=email_address.email)


@receiver(user_logged_in)
def _link_claims_on_sign_in(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    # Someone who claimed by e-mail and already had an account with that (confirmed) address
    # finds the claim in their record the next time they sign in.
    for address in EmailAddress.objects.filter(user=user, verified=True):
        claims_link_email(user=user, email=address.email)
