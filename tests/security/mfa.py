"""Staff need an authenticator for the admin (cmetrack.middleware.StaffAdminMfaMiddleware)."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret


def enable_totp(user):  # type: ignore[no-untyped-def]
    """Give the user an activated TOTP authenticator; returns the secret for code generation."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
