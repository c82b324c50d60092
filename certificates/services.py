"""Every write to certificates: store an upload, read it (in a worker), delete one, purge
orphaned files; and the drafts a reading leaves for the physician to confirm."""

import datetime
import logging
from dataclasses import dataclass
from typing import cast

from celery import current_app, shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from accounts.models import User

from .extraction.readings import CertificateReading, read_certificates
from .extraction.text import NO_TEXT_MESSAGE
from .models import Certificate, Draft, ReadingStatus
from .pages import pages_warm
from .validation import validate_upload

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreResult:
    certificate: Certificate
    created: bool
    # Shown to the user when no text could be read (a scan without OCR on this server).
    message: str = ""


def certificate_store(
    *, owner: User, upload: File, read_scans: bool = True, limit_queue: bool = False
) -> StoreResult:
    """Validate, deduplicate and store an upload; a refused or failed upload stores nothing.

    The certificate is then read (text layer, OCR, one draft per certificate in the file): in
    a worker when there is one, so a slow scan never holds the request, else right here.
    `read_scans=False` keeps the text layer but runs no OCR (an import, whose activities
    already carry their details). `limit_queue` refuses the upload while too many of the
    owner's files wait to be read (the upload page: the workers are shared).
    """
    valid = validate_upload(
        upload, name=upload.name or "", max_bytes=settings.CERTIFICATE_MAX_BYTES
    )
    existing = Certificate.objects.filter(owner=owner, sha256=valid.sha256).first()
    if existing is not None:
        return StoreResult(certificate=existing, created=False)
    if limit_queue:
        _refuse_over_reading_limit(owner)
    certificate = Certificate(
        owner=owner,
        filename=valid.filename,
        content_type=valid.content_type,
        size=valid.size,
        sha256=valid.sha256,
        pages=valid.pages,
        status=ReadingStatus.QUEUED,
    )
    # The key comes from certificate_key (random); the user's name is never part of it.
    certificate.file.save(valid.filename, ContentFile(valid.data), save=False)
    stored = cast(str, certificate.file.name)  # just saved, so it has one
    try:
        with transaction.atomic():
            certificate.full_clean(validate_constraints=False)
            certificate.save()
            if not _reads_in_process():
                transaction.on_commit(
                    lambda: certificate_read_enqueue(certificate_id=certificate.pk, ocr=read_scans)
                )
    except IntegrityError:
        _delete_stored(certificate.file.storage, stored)
        # The same person sent the same file twice at once: the other request won.
        existing = Certificate.objects.filter(owner=owner, sha256=valid.sha256).first()
        if existing is None:
            raise
        return StoreResult(certificate=existing, created=False)
    except BaseException:
        _delete_stored(certificate.file.storage, stored)
        raise
    if _reads_in_process():
        # No worker (the embedded default): read now, as the task would, before answering.
        try:
            certificate_read(certificate_id=certificate.pk, ocr=read_scans, data=valid.data)
        except Exception:
            # The file is valid and stored; only the convenience of a filled form is lost.
            logger.exception("Reading certificate %s failed", certificate.pk)
            certificate_read_fail(certificate_id=certificate.pk)
        certificate.refresh_from_db()
    return StoreResult(
        certificate=certificate, created=True, message=certificate_read_message(certificate)
    )


def certificate_read_message(certificate: Certificate) -> str:
    """What to tell the uploader once reading is over: nothing, or why the form is blank."""
    return certificate.read_message if certificate.status == ReadingStatus.READY else ""


def _reads_in_process() -> bool:
    return bool(current_app.conf.task_always_eager) or not settings.CERTIFICATE_READ_IN_WORKER


