"""A big record exports without the server holding its certificates in memory."""

import hashlib
import json
import os
import tracemalloc
import zipfile

import pytest
from django.core.files.base import ContentFile

from certificates.models import Certificate
from reporting.record import portability

pytestmark = pytest.mark.django_db

FILES = 10
FILE_BYTES = 2 * 1024 * 1024  # 20 MB of certificates in all


def test_export_memory_stays_far_below_the_size_of_the_certificates(alice, tmp_path) -> None:
    for number in range(FILES):
        # Random bytes do not compress: the ZIP is as big as the files. The rows are made
        # directly (certificate_store's validation has its own tests and would be slow here).
        data = os.urandom(FILE_BYTES)
        certificate = Certificate(
            owner=alice,
            filename=f"certificate-{number}.pdf",
            content_type=Certificate.ContentType.PDF,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        certificate.file.save(certificate.filename, ContentFile(data), save=True)
    del data

    spool = tmp_path / "export.zip"  # as the socket would: what was sent is not kept
    tracemalloc.start()
    try:
        total, largest_chunk = 0, 0
        with spool.open("wb") as sent:
            for chunk in portability.account_export_stream(user=alice):
                total += len(chunk)
                largest_chunk = max(largest_chunk, len(chunk))
                sent.write(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert total > FILES * FILE_BYTES
    assert largest_chunk < 1024 * 1024
    # Measured: ~0.7 MB for ~21 MB exported.
    assert peak < 2 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for {total / 1e6:.1f} MB exported"
    archive = zipfile.ZipFile(spool)
    manifest = json.loads(archive.read("manifest.json"))
    certificates = [name for name in manifest["files"] if name.startswith("certificates/")]
    assert len(certificates) == FILES
    for certificate in Certificate.objects.filter(owner=alice):
        entry = manifest["files"][portability.certificate_member(certificate)]
        assert entry == {"sha256": certificate.sha256, "size": FILE_BYTES}
