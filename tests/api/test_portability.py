"""Export → import round trip: the ZIP's contents, its manifest, and an all-or-nothing import."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.test import Client

from accounts.models import Profile
from accounts.services import api_token_create
from certificates.models import Certificate
from reporting.models import License
from reporting.record import portability
from tests.api.conftest import bearer_client, record_counts
from tests.certificates.conftest import stored_files
from tests.certificates.factories import make_pdf

pytestmark = pytest.mark.django_db


def _export(client: Client) -> bytes:
    response = client.get("/api/v1/export")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert response.streaming
    return b"".join(response.streaming_content)


def _rezip(data: bytes, *, replace: dict[str, bytes], fix_manifest: bool) -> bytes:
    """The export with some files replaced; the manifest updated to match, or left as it was."""
    source = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(source.read("manifest.json"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name == "manifest.json":
                continue
            content = replace.get(name, source.read(name))
            if fix_manifest:
                manifest["files"][name] = {
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "size": len(content),
                }
            target.writestr(name, content)
        target.writestr("manifest.json", json.dumps(manifest))
    return out.getvalue()


def _import(client: Client, data: bytes):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/import", {"file": io.BytesIO(data)})


def test_the_export_holds_every_file_with_its_hash_in_the_manifest(
    alice, alice_api, alice_record
) -> None:
    archive = zipfile.ZipFile(io.BytesIO(_export(alice_api)))
    names = set(archive.namelist())
    pdf, scan = alice_record["certificates"]
    assert {
        "activities.csv",
        "activities.json",
        "licenses.json",
        "attestations.json",
        "profile.json",
        "certificates.json",
        "manifest.json",
        portability.certificate_member(pdf),
        portability.certificate_member(scan),
    } == names
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "cmetrack-export"
    assert set(manifest["files"]) == names - {"manifest.json"}
    for name, entry in manifest["files"].items():
        content = archive.read(name)
        assert entry == {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    # The certificate files are the bytes that were uploaded.
    with pdf.file.open("rb") as stored:
        assert archive.read(portability.certificate_member(pdf)) == stored.read()
    assert manifest["files"][portability.certificate_member(pdf)]["sha256"] == pdf.sha256

    profile = json.loads(archive.read("profile.json"))
    assert profile["email"] == "alice@example.com"
    assert profile["npi"] == "1234567893"
    assert profile["birth_date"] == "1980-04-02"
    licenses = json.loads(archive.read("licenses.json"))
    assert [(row["board"], row["number"]) for row in licenses] == [
        ("TX-MD", "Q12345"),
        ("US-DEA", "AN1234563"),
    ]
    activities = json.loads(archive.read("activities.json"))
    assert len(activities) == 12
    ethics = next(row for row in activities if row["title"] == "Grand rounds 3")
    assert ethics["topics"] == ["medical-ethics"]
    assert ethics["credits"] == "4.25"
    backed = next(row for row in activities if row["title"] == "Grand rounds 2")
    assert backed["certificate"] == pdf.pk
    rows = list(csv.DictReader(io.StringIO(archive.read("activities.csv").decode())))
    assert len(rows) == 12
    # The spreadsheet copy defuses formulas, like the activities CSV export.
    assert {row["provider"] for row in rows} >= {"'=HYPERLINK(1)"}


def test_a_read_only_token_may_export_but_not_import(alice, alice_record) -> None:
    reader = bearer_client(alice, scope="read")
    data = _export(reader)
    assert _import(reader, data).status_code == 403


def test_bob_exports_only_his_own_empty_record(bob_api, alice_record) -> None:
    archive = zipfile.ZipFile(io.BytesIO(_export(bob_api)))
    assert json.loads(archive.read("activities.json")) == []
    assert json.loads(archive.read("licenses.json")) == []
    assert not [name for name in archive.namelist() if name.startswith("certificates/")]


def test_import_into_an_empty_account_brings_everything_back(
    alice, bob, alice_api, bob_api, alice_record, media
) -> None:
    data = _export(alice_api)
    response = _import(bob_api, data)
    assert response.status_code == 201, response.json()
    assert response.json() == {"licenses": 2, "activities": 12, "certificates": 2}
    assert record_counts(bob) == record_counts(alice)
    profile = Profile.objects.get(user=bob)
    assert (profile.npi, profile.full_name) == ("1234567893", "Alice Ng")
    backed = bob.activities.get(title="Grand rounds 2")
    assert backed.certificate.owner == bob
    assert backed.certificate.sha256 == alice_record["certificates"][0].sha256
    assert sorted(
        bob.activities.get(title="Grand rounds 4").topics.values_list("slug", flat=True)
    ) == [
        "opioid-prescribing",
        "pain-management",
    ]
    assert bob.activities.get(title="Grand rounds 0").provider == "=HYPERLINK(1)"
    assert bob.activities.get(title="Grand rounds 1").notes == "Line one\nline two"
    # Bob's copies are files of his own, not links to Alice's.
    assert len(stored_files(media)) == 4
    # The same export of Bob now is the same record (ids aside).
    again = zipfile.ZipFile(io.BytesIO(_export(bob_api)))
    first = zipfile.ZipFile(io.BytesIO(data))
    assert again.read("activities.csv") == first.read("activities.csv")


def test_import_refuses_an_account_that_is_not_empty(alice, alice_api, alice_record) -> None:
    data = _export(alice_api)
    before = record_counts(alice)
    response = _import(alice_api, data)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Nothing was imported."
    message = body["errors"]["file"][0]
    assert "only be imported into an empty account" in message
    assert "12 activities, 2 licenses and 2 certificates" in message
    assert record_counts(alice) == before


def test_one_bad_activity_row_imports_nothing_and_names_the_row(
    bob, alice_api, bob_api, alice_record, media
) -> None:
    data = _export(alice_api)
    files_before = stored_files(media)
    activities = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("activities.json"))
    activities[7]["credits"] = "-3"
    activities[9]["credit_type"] = "made-up"
    bad = _rezip(
        data, replace={"activities.json": json.dumps(activities).encode()}, fix_manifest=True
    )

    response = _import(bob_api, bad)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["activities.json"]
    assert errors["activities.json"][0].startswith("Activity 8 (“Grand rounds")
    assert "credits" in errors["activities.json"][0]
    assert "Activity 10" in errors["activities.json"][1]
    assert "Unknown credit type “made-up”" in errors["activities.json"][1]
    assert record_counts(bob) == (0, 0, 0)
    assert Profile.objects.get(user=bob).npi == ""  # the profile was not touched either
    assert stored_files(media) == files_before  # no certificate file was written


def test_a_tampered_certificate_imports_nothing_and_names_the_file(
    bob, alice_api, bob_api, alice_record, media
) -> None:
    data = _export(alice_api)
    pdf = alice_record["certificates"][0]
    member = portability.certificate_member(pdf)
    forged = make_pdf(["Certificate of Completion", "Medical ethics, 20 credits"])
    bad = _rezip(data, replace={member: forged}, fix_manifest=False)
    files_before = stored_files(media)

    response = _import(bob_api, bad)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [member]
    assert "SHA-256 does not match manifest.json" in errors[member][0]
    assert record_counts(bob) == (0, 0, 0)
    assert stored_files(media) == files_before


def test_a_bad_license_and_a_file_that_is_not_a_zip_are_refused(
    bob, alice_api, bob_api, alice_record
) -> None:
    data = _export(alice_api)
    licenses = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("licenses.json"))
    licenses[0]["board"] = "ZZ-MD"
    licenses[1]["expires_on"] = "2001-01-01"
    bad = _rezip(data, replace={"licenses.json": json.dumps(licenses).encode()}, fix_manifest=True)
    errors = _import(bob_api, bad).json()["errors"]["licenses.json"]
    assert "License 1 (ZZ-MD Q12345): board: Unknown board code 'ZZ-MD'" in errors[0]
    assert errors[1].startswith("License 2 (US-DEA AN1234563): expires on:")

    not_zip = _import(bob_api, b"%PDF-1.7 not a zip")
    assert not_zip.json()["errors"] == {
        "file": ["This is not a CME Track export: it is not a ZIP file."]
    }
    missing = _import(bob_api, _rezip(data, replace={}, fix_manifest=True)[:0] or b"")
    assert missing.status_code == 400
    assert record_counts(bob) == (0, 0, 0)
    assert not License.objects.filter(owner=bob).exists()


def test_a_file_added_behind_the_manifests_back_is_refused(
    bob, alice_api, bob_api, alice_record
) -> None:
    data = _export(alice_api)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("certificates/99-extra.pdf", make_pdf())
    errors = _import(bob_api, out.getvalue()).json()["errors"]
    assert errors == {"certificates/99-extra.pdf": ["This file is not listed in manifest.json."]}
    assert record_counts(bob) == (0, 0, 0)
    assert not Certificate.objects.filter(owner=bob).exists()


def test_import_without_a_file_is_a_400_naming_the_field(bob_api) -> None:
    response = bob_api.post("/api/v1/import")
    assert response.status_code == 400
    assert response.json()["errors"] == {"file": ["This field is required."]}


def test_the_service_can_be_used_without_http(alice, bob, alice_record) -> None:
    data = b"".join(portability.account_export_stream(user=alice))
    summary = portability.account_import(user=bob, upload=io.BytesIO(data))
    assert summary == portability.ImportSummary(licenses=2, activities=12, certificates=2)
    _, raw = api_token_create(user=bob, name="x")
    assert raw  # bob's account works on
