"""Import ZIPs built to exhaust the server: refused from the ZIP's directory, nothing stored.

Each hostile ZIP is written byte by byte here (local headers, central directory, end record), the
way an attacker writes them, and sent to the real import routes (API and page).
"""

import hashlib
import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Profile
from reporting.record import portability
from tests.api.conftest import record_counts
from tests.api.test_portability import _export, _import, _rezip
from tests.certificates.conftest import stored_files

pytestmark = pytest.mark.django_db


@dataclass
class Member:
    name: str
    size: int  # uncompressed
    crc: int
    compressed: bytes


def deflated(data: bytes, *, repeat: int = 1) -> Member:
    """`data` repeated `repeat` times, deflated once (without building the whole of it)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunks, crc = [], 0
    for _ in range(repeat):
        chunks.append(packer.compress(data))
        crc = zlib.crc32(data, crc)
    chunks.append(packer.flush())
    return Member("", len(data) * repeat, crc, b"".join(chunks))


def raw_zip(members: list[Member], *, directory: list[tuple[str, int]] | None = None) -> bytes:
    """A ZIP of `members`; `directory` lists (name, index of the member whose bytes it names)."""
    out = io.BytesIO()
    offsets = []
    for member in members:
        offsets.append(out.tell())
        name = member.name.encode()
        sizes = (member.crc, len(member.compressed), member.size)
        header = (b"PK\x03\x04", 20, 0, 8, 0, 0x21, *sizes, len(name), 0)
        out.write(struct.pack("<4s5H3L2H", *header))
        out.write(name + member.compressed)
    start = out.tell()
    entries = directory or [(member.name, index) for index, member in enumerate(members)]
    for name_text, index in entries:
        member, name = members[index], name_text.encode()
        sizes = (member.crc, len(member.compressed), member.size)
        entry = (b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, *sizes, len(name), 0, 0, 0, 0, 0)
        out.write(struct.pack("<4s6H3L5H2L", *entry, offsets[index]))
        out.write(name)
    size = out.tell() - start
    count = len(entries)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()


def export_like(certificates: list[Member]) -> bytes:
    """An export whose documents are empty and whose manifest lists every certificate truly."""
    documents = {
        "profile.json": b"{}",
        "licenses.json": b"[]",
        "activities.json": b"[]",
        "certificates.json": b"[]",
        "activities.csv": b"",
    }
    members = [Member(name, **_packed(data)) for name, data in documents.items()]
    files = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in documents.items()
    }
    for member in certificates:
        members.append(member)
        files[member.name] = {"sha256": "0" * 64, "size": member.size}
    manifest = json.dumps({"format": portability.FORMAT, "version": 1, "files": files}).encode()
    members.append(Member("manifest.json", **_packed(manifest)))
    return raw_zip(members)


def _packed(data: bytes) -> dict[str, object]:
    member = deflated(data)
    return {"size": member.size, "crc": member.crc, "compressed": member.compressed}


@pytest.fixture
def opened_members(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every member the import opens to inflate (recorded, then opened as usual)."""
    opened: list[str] = []
    original = zipfile.ZipFile.open

    def recording(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(getattr(name, "filename", name))
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording)
    return opened


def refused(response, where: str = "file") -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == "Nothing was imported."
    return " ".join(body["errors"][where])


def test_a_two_megabyte_zip_declaring_two_gigabytes_is_refused_before_inflating(
    bob, bob_api, media, opened_members
) -> None:
    zeros = deflated(bytes(1024 * 1024), repeat=10)  # 10 MB of zeros in ~10 KB
    certificates = [
        Member(f"certificates/{n}-scan.pdf", zeros.size, zeros.crc, zeros.compressed)
        for n in range(205)
    ]
    bomb = export_like(certificates)
    assert len(bomb) < 2.5 * 1024 * 1024
    assert sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) > 2e9

    message = refused(_import(bob_api, bomb))

    assert "This ZIP expands to 2,050 MB; an import takes at most 1,024 MB." in message
    assert opened_members == []
    assert record_counts(bob) == (0, 0, 0)
    assert stored_files(media) == []


