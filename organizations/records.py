"""An organization looking at a physician's record: only through a live consent, and noted.

Each read here first finds the consent that opens the license to the organization today
(otherwise 404, exactly as for a license that does not exist), then checks that the consent's
depth covers what is asked (a status-only consent opens no transcript). Every look writes a
RecordAccess entry the physician reads on their access log.
"""

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import RecordAccess, User
from accounts.record_access import record_access_log
from reporting.compliance.selectors import LicenseCompliance, judging
from reporting.models import License, Transcript
from reporting.transcripts import services as transcripts

from .models import Consent, Membership, Organization, RequestedTranscript
from .roster import RosterRow, live_consents
from .states import license_label

# What each depth of consent opens besides the license's status.
KINDS_BY_SCOPE: dict[str, tuple[str, ...]] = {
    Consent.Scope.STATUS: (),
    Consent.Scope.TRANSCRIPTS: (Transcript.Kind.TRANSCRIPT,),
    Consent.Scope.EVERYTHING: (Transcript.Kind.TRANSCRIPT, Transcript.Kind.AUDIT_PACKET),
}
DOCUMENT_WORDS: dict[str, str] = {
    Transcript.Kind.TRANSCRIPT: "transcript",
    Transcript.Kind.AUDIT_PACKET: "audit packet",
}
# The transcripts service speaks to the physician; the office reads about them.
OFFICE_MESSAGES = {
    "name_missing": "The physician has not entered their full name yet, and a transcript is "
    "made out to it. Ask them to add it to their profile.",
    "too_many_pending": "Several of this physician's documents are being made right now; "
    "try again in a few minutes.",
}


def by_label(organization: Organization, member: User) -> str:
    """How the physician's access log names the office and the person: "Memorial (jo@m.org)"."""
    return f"{organization.name} ({member.email})"


def record_look(
    *, organization: Organization, member: User, physician_id: int, what: str
) -> RecordAccess | None:
    """Note the member's look at the physician's record (a physician on their own office's
    roster reads their own record: nothing to note)."""
    if member.pk == physician_id:
        return None
    return record_access_log(
        physician=User.objects.get(pk=physician_id),
        channel=RecordAccess.Channel.ORGANIZATION,
        by_label=by_label(organization, member),
        what=what,
        viewer=member,
    )


def roster_looks(
    *, organization: Organization, member: User, rows: Iterable[RosterRow], what: str
) -> None:
    """One entry per physician on a roster page (or export): which of their licenses showed."""
    shown: dict[int, list[str]] = {}
    for row in rows:
        if row.physician_id != member.pk:
            shown.setdefault(row.physician_id, []).append(row.license_label)
    label = by_label(organization, member)
    RecordAccess.objects.bulk_create(
        RecordAccess(
            physician_id=physician_id,
            viewer=member,
            channel=RecordAccess.Channel.ORGANIZATION,
            by_label=label[:300],
            what=f"{what}: status of {', '.join(labels)}"[:300],
        )
        for physician_id, labels in shown.items()
    )


def license_words(license: License) -> str:
    return license_label(state=license.board.state, number=license.number)


def consented_license(
    *, organization: Organization, license_id: int, as_of: datetime.date
) -> tuple[License, Consent]:
    """The license and the live consent that opens it to `organization` (404 otherwise)."""
    license = (
        License.objects.select_related("board", "board__shares_rules_with", "owner__profile")
        .filter(pk=license_id)
        .first()
    )
    if license is None:
        raise Http404("No such license.")
    consent = (
        live_consents(organization, as_of=as_of)
        .filter(physician_id=license.owner_id)
        .filter(Q(all_licenses=True) | Q(licenses=license))
        .first()
    )
    if consent is None:
        raise Http404("No such license.")
    return license, consent


def license_compliance(*, license: License, as_of: datetime.date) -> LicenseCompliance:
    """The license judged as the physician's own page judges it, with every credit not counted
    (the office's page lists them, where the consent opens the activities)."""
    return judging([license], as_of=as_of, old_topic_credits=True).judge(license, as_of=as_of)


def kinds_allowed(consent: Consent) -> tuple[str, ...]:
    return KINDS_BY_SCOPE[consent.scope]


def requested_transcripts(
    *, organization: Organization, license: License, consent: Consent
) -> QuerySet[Transcript]:
    """The documents of this license the organization asked for that the consent still opens."""
    return Transcript.objects.filter(
        requested_by__organization=organization,
        license=license,
        owner_id=license.owner_id,
        kind__in=kinds_allowed(consent),
    ).select_related("requested_by__requested_by")


def organization_transcript_request(
    *,
    organization: Organization,
    member: User,
    license_id: int,
    kind: str,
    as_of: datetime.date,
) -> Transcript:
    """Ask for a fresh transcript (or audit packet) of a consented license, made out as the
    physician's own document; refused unless the consent's depth includes that kind."""
    license, consent = consented_license(
        organization=organization, license_id=license_id, as_of=as_of
    )
    if kind not in kinds_allowed(consent):
        raise Http404("No such document.")
    with transaction.atomic():
        try:
            transcript = transcripts.transcript_request(
                owner=license.owner, license_id=license.pk, kind=kind
            )
        except ValidationError as error:
            if transcripts.NAME_MISSING in error.messages:
                raise ValidationError(OFFICE_MESSAGES["name_missing"]) from None
            if getattr(error, "code", None) == "too_many_pending":
                raise ValidationError(OFFICE_MESSAGES["too_many_pending"]) from None
            raise
        RequestedTranscript.objects.create(
            organization=organization, transcript=transcript, requested_by=member
        )
        record_look(
            organization=organization,
            member=member,
            physician_id=license.owner_id,
            what=f"{license_words(license)}: {DOCUMENT_WORDS[kind]} requested",
        )
    return transcript


def organization_transcript_get(
    *, organization: Organization, pk: uuid.UUID | str, as_of: datetime.date
) -> Transcript:
    """A document the organization asked for, while a live consent still opens it (404 else)."""
    transcript = (
        Transcript.objects.filter(pk=pk, requested_by__organization=organization)
        .select_related("license__board")
        .first()
    )
    if transcript is None or transcript.license_id is None:
        raise Http404("No such document.")
    _, consent = consented_license(
        organization=organization, license_id=transcript.license_id, as_of=as_of
    )
    if transcript.kind not in kinds_allowed(consent):
        raise Http404("No such document.")
    return transcript


def organizations_of(*, user: User) -> QuerySet[Membership]:
    """The person's memberships, with their organizations, by name."""
    return Membership.objects.filter(user=user).select_related("organization")
