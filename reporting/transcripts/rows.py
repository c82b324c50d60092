"""One activity as a transcript prints it: the facts, plus whether a certificate is on file."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ActivityRow:
    activity_id: int
    completed_on: datetime.date
    title: str
    provider: str
    credit_type: str  # the credit type's name ("AMA PRA Category 1")
    credits: Decimal
    topics: tuple[str, ...] = ()
    started_on: datetime.date | None = None
    has_certificate: bool = False
    credit_type_position: int = 0
