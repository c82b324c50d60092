"""A claim made by e-mail joins the learner's record when they confirm that address."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.dispatch import receiver
from django.http import HttpRequest

from .services import claims_link_email


@receiver(email_confirmed)
def _link_claims(
    sender: Any, request: HttpRequest | None, email_address: EmailAddress, **kwargs: Any
) -> None:
    # Only a confirmed address proves the claims made with it are this person's.
    claims_link_email(user=email_address.user, email=email_address.email)
