"""The clinician's profile as the API answers with it and the export writes it (profile.json).

The export adds what only a restore needs (paper size, reminders, the practice facts). Field
names are a public contract: change them only with a new export VERSION.
"""

import datetime
from typing import Any

from ninja import Schema

from .models import Degree, Profile, User


class ProfileOut(Schema):
    email: str
    full_name: str
    degree: Degree
    npi: str
    birth_date: datetime.date | None
    specialty: str


class ProfileRecord(ProfileOut):
    paper_size: str
    reminders_enabled: bool
    practice_facts: dict[str, Any]


def profile_out(user: User, profile: Profile) -> ProfileOut:
    return ProfileOut(**_profile_fields(user, profile))


def profile_record(user: User, profile: Profile) -> ProfileRecord:
    """The profile as the export writes it, practice facts in code order."""
    return ProfileRecord(
        **_profile_fields(user, profile),
        paper_size=profile.paper_size,
        reminders_enabled=profile.reminders_enabled,
        practice_facts=dict(sorted((profile.practice_facts or {}).items())),
    )


def _profile_fields(user: User, profile: Profile) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": profile.full_name,
        "degree": Degree(profile.degree),
        "npi": profile.npi,
        "birth_date": profile.birth_date,
        "specialty": profile.specialty,
    }