def _refuse_over_reading_limit(owner: User) -> None:
    """At most CERTIFICATE_MAX_READING_PER_USER of one person's files wait to be read.

    The workers are shared: one account's pile of scans must not keep everyone else's single
    certificate waiting. Not atomic with the insert; two requests at once may pass one over.
    """
    limit = settings.CERTIFICATE_MAX_READING_PER_USER
    waiting = Certificate.objects.filter(
        owner=owner, status__in=[ReadingStatus.QUEUED, ReadingStatus.READING]
    ).count()
    if waiting >= limit:
        raise ValidationError(
            f"{waiting} of your certificates are still being read; upload more once they "
            "are done (they usually take a few seconds each).",
            code="too_many_reading",
        )


def certificate_delete(*, owner: User, pk: int) -> int:
    """Delete one of the owner's certificates, unlinking its activities; returns how many.

    The stored file is removed only once the deletion has committed: a rollback must not leave
    a row pointing at a missing file.
    """
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(owner=owner, pk=pk).first()
        if certificate is None:
            raise Http404("No such certificate.")
        unlinked = certificate.activities.count()
        storage, name = certificate.file.storage, cast(str, certificate.file.name)
        # Activity.certificate is SET_NULL: deleting the row unlinks its activities.
        certificate.delete()
        transaction.on_commit(lambda: _delete_stored(storage, name))
    return unlinked