def test_one_file_expanding_a_thousand_times_is_refused_before_inflating(
    bob, bob_api, media, opened_members
) -> None:
    zeros = deflated(bytes(1024 * 1024), repeat=8)
    bomb = export_like([Member("certificates/1-scan.pdf", zeros.size, zeros.crc, zeros.compressed)])

    message = refused(_import(bob_api, bomb))

    assert "“certificates/1-scan.pdf” would expand" in message
    assert "no file of an export compresses that well" in message
    assert opened_members == []
    assert record_counts(bob) == (0, 0, 0)


def test_a_central_directory_naming_one_file_a_thousand_times_is_refused(
    bob, bob_api, media, opened_members
) -> None:
    payload = deflated(b"%PDF-1.7 " + bytes(range(256)) * 4000)
    payload.name = "certificates/1-scan.pdf"
    bomb = raw_zip([payload], directory=[(payload.name, 0)] * 1000)
    assert len(bomb) < 100 * 1024

    message = refused(_import(bob_api, bomb))

    assert "lists “certificates/1-scan.pdf” more than once" in message
    assert opened_members == []
    assert record_counts(bob) == (0, 0, 0)


def test_entries_that_share_the_same_compressed_bytes_are_refused(
    bob, bob_api, media, opened_members
) -> None:
    payload = deflated(b"%PDF-1.7 " + bytes(range(256)) * 4000)
    payload.name = "certificates/0000-scan.pdf"
    names = [f"certificates/{n:04d}-scan.pdf" for n in range(1000)]  # same length, same bytes
    bomb = raw_zip([payload], directory=[(name, 0) for name in names])

    message = refused(_import(bob_api, bomb))

    assert "The files in this ZIP overlap one another" in message
    assert opened_members == []
    assert record_counts(bob) == (0, 0, 0)


def test_a_zip_of_more_files_than_an_export_has_is_refused_from_its_end_record(
    bob, bob_api, media, opened_members
) -> None:
    empty = deflated(b"")
    members = [
        Member(f"certificates/{n}.pdf", empty.size, empty.crc, empty.compressed)
        for n in range(portability.MAX_MEMBERS + 1)
    ]

    message = refused(_import(bob_api, raw_zip(members)))

    assert f"more than {portability.MAX_MEMBERS:,} files" in message
    assert opened_members == []
    assert record_counts(bob) == (0, 0, 0)


def test_a_hundred_thousand_activity_rows_are_refused_before_any_is_checked(
    bob, alice_api, bob_api, alice_record, media
) -> None:
    data = _export(alice_api)
    rows = json.dumps([{"title": "x"}] * 100_000).encode()
    bad = _rezip(data, replace={"activities.json": rows}, fix_manifest=True)
    files_before = stored_files(media)

    message = refused(_import(bob_api, bad), "activities.json")

    assert message == "This file has 100,000 entries; an import takes at most 20,000."
    assert record_counts(bob) == (0, 0, 0)
    assert Profile.objects.get(user=bob).npi == ""
    assert stored_files(media) == files_before


def test_json_nested_a_hundred_thousand_deep_is_a_clear_400_not_a_crash(
    bob, alice_api, bob_api, alice_record, media
) -> None:
    data = _export(alice_api)
    nested = b"[" * 100_000 + b"]" * 100_000
    bad = _rezip(data, replace={"activities.json": nested}, fix_manifest=True)

    message = refused(_import(bob_api, bad), "activities.json")

    assert "nests lists or objects far too deeply" in message
    assert record_counts(bob) == (0, 0, 0)


def test_the_import_page_refuses_a_bomb_with_the_same_message(bob, media, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bob)
    zeros = deflated(bytes(1024 * 1024), repeat=8)
    bomb = export_like([Member("certificates/1-scan.pdf", zeros.size, zeros.crc, zeros.compressed)])

    response = client.post(
        reverse("reporting:import"), {"file": SimpleUploadedFile("export.zip", bomb)}
    )

    assert response.status_code == 400
    assert "would expand" in response.content.decode()
    assert record_counts(bob) == (0, 0, 0)
    assert stored_files(media) == []
