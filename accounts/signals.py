"""allauth's account events, handed to our services (no logic here)."""

from typing import Any

from allauth.account import signals
from django.dispatch import receiver

from . import services


@receiver(signals.password_changed)
@receiver(signals.password_reset)
@receiver(signals.password_set)
def _password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.api_tokens_end_all(user=user, request=request)


@receiver(signals.email_added)
def _email_added(sender: Any, request: Any, user: Any, email_address: Any, **kwargs: Any) -> None:
    services.email_added_notify(user=user, added=email_address.email, request=request)
