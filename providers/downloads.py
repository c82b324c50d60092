"""The files a provider uploads onward, built from its claims: PARS, CE Broker, MedBiquitous.

The exports themselves are pure functions of the activity's and the claims' facts
(providers/exports/); this module reads the rows, hands them over, and says in words what a
file could not carry.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .exports.cebroker import cebroker_roster
from .exports.common import CannotExport, CannotReport, Export
from .exports.medbiquitous import activity_report_xml
from .exports.pars import pars_learner_export
from .issuing import activity_facts, learner_claim
from .models import Offering
from .records import ActivityFacts, LearnerClaim


@dataclass(frozen=True)
class ExportKind:
    slug: str
    name: str
    what: str
    build: Callable[[Offering, ActivityFacts, list[LearnerClaim]], Export]


def _medbiquitous(offering: Offering, facts: ActivityFacts, claims: list[LearnerClaim]) -> Export:
    standing = [claim for claim in claims if not claim.deleted]
    content = activity_report_xml(
        facts,
        claims,
        created_at=timezone.now(),
        credit_id_prefix=urljoin(settings.SITE_URL, reverse("claim_verify", args=["X"]))[:-1],
        topic_names={topic.slug: topic.name for topic in offering.topics.all()},
    )
    return Export(
        filename=f"medbiquitous-activity-report-{offering.pk}.xml",
        content_type="application/xml",
        content=content,
        reported=len(standing),
        cannot_report=(),
    )


KINDS = {
    kind.slug: kind
    for kind in (
        ExportKind(
            "pars",
            "ACCME PARS learner file",
            "Upload in PARS (Learners, batch upload). Withdrawn claims go as delete rows.",
            lambda offering, facts, claims: pars_learner_export(facts, claims),
        ),
        ExportKind(
            "cebroker",
            "CE Broker roster",
            "Open in Excel, save as .xls, and upload in CE Broker's roster upload.",
            lambda offering, facts, claims: cebroker_roster(
                facts, claims, subject_area_code=offering.cebroker_subject_area or None
            ),
        ),
        ExportKind(
            "medbiquitous",
            "MedBiquitous Activity Report (XML)",
            "The ANSI/MedBiquitous Activity Report for systems that read it.",
            _medbiquitous,
        ),
    )
}


@dataclass(frozen=True)
class ExportOutcome:
    kind: ExportKind
    export: Export | None
    refusal: str  # why the whole file cannot be made, in words

    @property
    def cannot_report(self) -> tuple[CannotReport, ...]:
        return self.export.cannot_report if self.export else ()


def offering_export(*, offering: Offering, kind: str) -> ExportOutcome:
    """One export of the activity's claims (withdrawn ones included, for delete rows)."""
    export_kind = KINDS[kind]
    facts = activity_facts(offering)
    claims = [
        learner_claim(claim)
        for claim in offering.claims.select_related("credit_type").order_by("pk")
    ]
    try:
        return ExportOutcome(export_kind, export_kind.build(offering, facts, claims), "")
    except CannotExport as refusal:
        return ExportOutcome(export_kind, None, str(refusal))
