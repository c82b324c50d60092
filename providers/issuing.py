"""Issued credit: the certificate for a claim, and the credit in the learner's own record.

A claim that is attested and evaluated earns its certificate. A learner with an account gets
the activity in their record, provider-verified, with the certificate PDF stored through the
certificates app (so the same checks apply as to any upload); someone without an account gets
the PDF by e-mail with an invitation, and the claim joins their record when they sign up with
that address. The PDF is rendered here, in a worker, never in a request.
"""

import logging
from typing import Any
from urllib.parse import urljoin

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Degree
from activities.models import CreditType, Format
from activities.services import activity_record_verified
from certificates.models import Certificate, Draft, ReadingStatus
from certificates.services import certificate_store

from .certificate_pdf import credits_line, render_certificate
from .models import Claim, Offering
from .records import RECORD_FORMAT, ActivityFacts, CertificateFacts, Designation, LearnerClaim

logger = logging.getLogger(__name__)
# The credit type a certificate of participation lands as in a non-physician's record.
PARTICIPATION_CREDIT_TYPE = "other"


def verification_url(code: str) -> str:
    return urljoin(settings.SITE_URL, reverse("claim_verify", args=[code]))


def activity_facts(offering: Offering) -> ActivityFacts:
    provider = offering.provider
    return ActivityFacts(
        provider_name=provider.organization.name,
        accme_provider_id=provider.accme_id or None,
        accreditation=provider.accreditation,
        joint_providers=tuple(
            name
            for name in [offering.jointly_provided_with.strip(), *provider.joint_provider_names]
            if name
        ),
        title=offering.title,
        learning_format=offering.learning_format,
        learning_format_label=offering.get_learning_format_display(),
        starts_on=offering.starts_on,
        ends_on=offering.ends_on,
        location=offering.location,
        pars_activity_id=offering.pars_id or None,
        designations=tuple(
            Designation(
                credit_type_slug=d.credit_type.slug,
                credit_type_name=d.credit_type.name,
                maximum=d.max_credits,
            )
            for d in offering.designations.select_related("credit_type")
        ),
        topics=tuple(topic.slug for topic in offering.topics.all()),
        accreditor_name=provider.accreditor,
        cebroker_provider_number=provider.cebroker_provider_number or None,
        cebroker_course_number=offering.cebroker_course_number or None,
    )


def learner_claim(claim: Claim) -> LearnerClaim:
    """A claim as the exports read it."""
    return LearnerClaim(
        first_name=claim.first_name,
        last_name=claim.last_name,
        email=claim.email,
        degree=claim.degree,
        npi=claim.npi or None,
        birth_month=claim.birth_month,
        birth_day=claim.birth_day,
        license_state=claim.license_state or None,
        license_number=claim.license_number or None,
        credit_type_slug=PARTICIPATION_CREDIT_TYPE
        if claim.participation
        else claim.credit_type.slug,
        credits=claim.credits,
        completed_on=claim.completed_on,
        claimed_at=claim.created_at,
        verification_code=claim.verification_code,
        consented_to_pars=claim.report_consent,
        deleted=claim.withdrawn_at is not None,
    )


def certificate_facts(claim: Claim) -> CertificateFacts:
    degree = Degree(claim.degree).name if claim.degree in Degree.values else ""
    return CertificateFacts(
        activity=activity_facts(claim.offering),
        learner_name=claim.full_name,
        degree_label=degree if degree != "OTHER" else "",
        credits=claim.credits,
        credit_type_name=(
            f"hours of participation in an activity designated for {claim.credit_type.name} credit"
            if claim.participation
            else claim.credit_type.name
        ),
        completed_on=claim.completed_on,
        verification_code=claim.verification_code,
        verification_url=verification_url(claim.verification_code),
        credit_type_slug=PARTICIPATION_CREDIT_TYPE
        if claim.participation
        else claim.credit_type.slug,
        issued_on=timezone.localdate(claim.created_at),
    )


def certificate_pdf(claim: Claim, *, paper_size: str = "letter") -> bytes:
    return render_certificate(certificate_facts(claim), paper_size=paper_size)


def certificate_filename(claim: Claim) -> str:
    return f"cme-certificate-{claim.verification_code}.pdf"


def certificate_summary(claim: Claim) -> str:
    return credits_line(certificate_facts(claim))


def _store_certificate(claim: Claim, data: bytes) -> Certificate:
    """The PDF in the learner's certificates, as if they had uploaded it; never a draft.

    The certificates app reads uploads into drafts to confirm; this one needs no reading (its
    activity is already in the record), so it is marked read before a worker picks it up.
    """
    if claim.learner is None:
        raise ValueError("Only a claim with a learner's account has a record to store it in.")
    upload = ContentFile(data, name=certificate_filename(claim))
    certificate = certificate_store(
        owner=claim.learner, upload=upload, read_scans=False
    ).certificate
    Certificate.objects.filter(
        pk=certificate.pk, status__in=[ReadingStatus.QUEUED, ReadingStatus.READING]
    ).update(status=ReadingStatus.READY, text=certificate_summary(claim))
    certificate.drafts.filter(status=Draft.Status.OPEN).update(status=Draft.Status.CONFIRMED)
    certificate.refresh_from_db()
    return certificate


