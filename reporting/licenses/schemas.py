"""A license as the API answers with it and the export writes it (licenses.json).

Both share the license's own facts under the same names. They differ in the conditions: the
API says what is true for the license once the profile's practice facts are counted (and what
is still unanswered), the export keeps the license's own answers, which is what an import
restores. Field names are a public contract: change them only with a new export VERSION.
"""

import datetime
from typing import Any

from ninja import Field, Schema

from reporting.models import License


class LicenseFacts(Schema):
    id: int
    board: str
    number: str
    issued_on: datetime.date
    expires_on: datetime.date
    cycle_start: datetime.date | None
    cycle_end: datetime.date | None


class LicenseOut(LicenseFacts):
    conditions: list[str] = Field(
        description="Condition codes that are true for this license (its own answers, the "
        "profile's practice facts and derived ones)."
    )
    derived_conditions: list[str] = Field(
        description="Read-only: conditions the server derived (a US-DEA license in the account "
        "implies dea_registrant)."
    )
    unanswered: list[str] = Field(
        description="Conditions the board's rules ask about that have no answer yet."
    )


class LicenseRecord(LicenseFacts):
    conditions: list[str]  # the codes this license itself answered Yes
    condition_answers: dict[str, bool]


def license_facts(license: License) -> dict[str, Any]:
    """The license's own facts as LicenseFacts' fields (the board by its code)."""
    return {
        "id": license.pk,
        "board": license.board.code,
        "number": license.number,
        "issued_on": license.issued_on,
        "expires_on": license.expires_on,
        "cycle_start": license.cycle_start,
        "cycle_end": license.cycle_end,
    }


def license_record(license: License) -> LicenseRecord:
    """The license as the export writes it."""
    return LicenseRecord(
        **license_facts(license),
        conditions=list(license.conditions),
        condition_answers=dict(license.condition_answers),
    )
