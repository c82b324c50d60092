"""Three physicians' records a board auditor would ask about, for the ledger and packet tests.

- Texas (carryover): 52 credits last cycle against 48, so 4 carry into this one; the course
  that carried them has its certificate on file.
- California (a one-time requirement met years earlier): the 12 h pain management course of
  2022 meets this cycle's one-time requirement; Category 2 credits do not count at all.
- Pennsylvania DO (AOA vocabulary): at least 20 AOA Category 1-A of 100.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from activities.models import Activity, CreditType, Topic
from reporting.models import Board, License
from tests.certificates.factories import make_pdf, make_png
from tests.factories import answers
from tests.reporting.transcripts.conftest import store_certificate

day = datetime.date
# Mid-cycle for all three licenses.
TODAY = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)

VOCABULARY = {
    "credit_types": [
        ("ama-pra-1", "AMA PRA Category 1", 0),
        ("ama-pra-2", "AMA PRA Category 2", 1),
        ("aoa-1a", "AOA Category 1-A", 2),
    ],
    "topics": [
        ("medical-ethics", "Medical ethics"),
        ("pain-management", "Pain management"),
        ("end-of-life-care", "End-of-life care"),
        ("patient-safety-risk-management", "Patient safety and risk management"),
        ("child-abuse", "Child abuse"),
    ],
}


def ensure_vocabulary() -> None:
    # The data migration made these, but a transactional test before us may have flushed them.
    for slug, name, position in VOCABULARY["credit_types"]:
        CreditType.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    for slug, name in VOCABULARY["topics"]:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})


@dataclass
class Record:
    """A license and the activities logged for it; `certified` are those with a certificate."""

    license: License
    activities: dict[str, Activity] = field(default_factory=dict)
    certified: set[str] = field(default_factory=set)


def _log(
    record: Record,
    log_activity: Callable[..., Activity],
    title: str,
    credits: str,
    completed_on: datetime.date,
    *,
    credit_type: str = "ama-pra-1",
    topics: tuple[str, ...] = (),
    certificate: str = "",
) -> None:
    owner = record.license.owner
    activity = log_activity(
        owner,
        title=title,
        credits=credits,
        completed_on=completed_on,
        credit_type=credit_type,
        topics=topics,
    )
    if certificate == "pdf":
        stored = store_certificate(
            owner, make_pdf([f"Certificate of completion: {title}"]), "application/pdf", "c.pdf"
        )
    elif certificate == "png":
        stored = store_certificate(owner, make_png(600, 400), "image/png", "c.png")
    else:
        stored = None
    if stored is not None:
        Activity.objects.filter(pk=activity.pk).update(certificate=stored)
        record.certified.add(title)
    record.activities[title] = activity


def _profile(user, *, name: str, degree: str, npi: str) -> None:  # type: ignore[no-untyped-def]
    user.profile.full_name = name
    user.profile.degree = degree
    user.profile.npi = npi
    user.profile.save()


def texas(user, load_rules, log_activity) -> Record:  # type: ignore[no-untyped-def]
    load_rules("TX")
    ensure_vocabulary()
    _profile(user, name="Alice Ng", degree="MD", npi="1234567893")
    record = Record(
        License.objects.create(
            owner=user,
            board=Board.objects.get(code="TX-MD"),
            number="Q12345678",
            issued_on=day(2012, 1, 1),
            expires_on=day(2027, 8, 31),
            condition_answers=answers("direct_patient_care"),
        )
    )
    # The cycle before: 30 + 22 = 52 credits against 48; the last course carries 4 over.
    _log(record, log_activity, "Internal medicine board review", "30.00", day(2024, 3, 1))
    _log(record, log_activity, "Hospital medicine summit", "22.00", day(2025, 5, 1),
         certificate="pdf")  # fmt: skip
    # This cycle.
    _log(record, log_activity, "Cardiology update", "10.00", day(2025, 10, 3), certificate="pdf")
    _log(record, log_activity, "Ethics in practice", "2.00", day(2026, 1, 14),
         topics=("medical-ethics",), certificate="pdf")  # fmt: skip
    _log(record, log_activity, "Sepsis bundle", "11.00", day(2026, 3, 9), certificate="png")
    _log(record, log_activity, "Journal club", "4.00", day(2026, 4, 1), credit_type="ama-pra-2")
    return record


def california(user, load_rules, log_activity) -> Record:  # type: ignore[no-untyped-def]
    load_rules("CA")
    ensure_vocabulary()
    _profile(user, name="Alice Ng", degree="MD", npi="1234567893")
    record = Record(
        License.objects.create(
            owner=user,
            board=Board.objects.get(code="CA-MD"),
            number="A 123456",
            issued_on=day(2021, 3, 15),
            expires_on=day(2027, 3, 31),
            condition_answers=answers("direct_patient_care"),
        )
    )
    # The one-time 12 h, in the first cycle (2021-2023), with its certificate.
    _log(record, log_activity, "Pain management and end-of-life care", "12.00", day(2022, 6, 1),
         topics=("pain-management", "end-of-life-care"), certificate="pdf")  # fmt: skip
    # This cycle (1 Apr 2025 to 31 Mar 2027): 42 Category 1, 16 Category 2.
    _log(record, log_activity, "Hypertension guidelines", "20.00", day(2025, 6, 2),
         certificate="pdf")  # fmt: skip
    _log(record, log_activity, "Diabetes care", "22.00", day(2026, 2, 10), certificate="png")
    _log(record, log_activity, "Teaching residents", "10.00", day(2025, 9, 1),
         credit_type="ama-pra-2")  # fmt: skip
    _log(record, log_activity, "Self-directed reading", "6.00", day(2026, 1, 5),
         credit_type="ama-pra-2")  # fmt: skip
    return record


def pennsylvania_do(user, load_rules, log_activity) -> Record:  # type: ignore[no-untyped-def]
    load_rules("PA")
    ensure_vocabulary()
    _profile(user, name="Sam Ortiz", degree="DO", npi="1234567893")
    record = Record(
        License.objects.create(
            owner=user,
            board=Board.objects.get(code="PA-DO"),
            number="OS012345",
            issued_on=day(2010, 7, 1),
            expires_on=day(2026, 10, 31),
            condition_answers=answers("direct_patient_care"),
        )
    )
    _log(record, log_activity, "Osteopathic manipulative medicine", "20.00", day(2025, 2, 3),
         credit_type="aoa-1a", certificate="pdf")  # fmt: skip
    _log(record, log_activity, "Patient safety and risk management", "12.00", day(2025, 6, 4),
         credit_type="aoa-1a", topics=("patient-safety-risk-management",),
         certificate="png")  # fmt: skip
    _log(record, log_activity, "Recognizing child abuse", "2.00", day(2025, 9, 9),
         credit_type="aoa-1a", topics=("child-abuse",), certificate="pdf")  # fmt: skip
    _log(record, log_activity, "Primary care update", "30.00", day(2026, 1, 20))
    _log(record, log_activity, "Grand rounds series", "10.00", day(2026, 3, 3),
         credit_type="ama-pra-2")  # fmt: skip
    return record


BOARDS = {"TX-MD": texas, "CA-MD": california, "PA-DO": pennsylvania_do}
RECORD_TOTALS = {"TX-MD": Decimal("31.00"), "CA-MD": Decimal("54.00"), "PA-DO": Decimal("74.00")}
