"""Orphaned files and the admin: what staff and cron jobs see."""

import io
import os
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.certificates.conftest import stored_files
from tests.certificates.factories import make_pdf
from tests.certificates.helpers import store
from tests.security.mfa import enable_totp

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


def test_staff_see_certificates_in_the_admin_but_cannot_add_edit_or_delete(alice) -> None:
    certificate = store(alice, make_pdf(["Certificate of Completion"]), "admin.pdf")
    staff = get_user_model().objects.create_superuser(email="root@example.com", password="x" * 12)
    enable_totp(staff)  # staff without two-factor are kept out of the admin
    client = Client()
    client.force_login(staff)

    listing = client.get(reverse("admin:certificates_certificate_changelist"))
    assert listing.status_code == 200
    assert "admin.pdf" in listing.content.decode()
    change = client.get(reverse("admin:certificates_certificate_change", args=[certificate.pk]))
    page = change.content.decode()
    # Staff see a certificate's metadata in the admin; the file stays its owner's alone.
    assert "/download" not in page
    assert 'type="file"' not in page
    assert client.get(reverse("admin:certificates_certificate_add")).status_code == 403
    delete = client.get(reverse("admin:certificates_certificate_delete", args=[certificate.pk]))
    assert delete.status_code == 403


def test_the_nightly_purge_task_removes_old_orphans(alice, media) -> None:
    from certificates.tasks import certificate_orphans_purge_task

    orphan = media / "certificates" / "0123456789abcdef0123456789abcdef.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-1.7 left behind")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(orphan, (two_days_ago, two_days_ago))
    assert certificate_orphans_purge_task() == 1
    assert not orphan.exists()
