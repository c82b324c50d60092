"""The demo physician that `make run` signs you in as; later apps add their records."""

import datetime

from allauth.account.models import EmailAddress

from .models import Degree, Profile, User

DEMO_EMAIL = "demo@cmetrack.example"
DEMO_PASSWORD = "demo-cme-track-2026"  # noqa: S105 - a published demo credential, local only


def demo_physician_create(*, email: str, password: str) -> User:
    """Create the demo user with a verified address and a filled-in profile (idempotent)."""
    user, _ = User.objects.get_or_create(email=email)
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "full_name": "Dana Rivera, MD",
            "degree": Degree.MD,
            "npi": "1234567893",
            "birth_date": datetime.date(1980, 4, 12),
            "specialty": "Internal Medicine",
        },
    )
    return user
