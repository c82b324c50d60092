"""What a share link's holder and site support may read: the physician's own selectors,
scoped to the physician who gave the access, returning what the read-only pages show."""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from activities import selectors as activities_selectors
from activities.models import Activity
from certificates import selectors as certificates_selectors
from certificates.models import Certificate
from reporting.compliance.selectors import LicenseCompliance
from reporting.licenses import selectors as licenses_selectors
from reporting.models import ShareLink, Transcript
from reporting.rules.selectors import license_cycle_end
from reporting.transcripts import transcript_list, transcripts_stale

# Support reads a page of the record, not all of a long career at once.
SUPPORT_ACTIVITIES = 200


def license_shared(*, link: ShareLink, as_of: datetime.date) -> LicenseCompliance:
    """The shared license judged today, exactly as its owner's page judges it."""
    return licenses_selectors.license_compliance(
        user=link.owner,
        pk=link.license_id,
        as_of=as_of,
        license=link.license,
        old_topic_credits=True,  # the page lists every credit not counted, with the reason
    )


@dataclass(frozen=True)
class SharedTranscript:
    transcript: Transcript
    # The record changed after it was made: the compliance on the page is newer.
    out_of_date: bool


def transcript_shared(*, link: ShareLink) -> SharedTranscript | None:
    """The newest finished transcript of the shared license's current cycle, if any.

    A holder never makes one (an anonymous visitor queues no work on a physician's account);
    the physician makes it from their transcripts page, or when creating the link.
    """
    transcript = (
        transcript_list(user=link.owner)
        .filter(
            license=link.license,
            kind=Transcript.Kind.TRANSCRIPT,
            status=Transcript.Status.READY,
            cycle_end=license_cycle_end(link.license),
        )
        .order_by("-finished_at", "-requested_at")
        .first()
    )
    if transcript is None:
        return None
    stale = transcripts_stale(user=link.owner, transcripts=[transcript])
    return SharedTranscript(transcript, out_of_date=transcript.pk in stale)


def certificates_shared(*, link: ShareLink, item: LicenseCompliance) -> QuerySet[Certificate]:
    """The certificates of the activities that counted for this license's cycle, when the
    physician chose to include them; none otherwise."""
    if not link.include_certificates or item.report is None:
        return Certificate.objects.none()
    counted = {a for result in item.report.results for a in result.counted}
    counted |= {credit.activity_id for credit, _ in item.carried}
    activity_ids = [a for a in counted if isinstance(a, int)]
    return (
        certificates_selectors.certificate_list(user=link.owner)
        .filter(activities__pk__in=activity_ids)
        .distinct()
        .order_by("filename", "pk")
    )


def certificate_shared(
    *, link: ShareLink, public_id: uuid.UUID | str, as_of: datetime.date
) -> Certificate:
    certificate = (
        certificates_shared(link=link, item=license_shared(link=link, as_of=as_of))
        .filter(public_id=public_id)
        .first()
    )
    if certificate is None:
        raise Http404("This link has ended or does not exist.")
    return certificate


@dataclass(frozen=True)
class SupportRecord:
    """A physician's record as support reads it: no files, no transcripts, no changes."""

    physician: User
    licenses: list[LicenseCompliance]
    activities: list[Activity]
    activities_total: int
    certificates: list[Certificate]


def support_record(*, physician: User, as_of: datetime.date) -> SupportRecord:
    activities = activities_selectors.activity_list(user=physician)
    return SupportRecord(
        physician=physician,
        # Support reads each license's lists of credits, the ones not counted included.
        licenses=licenses_selectors.dashboard(user=physician, as_of=as_of, old_topic_credits=True),
        activities=list(activities[:SUPPORT_ACTIVITIES]),
        activities_total=activities.count(),
        certificates=list(
            certificates_selectors.certificate_list(user=physician).order_by("-uploaded_at")[
                :SUPPORT_ACTIVITIES
            ]
        ),
    )
