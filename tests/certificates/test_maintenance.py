"""Orphaned files: what the cron jobs clean up."""

import io
import os
import time

import pytest
from django.core.management import call_command

from tests.certificates.conftest import stored_files
from tests.certificates.factories import make_pdf
from tests.certificates.helpers import store

pytestmark = pytest.mark.django_db


def test_orphaned_files_older_than_the_cutoff_are_purged(alice, media) -> None:
    kept = store(alice, make_pdf(["Certificate of Completion", "Still wanted"]))
    folder = media / "certificates"
    old_orphan = folder / "0123456789abcdef0123456789abcdef.pdf"
    new_orphan = folder / "fedcba9876543210fedcba9876543210.pdf"
    old_orphan.write_bytes(b"%PDF-1.7 left behind by a rolled-back caller")
    new_orphan.write_bytes(b"%PDF-1.7 an upload between write and commit")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old_orphan, (two_days_ago, two_days_ago))
    os.utime(media / kept.file.name, (two_days_ago, two_days_ago))

    out = io.StringIO()
    call_command("purge_orphan_certificates", stdout=out)

    assert stored_files(media) == sorted([kept.file.name, f"certificates/{new_orphan.name}"])
    assert out.getvalue().strip().endswith("1 orphaned file(s) deleted.")


def test_the_nightly_purge_task_removes_old_orphans(alice, media) -> None:
    from certificates.tasks import certificate_orphans_purge_task

    orphan = media / "certificates" / "0123456789abcdef0123456789abcdef.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-1.7 left behind")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(orphan, (two_days_ago, two_days_ago))
    assert certificate_orphans_purge_task() == 1
    assert not orphan.exists()
