"""Plain provider-side facts for tests: the live ethics activity the browser journey offers."""

import datetime
from dataclasses import replace
from decimal import Decimal
from typing import Any

from providers.records import ActivityFacts, CertificateFacts, Designation, LearnerClaim

AMA_1 = Designation("ama-pra-1", "AMA PRA Category 1", Decimal("3.50"))


def activity(**changes: Any) -> ActivityFacts:
    base = ActivityFacts(
        provider_name="Riverside General Hospital",
        accme_provider_id="1234567",
        accreditation="accme",
        joint_providers=(),
        title="Ethics at the bedside",
        learning_format="live",
        learning_format_label="Live activity",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 1),
        location="Austin, TX",
        pars_activity_id="123456789",
        designations=(AMA_1,),
        topics=("ethics",),
    )
    return replace(base, **changes)


def claim(**changes: Any) -> LearnerClaim:
    base = LearnerClaim(
        first_name="Alice",
        last_name="Moreno",
        email="alice@example.com",
        degree="MD",
        npi="1234567893",
        birth_month=4,
        birth_day=9,
        license_state="TX",
        license_number="Q1234",
        credit_type_slug="ama-pra-1",
        credits=Decimal("3.00"),
        completed_on=datetime.date(2026, 5, 1),
        claimed_at=datetime.datetime(2026, 5, 1, 17, 30, tzinfo=datetime.UTC),
        verification_code="K7Q2M9XA",
        consented_to_pars=True,
    )
    return replace(base, **changes)


def certificate(**changes: Any) -> CertificateFacts:
    base = CertificateFacts(
        activity=activity(),
        learner_name="Alice Moreno",
        degree_label="MD",
        credits=Decimal("3.00"),
        credit_type_name="AMA PRA Category 1",
        completed_on=datetime.date(2026, 5, 1),
        verification_code="K7Q2M9XA",
        verification_url="https://cmetrack.example/verify/K7Q2M9XA/",
        issued_on=datetime.date(2026, 5, 2),
    )
    return replace(base, **changes)