def _record_fields(claim: Claim) -> dict[str, Any]:
    offering = claim.offering
    credit_type = (
        CreditType.objects.get(slug=PARTICIPATION_CREDIT_TYPE)
        if claim.participation
        else claim.credit_type
    )
    title = f"{offering.title}: {claim.session}" if claim.session else offering.title
    return {
        "title": title[:300],
        "provider": offering.provider.organization.name,
        "started_on": min(
            claim.session.held_on if claim.session else offering.starts_on, claim.completed_on
        ),
        "completed_on": claim.completed_on,
        "credit_type": credit_type,
        "credits": claim.credits,
        "format": RECORD_FORMAT.get(offering.learning_format, Format.OTHER),
    }


def _certificate_keep(claim: Claim, data: bytes) -> None:
    """The rendered PDF on the claim, replacing an older one (after a correction)."""
    old = claim.certificate_file.name if claim.certificate_file else ""
    claim.certificate_file.save(certificate_filename(claim), ContentFile(data), save=False)
    Claim.objects.filter(pk=claim.pk).update(certificate_file=claim.certificate_file.name)
    if old:
        transaction.on_commit(lambda: claim.certificate_file.storage.delete(old))


def claim_issue(*, claim_id: int) -> Claim | None:
    """Give a complete claim its certificate: into the record, or by e-mail. Safe to repeat."""
    claim = (
        Claim.objects.select_related(
            "offering__provider__organization", "credit_type", "session", "learner"
        )
        .filter(pk=claim_id, withdrawn_at__isnull=True, evaluated_at__isnull=False)
        .first()
    )
    if claim is None:
        return None
    data = None
    if not claim.certificate_file:
        data = certificate_pdf(claim)
        with transaction.atomic():
            _certificate_keep(claim, data)
    if claim.learner is not None and claim.activity_id is None:
        if data is None:
            with claim.certificate_file.open("rb") as stored:
                data = stored.read()
        with transaction.atomic():
            locked = Claim.objects.select_for_update().get(pk=claim.pk)
            if locked.activity_id is not None:
                return locked  # another delivery of the task did it first
            certificate = _store_certificate(claim, data)
            activity = activity_record_verified(
                owner=claim.learner,
                certificate=certificate,
                topics=claim.offering.topics.all(),
                **_record_fields(claim),
            )
            claim.activity = activity
            claim._change_reason = "Certificate issued into the learner's record"  # type: ignore[attr-defined]
            claim.save(update_fields=["activity", "updated_at"])
    elif claim.learner is None and claim.emailed_at is None:
        _email_certificate(claim, data)
    return claim


def claim_record_follow(*, claim_id: int) -> None:
    """After a provider's correction: the certificate, and the learner's activity, say the same."""
    claim = Claim.objects.select_related(
        "activity", "learner", "offering__provider__organization", "credit_type", "session"
    ).get(pk=claim_id)
    if not claim.evaluated:
        return
    data = certificate_pdf(claim)
    with transaction.atomic():
        _certificate_keep(claim, data)
        if claim.activity is None or claim.learner is None:
            return
        certificate = _store_certificate(claim, data)
        activity_record_verified(
            owner=claim.learner,
            certificate=certificate,
            activity=claim.activity,
            topics=claim.offering.topics.all(),
            **_record_fields(claim),
        )


def _email_certificate(claim: Claim, data: bytes | None) -> None:
    if data is None:
        with claim.certificate_file.open("rb") as stored:
            data = stored.read()
    context = {
        "claim": claim,
        "credits_line": certificate_summary(claim),
        "signup_url": urljoin(settings.SITE_URL, reverse("account_signup")),
        "verify_url": verification_url(claim.verification_code),
    }
    message = EmailMessage(
        subject=render_to_string("providers/email/certificate_subject.txt", context).strip(),
        body=render_to_string("providers/email/certificate_body.txt", context),
        to=[claim.email],
    )
    message.attach(certificate_filename(claim), data, "application/pdf")
    message.send()
    # Marked after sending: a failure leaves it unsent, and the retried task sends it once.
    Claim.objects.filter(pk=claim.pk).update(emailed_at=timezone.now())


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def claim_issue_task(claim_id: int) -> str:
    try:
        claim = claim_issue(claim_id=claim_id)
    except ValidationError:
        # The record refused the credit (a rule changed since the claim): the provider's
        # claim stands, and the learner can still download the certificate from My claims.
        logger.exception("Claim %s could not enter the learner's record", claim_id)
        return "refused"
    return "issued" if claim is not None else "not ready"


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True)
def claim_record_follow_task(claim_id: int) -> None:
    claim_record_follow(claim_id=claim_id)
