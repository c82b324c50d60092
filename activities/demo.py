"""A year of a busy internist's CME for the demo physician, some with real certificate PDFs."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from certificates.services import certificate_store

from . import selectors, services
from .models import Activity, CreditType, Format, Topic

HOSPITAL = "Riverside General Hospital Office of CME"


@dataclass(frozen=True)
class _Demo:
    days_ago: int
    title: str
    credit_type: str
    credits: str
    format: str
    provider: str = ""
    topics: tuple[str, ...] = ()
    days: int = 1
    certificate: bool = False
    notes: str = ""


_GRAND_ROUNDS = [
    (12, "Grand Rounds: Heart Failure with Preserved Ejection Fraction", ()),
    (40, "Grand Rounds: Opioid Tapering Without Harm", ("opioid-prescribing", "pain-management")),
    (68, "Grand Rounds: Sepsis Bundles in 2026", ("infection-control",)),
    (96, "Grand Rounds: Ethics Consults at the Bedside", ("medical-ethics",)),
    (131, "Grand Rounds: Diabetes Technology for Internists", ()),
    (159, "Grand Rounds: Caring for Patients with Dementia", ("dementia", "geriatrics")),
    (194, "Grand Rounds: Anticoagulation Update", ()),
    (222, "Grand Rounds: Screening for Human Trafficking in the ED", ("human-trafficking",)),
    (250, "Grand Rounds: Suicide Risk Assessment in Primary Care", ("suicide-prevention",)),
    (285, "Grand Rounds: Antibiotic Stewardship", ("infectious-diseases",)),
    (313, "Grand Rounds: Advance Care Planning Conversations", ("end-of-life-care",)),
    (341, "Grand Rounds: Hypertension Guidelines Revisited", ()),
]

DEMO_ACTIVITIES: list[_Demo] = [
    *(
        _Demo(days, title, "ama-pra-1", "1.00", Format.LIVE, HOSPITAL, topics)
        for days, title, topics in _GRAND_ROUNDS
    ),
    _Demo(
        20,
        "Safe Opioid Prescribing: Balancing Pain Relief and Risk",
        "ama-pra-1",
        "3.00",
        Format.ENDURING,
        "Collaborative for REMS Education",
        ("opioid-prescribing", "pain-management", "controlled-substances"),
        certificate=True,
    ),
    _Demo(
        33,
        "Implicit Bias in Clinical Decision-Making",
        "ama-pra-1",
        "2.00",
        Format.ENDURING,
        "State Medical Association",
        ("implicit-bias", "cultural-competency"),
        certificate=True,
    ),
    _Demo(
        55,
        "JAMA Internal Medicine Journal CME: Deprescribing in Older Adults",
        "ama-pra-1",
        "1.00",
        Format.JOURNAL,
        "American Medical Association",
        ("geriatrics",),
    ),
    _Demo(
        77,
        "Recognizing and Responding to Human Trafficking",
        "ama-pra-1",
        "1.00",
        Format.ENDURING,
        "Department of Health and Human Services",
        ("human-trafficking",),
        certificate=True,
    ),
    _Demo(
        110,
        "ACP Internal Medicine Meeting 2026",
        "ama-pra-1",
        "18.25",
        Format.LIVE,
        "American College of Physicians",
        (),
        days=3,
        certificate=True,
    ),
    _Demo(
        140,
        "Medical Ethics and Professional Responsibility",
        "ama-pra-1",
        "2.00",
        Format.LIVE,
        "State Medical Association",
        ("medical-ethics", "professional-responsibility"),
        certificate=True,
    ),
    _Demo(
        170,
        "NEJM Journal CME: Anticoagulation in Atrial Fibrillation",
        "ama-pra-1",
        "0.50",
        Format.JOURNAL,
        "NEJM Group",
    ),
    _Demo(
        205,
        "Buprenorphine Treatment of Opioid Use Disorder",
        "ama-pra-1",
        "8.00",
        Format.ENDURING,
        "American Society of Addiction Medicine",
        ("substance-use-disorders", "opioid-prescribing"),
        certificate=True,
    ),
    _Demo(
        238,
        "Preventing Medical Errors in Ambulatory Care",
        "ama-pra-1",
        "2.00",
        Format.ENDURING,
        "Patient Safety Institute",
        ("medical-errors", "risk-management"),
    ),
    _Demo(
        300,
        "Domestic Violence: Screening and Safety Planning",
        "ama-pra-1",
        "1.50",
        Format.ENDURING,
        "State Medical Association",
        ("domestic-violence",),
    ),
    # Category 2: reading and teaching, self-reported.
    _Demo(5, "Reading: Annals of Internal Medicine, current issue", "ama-pra-2", "2.00", "other"),
    _Demo(47, "Teaching: resident morning report (4 sessions)", "ama-pra-2", "4.00", "teaching"),
    _Demo(89, "Point-of-care learning: UpToDate searches", "ama-pra-2", "3.50", "other"),
    _Demo(150, "Reading: NEJM review articles on sepsis", "ama-pra-2", "1.50", "other"),
    _Demo(180, "Teaching: medical student clinical skills course", "ama-pra-2", "6.00", "teaching"),
    _Demo(265, "Board review question writing", "ama-pra-2", "3.00", "test-item-writing"),
    _Demo(330, "Reading: MKSAP 19 self-study", "ama-pra-2", "5.00", "other"),
]


def _certificate_pdf(demo: _Demo, *, name: str, completed_on: datetime.date) -> bytes:
    # Imported here: WeasyPrint takes seconds to import and only the demo needs it.
    from weasyprint import HTML, URLFetcher

    credit_name = "AMA PRA Category 1 Credits™"
    html = f"""<html><head><style>
      @page {{ size: letter landscape; margin: 2cm; }}
      body {{ font-family: "DejaVu Sans", sans-serif; text-align: center; color: #1d2433; }}
      h1 {{ font-size: 28pt; margin-top: 2cm; }}
      .title {{ font-size: 18pt; font-weight: bold; }}
    </style></head><body>
      <h1>Certificate of Completion</h1>
      <p>This certifies that {escape(name)} has participated in the activity titled</p>
      <p class="title">{escape(demo.title)}</p>
      <p>on {completed_on:%B} {completed_on.day}, {completed_on.year}, and is awarded
         {demo.credits} {credit_name}.</p>
      <p>Provider: {escape(demo.provider)}</p>
      <p>{escape(demo.provider)} is accredited by the ACCME to provide continuing medical
         education for physicians and designates this activity for a maximum of
         {demo.credits} {credit_name}.</p>
    </body></html>"""
    # Nothing here links anywhere: a fetcher that allows no protocol fetches nothing.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()


def demo_activities_create(*, user: User) -> list[Activity]:
    """Log a year of realistic CME for `user`; does nothing if they already have activities."""
    if selectors.activity_list(user=user).exists():
        return []
    today = timezone.localdate()
    credit_types = {credit_type.slug: credit_type for credit_type in CreditType.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    name = user.get_full_name()
    created = []
    for demo in DEMO_ACTIVITIES:
        completed_on = today - datetime.timedelta(days=demo.days_ago)
        certificate = None
        if demo.certificate:
            data = _certificate_pdf(demo, name=name, completed_on=completed_on)
            upload = SimpleUploadedFile(
                f"{demo.title[:60]}.pdf", data, content_type="application/pdf"
            )
            certificate = certificate_store(owner=user, upload=upload).certificate
        created.append(
            services.activity_create(
                owner=user,
                title=demo.title,
                provider=demo.provider,
                started_on=completed_on - datetime.timedelta(days=demo.days - 1),
                completed_on=completed_on,
                credit_type=credit_types[demo.credit_type],
                credits=Decimal(demo.credits),
                format=demo.format,
                topics=[topics[slug] for slug in demo.topics],
                certificate=certificate,
            )
        )
    return created
