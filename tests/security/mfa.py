"""Staff need an authenticator for the admin (cmetrack.middleware.StaffAdminMfaMiddleware)."""

import time

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)


def enable_totp(user):  # type: ignore[no-untyped-def]
    """Give the user an activated TOTP authenticator; returns the secret for code generation."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The authenticator's code for the current 30-second step."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
