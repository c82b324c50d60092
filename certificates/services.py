"""Every write to certificates: store an upload, delete one, purge orphaned files."""

import datetime
import logging
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User

from .extraction.text import extract_text
from .models import Certificate
from .validation import validate_upload

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreResult:
    certificate: Certificate
    created: bool
    # Shown to the user when no text could be read (a scan without OCR on this server).
    message: str = ""


def certificate_store(*, owner: User, upload: File, read_scans: bool = True) -> StoreResult:
    """Validate, deduplicate and store an upload; a refused or failed upload stores nothing.

    `read_scans=False` keeps the text layer but runs no OCR (an import, whose activities
    already carry their details).
    """
    valid = validate_upload(
        upload, name=upload.name or "", max_bytes=settings.CERTIFICATE_MAX_BYTES
    )
    existing = Certificate.objects.filter(owner=owner, sha256=valid.sha256).first()
    if existing is not None:
        return StoreResult(certificate=existing, created=False)
    extraction = extract_text(valid.data, valid.content_type, ocr=read_scans)
    certificate = Certificate(
        owner=owner,
        filename=valid.filename,
        content_type=valid.content_type,
        size=valid.size,
        sha256=valid.sha256,
        pages=valid.pages,
        text=extraction.text,
    )
    # The key comes from certificate_key (random); the user's name is never part of it.
    certificate.file.save(valid.filename, ContentFile(valid.data), save=False)
    stored = cast(str, certificate.file.name)  # just saved, so it has one
    try:
        with transaction.atomic():
            certificate.full_clean(validate_constraints=False)
            certificate.save()
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
    return StoreResult(certificate=certificate, created=True, message=extraction.message)


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