def certificate_orphans_delete(*, older_than: datetime.timedelta) -> list[str]:
    """Remove stored files no row points at (a crash, a rolled-back caller, a deleted user).

    Only files older than `older_than` are touched, so an upload between its file write and
    its commit is never mistaken for an orphan.
    """
    storage = default_storage
    try:
        _, names = storage.listdir("certificates")
    except FileNotFoundError:
        return []
    known = set(Certificate.objects.values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    removed = []
    for name in names:
        key = f"certificates/{name}"
        if key in known or storage.get_modified_time(key) > cutoff:
            continue
        _delete_stored(storage, key)
        removed.append(key)
    return removed


def _delete_stored(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:
        # A failed clean-up must not turn a finished request into an error; the orphan purge
        # removes what is left.
        logger.exception("Could not delete stored certificate %s", name)


# --- Reading --------------------------------------------------------------------------------
# A reading that keeps failing (or keeps killing its worker) stops here and says so.
MAX_READ_ATTEMPTS = 3
# A queued reading this old never reached the broker (it was down); one "reading" this long
# lost its worker (longer than the task's hard limit below).
READ_STALE_AFTER = datetime.timedelta(minutes=5)
READ_FAILED_MESSAGE = "We could not read this file; please type the details."
READ_SOFT_SECONDS = 240
READ_HARD_SECONDS = 270


def _claim_reading(certificate_id: int) -> bool:
    # One conditional UPDATE: a read certificate is never read again; a re-delivered task (its
    # worker died) takes over the "reading" row.
    return bool(
        Certificate.objects.filter(
            pk=certificate_id,
            status__in=[ReadingStatus.QUEUED, ReadingStatus.READING],
            read_attempts__lt=MAX_READ_ATTEMPTS,
        ).update(
            status=ReadingStatus.READING,
            read_attempts=F("read_attempts") + 1,
            read_started_at=timezone.now(),
        )
    )


def certificate_read(
    *, certificate_id: int, ocr: bool = True, data: bytes | None = None
) -> Certificate | None:
    """Read a stored certificate into one draft per certificate in the file; safe to repeat."""
    if not _claim_reading(certificate_id):
        certificate = Certificate.objects.filter(pk=certificate_id).first()
        if certificate is not None and certificate.status in (
            ReadingStatus.QUEUED,
            ReadingStatus.READING,
        ):
            certificate_read_fail(certificate_id=certificate_id)  # attempts ran out
        return certificate
    certificate = Certificate.objects.get(pk=certificate_id)
    if data is None:
        with certificate.file.open("rb") as stored:
            data = stored.read()
    readings = read_certificates(data, certificate.content_type, ocr=ocr)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.status != ReadingStatus.READING:
            return certificate  # another delivery finished it first
        certificate.drafts.all().delete()
        Draft.objects.bulk_create(
            _draft(certificate, position, reading)
            for position, reading in enumerate(readings, start=1)
        )
        certificate.text = "\n".join(reading.text for reading in readings)
        certificate.status = ReadingStatus.READY
        certificate.read_message = (
            NO_TEXT_MESSAGE
            if not any(reading.method in ("pdf", "ocr") for reading in readings)
            else ""
        )
        certificate.save(update_fields=["text", "status", "read_message"])
    return certificate


def _draft(certificate: Certificate, position: int, reading: CertificateReading) -> Draft:
    last_page = min(max(reading.last_page, reading.first_page, 1), max(certificate.pages, 1))
    first_page = min(max(reading.first_page, 1), last_page)
    return Draft(
        certificate=certificate,
        position=position,
        first_page=first_page,
        last_page=last_page,
        text=reading.text,
        method=reading.method,
        suggestions=reading.suggestions.as_dict(),
    )


def certificate_read_fail(*, certificate_id: int, message: str = READ_FAILED_MESSAGE) -> None:
    """Give up reading: the certificate stays, and the physician types the details."""
    Certificate.objects.filter(
        pk=certificate_id, status__in=[ReadingStatus.QUEUED, ReadingStatus.READING]
    ).update(status=ReadingStatus.FAILED, read_message=message[:300])


def certificate_read_enqueue(*, certificate_id: int, ocr: bool = True) -> bool:
    """Hand the certificate to a worker; if the broker is down it stays queued for the sweep."""
    try:
        certificate_read_task.apply_async(
            args=(certificate_id,),
            kwargs={"ocr": ocr},
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception:
        # Whichever connection error the broker client raised, the row stays queued and
        # `certificates_read_stale` sends it again once the broker is back.
        logger.warning("Could not enqueue reading certificate %s; it stays queued", certificate_id)
        return False
    return True


def certificates_read_stale(*, older_than: datetime.timedelta = READ_STALE_AFTER) -> int:
    """Send again the readings stuck queued (broker was down) or reading (worker died)."""
    cutoff = timezone.now() - older_than
    stuck = Certificate.objects.filter(
        status__in=[ReadingStatus.QUEUED, ReadingStatus.READING], uploaded_at__lt=cutoff
    ).exclude(read_started_at__gte=cutoff)
    return sum(
        certificate_read_enqueue(certificate_id=pk) for pk in stuck.values_list("pk", flat=True)
    )


def draft_close(*, draft: Draft, status: str = Draft.Status.CONFIRMED) -> Draft:
    """Mark a draft confirmed (its activity is logged) or dismissed (not an activity)."""
    if status not in (Draft.Status.CONFIRMED, Draft.Status.DISMISSED):
        raise ValueError(status)
    Draft.objects.filter(pk=draft.pk).update(status=status)
    draft.status = status
    return draft


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=MAX_READ_ATTEMPTS,
    soft_time_limit=READ_SOFT_SECONDS,
    time_limit=READ_HARD_SECONDS,
)
def certificate_read_task(certificate_id: int, ocr: bool = True) -> str:
    """Read one stored certificate (text layer, OCR, bundles split into drafts)."""
    try:
        certificate = certificate_read(certificate_id=certificate_id, ocr=ocr)
    except OSError:
        raise  # storage hiccup: Celery retries with back-off
    except Exception:
        logger.exception("Reading certificate %s failed", certificate_id)
        certificate_read_fail(certificate_id=certificate_id)
        return ReadingStatus.FAILED
    if certificate is None:
        return "gone"
    try:
        # Half a second a page, here rather than when the physician opens the review page.
        pages_warm(certificate)
    except Exception:
        logger.warning("Could not draw the pages of certificate %s ahead", certificate_id)
    return certificate.status


@shared_task(acks_late=True)
def certificates_read_stale_task() -> int:
    """Send again the readings a dead broker or worker left behind."""
    return certificates_read_stale()
