"""Take your record with you, and bring it back: one ZIP out, the same ZIP into an empty account.

The ZIP holds `profile.json` (with the practice facts), `licenses.json`, `attestations.json`,
`activities.json` (what import reads), `activities.csv` (the same activities for a spreadsheet),
`certificates.json` and every certificate under `certificates/`, and `manifest.json` with the
SHA-256 and size of each file. An export from before attestations has no `attestations.json`.

Export streams: the ZIP is written to a buffer that is drained after every chunk, and each
certificate is read in chunks, so memory stays flat however many certificates there are.

Import checks everything before it writes anything (the manifest's hashes, then every profile
field, license, certificate and activity with the same validation as the pages and the API),
then writes through the same services inside one transaction: all of it, or nothing.
"""

import dataclasses
import datetime
import hashlib
import io
import itertools
import json
import logging
import re
import struct
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import IO, Any, NoReturn, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import PROFILE_FIELDS, Profile, User
from accounts.schemas import profile_record
from accounts.selectors import profile_get
from accounts.services import profile_update
from activities.models import Activity, CreditType, Format, Topic
from activities.schemas import activity_out
from activities.services import activity_create, activity_validate
from activities.spreadsheets import activities_csv_write
from certificates.models import Certificate
from certificates.services import certificate_store
from certificates.validation import UploadRejected, validate_upload
from cmetrack.lib.downloads import StreamSink
from reporting import conditions
from reporting.licenses import services as licenses_services
from reporting.licenses.schemas import license_record
from reporting.models import Attestation, Board, License
from reporting.rules import selectors as rules_selectors

logger = logging.getLogger(__name__)

FORMAT = "cmetrack-export"
VERSION = 1
CHUNK_BYTES = 64 * 1024
# Budgets checked against the ZIP's own directory before one byte is inflated. An export of a
# long career (20,000 activities, each with a certificate) fits well inside every one of them.
DOCUMENT_MAX_BYTES = 16 * 1024 * 1024  # a JSON or CSV file inside the ZIP
MAX_MEMBERS = 20_000
# What one file may expand to relative to its compressed size. JSON and CSV compress about 5-20
# times and PDFs barely; a member far past this is a bomb. Small members are exempt (a file of
# repeated blank rows compresses extremely well and costs nothing).
MAX_RATIO = 100
RATIO_EXEMPT_BYTES = 1024 * 1024
# The central directory of MAX_MEMBERS entries with names of ordinary length.
MAX_DIRECTORY_BYTES = MAX_MEMBERS * 512
MAX_ROWS = {
    "licenses.json": 1_000,
    "certificates.json": MAX_MEMBERS,
    "activities.json": MAX_MEMBERS,
}
DOCUMENTS = ("profile.json", "licenses.json", "activities.json", "certificates.json")
ATTESTATIONS = "attestations.json"  # optional: exports older than attestations lack it
TAMPERED = (
    "Its SHA-256 does not match manifest.json: the file was changed or damaged after the export."
)
_ZIP_EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)


# --- Export -----------------------------------------------------------------------------------
def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def certificate_member(certificate: Certificate) -> str:
    """The certificate's path inside the ZIP: unique by id, readable by its original name."""
    safe = re.sub(r"[^A-Za-z0-9._ ()-]", "_", certificate.filename).strip(" .") or "certificate"
    return f"certificates/{certificate.pk}-{safe}"


def _profile_document(user: User) -> dict[str, Any]:
    return profile_record(user, profile_get(user=user)).model_dump(mode="json")


def _licenses_document(user: User) -> list[dict[str, Any]]:
    licenses = License.objects.filter(owner=user).select_related("board").order_by("pk")
    return [license_record(license).model_dump(mode="json") for license in licenses]


def _attestations_document(user: User) -> list[dict[str, Any]]:
    rows = (
        Attestation.objects.filter(license__owner=user)
        .select_related("license__board")
        .order_by("license_id", "requirement_code")
    )
    return [
        {
            "license": row.license_id,
            "board": row.license.board.code,
            "requirement_code": row.requirement_code,
            "kind": row.kind,
            "completed_on": _date(row.completed_on),
            "reason": row.reason,
            "attested_at": row.created_at.isoformat(),
            "updated_at": row.updated_at.isoformat(),
        }
        for row in rows
    ]


def _activities(user: User) -> Any:
    return (
        Activity.objects.filter(owner=user)
        .select_related("credit_type")
        .prefetch_related("topics")
        .order_by("completed_on", "pk")
    )


def _activities_document(user: User) -> list[dict[str, Any]]:
    return [activity_out(activity).model_dump(mode="json") for activity in _activities(user)]


def _certificates(user: User) -> Any:
    # Not the extracted text: it is rebuilt from the file on import.
    return Certificate.objects.filter(owner=user).defer("text").order_by("pk")


def _certificates_document(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": certificate.pk,
            "file": certificate_member(certificate),
            "filename": certificate.filename,
            "content_type": certificate.content_type,
            "size": certificate.size,
            "sha256": certificate.sha256,
            "uploaded_at": certificate.uploaded_at.isoformat(),
        }
        for certificate in _certificates(user)
    ]


def _info(name: str, when: datetime.datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=max(when, _ZIP_EPOCH).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def account_export_stream(*, user: User) -> Iterator[bytes]:
    """The user's whole record as a ZIP, chunk by chunk (never all certificates in memory)."""
    now = timezone.localtime()
    csv_text = io.StringIO()
    activities_csv_write(activities=_activities(user), stream=csv_text)
    documents = {
        "profile.json": _profile_document(user),
        "licenses.json": _licenses_document(user),
        ATTESTATIONS: _attestations_document(user),
        "activities.json": _activities_document(user),
        "certificates.json": _certificates_document(user),
    }
    files: dict[str, dict[str, Any]] = {}
    sink = StreamSink()
    # The sink cannot seek, so zipfile writes each file's sizes in a data descriptor after it.
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]  # the sink has no close(); zipfile never calls it
        contents = {
            name: json.dumps(document, indent=2, ensure_ascii=False).encode()
            for name, document in documents.items()
        }
        contents["activities.csv"] = csv_text.getvalue().encode("utf-8")
        for name, data in contents.items():
            archive.writestr(_info(name, now), data)
            files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            yield sink.drain()
        for certificate in _certificates(user).iterator(chunk_size=200):
            name = certificate_member(certificate)
            digest, size = hashlib.sha256(), 0
            storage = certificate.file.storage
            info = _info(name, timezone.localtime(certificate.uploaded_at))
            with (
                storage.open(certificate.file.name, "rb") as source,
                archive.open(info, "w") as target,
            ):
                while chunk := source.read(CHUNK_BYTES):
                    target.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    if data := sink.drain():
                        yield data
            files[name] = {"sha256": digest.hexdigest(), "size": size}
            yield sink.drain()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": now.isoformat(),
            "account": user.email,
            "files": files,
        }
        archive.writestr(_info("manifest.json", now), json.dumps(manifest, indent=2).encode())
    yield sink.drain()


def export_filename() -> str:
    return f"cme-track-export-{timezone.localdate().isoformat()}.zip"


# --- Import -----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class ImportSummary:
    licenses: int
    activities: int
    certificates: int


class ImportRefused(ValidationError):
    """Nothing was imported; `message_dict` names each file of the ZIP (or "file") and why."""


@dataclasses.dataclass
class _Plan:
    """What the ZIP holds, each part already checked, ready for the services to write."""

    profile: dict[str, Any]
    practice_facts: dict[str, bool]
    licenses: list[tuple[Any, dict[str, Any]]]  # (exported id, fields)
    attestations: list[tuple[Any, dict[str, Any]]]  # (exported license id, fields)
    certificates: dict[int, tuple[str, str]]  # exported id -> (member, original file name)
    activities: list[tuple[dict[str, Any], list[Topic], int | None]]


class _Errors:
    def __init__(self) -> None:
        self.by_file: dict[str, list[str]] = {}

    def add(self, member: str, message: str) -> None:
        self.by_file.setdefault(member, []).append(message)

    def raise_any(self) -> None:
        if self.by_file:
            raise ImportRefused(self.by_file)


def account_is_empty(*, user: User) -> bool:
    return not (
        Activity.objects.filter(owner=user).exists()
        or License.objects.filter(owner=user).exists()
        or Certificate.objects.filter(owner=user).exists()
    )


def _refuse_non_empty(user: User) -> None:
    if not account_is_empty(user=user):
        counts = (
            f"{Activity.objects.filter(owner=user).count()} activities, "
            f"{License.objects.filter(owner=user).count()} licenses and "
            f"{Certificate.objects.filter(owner=user).count()} certificates"
        )
        raise ImportRefused(
            {
                "file": [
                    "An export can only be imported into an empty account, so that nothing is "
                    f"mixed up or counted twice. This account already has {counts}. "
                    "Import into a new account instead."
                ]
            }
        )


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"{field.replace('_', ' ')}: {message}" if field != "__all__" else message
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return list(exc.messages)


NOT_A_ZIP = "This is not a CME Track export: it is not a ZIP file."


def _refuse(message: str, where: str = "file") -> NoReturn:
    raise ImportRefused({where: [message]})


def _open(upload: IO[bytes]) -> zipfile.ZipFile:
    _check_directory_size(upload)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        _refuse(NOT_A_ZIP)
    try:
        _check_budgets(archive)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_directory_size(upload: IO[bytes]) -> None:
    """Refuse a central directory too large to be ours before zipfile parses every entry of it."""
    upload.seek(0, 2)
    size = upload.tell()
    tail_size = min(size, 22 + 65_535)  # the end record and the longest comment it may carry
    upload.seek(size - tail_size)
    tail = upload.read(tail_size)
    upload.seek(0)
    end = tail.rfind(b"PK\x05\x06")
    if end == -1 or len(tail) - end < 22:
        _refuse(NOT_A_ZIP)
    _, _, _, _, entries, directory_bytes, _, _ = struct.unpack("<4s4H2LH", tail[end : end + 22])
    # 0xFFFF entries means "see the ZIP64 record": more than an export of ours ever holds.
    if entries > MAX_MEMBERS or directory_bytes > MAX_DIRECTORY_BYTES:
        _refuse(f"This ZIP has more than {MAX_MEMBERS:,} files; an export has fewer.")


def _check_budgets(archive: zipfile.ZipFile) -> None:
    """Sizes, ratios, names and layout from the ZIP's directory, before anything is inflated."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        _refuse(f"This ZIP has more than {MAX_MEMBERS:,} files; an export has fewer.")
    seen: set[str] = set()
    for info in infos:
        if info.filename in seen:
            _refuse(
                f"This ZIP lists “{info.filename[:200]}” more than once; an export names each "
                "file once."
            )
        seen.add(info.filename)
    total = sum(info.file_size for info in infos)
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    if total > limit:
        _refuse(
            f"This ZIP expands to {total / 2**20:,.0f} MB; an import takes at most "
            f"{limit / 2**20:,.0f} MB."
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_EXEMPT_BYTES and ratio > MAX_RATIO:
            _refuse(
                f"“{info.filename[:200]}” would expand {ratio:,.0f} times its size; no file of an "
                "export compresses that well, so this ZIP is refused."
            )
    # Each file's compressed data must end before the next one starts: entries that share
    # bytes let a small ZIP expand the same data again and again.
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for current, following in itertools.pairwise(ordered):
        local_header = 30 + len(current.orig_filename.encode("utf-8", "surrogateescape"))
        if current.header_offset + local_header + current.compress_size > following.header_offset:
            _refuse("The files in this ZIP overlap one another; an export's never do.")


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        return member.read(DOCUMENT_MAX_BYTES + 1)


def _check_manifest(archive: zipfile.ZipFile) -> None:
    """Every file is listed in the manifest with its hash and size, and nothing is missing."""
    errors = _Errors()
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise ImportRefused({"file": [f"This ZIP has more than {MAX_MEMBERS:,} files."]})
    names = {info.filename for info in infos}
    if "manifest.json" not in names:
        raise ImportRefused({"file": ["This is not a CME Track export: it has no manifest.json."]})
    try:
        manifest = json.loads(_read_member(archive, "manifest.json"))
        files = manifest["files"]
        if manifest.get("format") != FORMAT or not isinstance(files, dict):
            raise ValueError
    except (ValueError, KeyError, TypeError, RecursionError, zipfile.BadZipFile):
        raise ImportRefused(
            {"manifest.json": ["This manifest is not one CME Track wrote."]}
        ) from None
    for name in sorted(set(DOCUMENTS) | {"activities.csv"}):
        if name not in names:
            errors.add(name, "This file is missing from the ZIP.")
    for info in infos:
        name = info.filename
        if name == "manifest.json":
            continue
        expected = files.get(name)
        if not isinstance(expected, dict) or "sha256" not in expected:
            errors.add(name, "This file is not listed in manifest.json.")
            continue
        limit = (
            settings.CERTIFICATE_MAX_BYTES
            if name.startswith("certificates/")
            else DOCUMENT_MAX_BYTES
        )
        if info.file_size > limit:
            errors.add(name, f"This file is larger than {limit // (1024 * 1024)} MB.")
            continue
        digest = hashlib.sha256()
        try:
            with archive.open(info) as member:
                while chunk := member.read(CHUNK_BYTES):
                    digest.update(chunk)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            errors.add(name, "This file is damaged and cannot be read.")
            continue
        if digest.hexdigest() != expected["sha256"] or expected.get("size") != info.file_size:
            errors.add(name, TAMPERED)
    for name in sorted(set(files) - names):
        errors.add(name, "manifest.json lists this file but the ZIP does not have it.")
    errors.raise_any()


def _document(
    archive: zipfile.ZipFile, name: str, kind: type[list[Any]] | type[dict[str, Any]]
) -> Any:
    try:
        document = json.loads(_read_member(archive, name))
    except ValueError:
        raise ImportRefused({name: ["This file is not valid JSON."]}) from None
    except RecursionError:
        # The parser recurses once per level; an export is never more than four deep.
        raise ImportRefused(
            {name: ["This file nests lists or objects far too deeply to be a CME Track export."]}
        ) from None
    if not isinstance(document, kind):
        expected = "a list" if kind is list else "an object"
        raise ImportRefused({name: [f"This file must hold {expected}."]})
    rows = MAX_ROWS.get(name)
    if rows is not None and len(document) > rows:
        raise ImportRefused(
            {name: [f"This file has {len(document):,} entries; an import takes at most {rows:,}."]}
        )
    return document


def _parse_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("Enter a valid date (YYYY-MM-DD).") from None


def _dates(row: dict[str, Any], names: tuple[str, ...]) -> tuple[dict[str, Any], dict]:
    parsed, errors = {}, {}
    for name in names:
        try:
            parsed[name] = _parse_date(row.get(name))
        except ValidationError as exc:
            errors[name] = exc.messages
    return parsed, errors


def _check_profile(user: User, document: dict[str, Any], errors: _Errors) -> dict[str, Any]:
    fields = {name: document[name] for name in PROFILE_FIELDS if name in document}
    dates, date_errors = _dates(fields, ("birth_date",))
    fields.update(dates if "birth_date" in fields else {})
    # user_id, not user: assigning the user would cache this unsaved copy as user.profile.
    profile = Profile(user_id=user.pk, **{**_profile_values(profile_get(user=user)), **fields})
    try:
        if date_errors:
            raise ValidationError(date_errors)
        profile.full_clean(exclude=["user"])
    except ValidationError as exc:
        for message in _messages(exc):
            errors.add("profile.json", message)
    return fields


def _profile_values(profile: Profile) -> dict[str, Any]:
    return {name: getattr(profile, name) for name in PROFILE_FIELDS}


def _check_licenses(
    user: User, rows: list[Any], errors: _Errors
) -> list[tuple[Any, dict[str, Any]]]:
    boards = {board.code.upper(): board for board in Board.objects.all()}
    valid_codes = ", ".join(sorted(boards))
    planned = []
    for number, row in enumerate(rows, start=1):
        where = f"License {number}"
        if not isinstance(row, dict):
            errors.add("licenses.json", f"{where}: this entry must be an object.")
            continue
        where = f"License {number} ({row.get('board')} {row.get('number')})"
        fields, field_errors = _dates(row, ("issued_on", "expires_on", "cycle_start", "cycle_end"))
        board = boards.get(str(row.get("board") or "").upper())
        if board is None:
            field_errors["board"] = [
                f"Unknown board code {row.get('board')!r}. Valid: {valid_codes}."
            ]
        answers = row.get("condition_answers")
        if answers is None:
            # An export from before Yes/No answers listed only the ticked conditions: those
            # stay a Yes, and the rest are asked again rather than taken as No.
            ticked = row.get("conditions") or []
            answers = {code: True for code in ticked} if isinstance(ticked, list) else ticked
        fields.update(board=board, number=row.get("number") or "", condition_answers=answers)
        try:
            if field_errors:
                raise ValidationError(field_errors)
            License(owner=user, **fields).full_clean()
        except ValidationError as exc:
            for message in _messages(exc):
                errors.add("licenses.json", f"{where}: {message}")
            continue
        planned.append((row.get("id"), fields))
    return planned


def _check_practice_facts(document: dict[str, Any], errors: _Errors) -> dict[str, bool]:
    facts = document.get("practice_facts") or {}
    asked = conditions.asked_on(conditions.PROFILE)
    if not isinstance(facts, dict):
        errors.add("profile.json", "practice_facts must be an object of Yes/No answers.")
        return {}
    unknown = sorted(set(facts) - set(asked))
    if unknown:
        errors.add(
            "profile.json",
            f"practice_facts: unknown question(s) {', '.join(unknown)}. Valid: {', '.join(asked)}.",
        )
    not_bool = sorted(code for code, value in facts.items() if not isinstance(value, bool))
    if not_bool:
        errors.add(
            "profile.json",
            f"practice_facts: answer true or false to {', '.join(not_bool)}.",
        )
    return {} if unknown or not_bool else facts


def _check_attestations(
    user: User, rows: list[Any], licenses: list[tuple[Any, dict[str, Any]]], errors: _Errors
) -> list[tuple[Any, dict[str, Any]]]:
    """Each attestation names a license of this export and a requirement of its board's rules."""
    by_id = {exported: fields for exported, fields in licenses if exported is not None}
    planned = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.add(ATTESTATIONS, f"Attestation {number}: this entry must be an object.")
            continue
        code = str(row.get("requirement_code") or "")
        where = f"Attestation {number} ({code})"
        fields = by_id.get(row.get("license"))
        if fields is None:
            errors.add(
                ATTESTATIONS,
                f"{where}: it names license {row.get('license')!r}, which is not in licenses.json.",
            )
            continue
        license = License(owner=user, **fields)
        dates, field_errors = _dates(row, ("completed_on",))
        if rules_selectors.license_requirement(license=license, code=code) is None:
            field_errors["requirement_code"] = [
                f"{fields['board'].code}'s rules for this cycle have no requirement {code!r}."
            ]
        attestation = Attestation(
            requirement_code=code,
            kind=row.get("kind") or "",
            completed_on=dates.get("completed_on"),
            reason=str(row.get("reason") or "").strip(),
        )
        try:
            if field_errors:
                raise ValidationError(field_errors)
            attestation.full_clean(exclude=["license"], validate_unique=False)
        except ValidationError as exc:
            for message in _messages(exc):
                errors.add(ATTESTATIONS, f"{where}: {message}")
            continue
        planned.append(
            (
                row.get("license"),
                {
                    "requirement_code": code,
                    "kind": attestation.kind,
                    "completed_on": attestation.completed_on,
                    "reason": attestation.reason,
                },
            )
        )
    return planned


def _check_certificates(
    archive: zipfile.ZipFile, rows: list[Any], errors: _Errors
) -> dict[int, tuple[str, str]]:
    planned: dict[int, tuple[str, str]] = {}
    names = set(archive.namelist())
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not isinstance(row.get("id"), int):
            errors.add("certificates.json", f"Certificate {number}: it needs a numeric id.")
            continue
        member, filename = row.get("file"), str(row.get("filename") or "certificate")
        if member not in names or not str(member).startswith("certificates/"):
            errors.add(
                "certificates.json", f"Certificate {number} ({filename}): its file is missing."
            )
            continue
        try:
            with archive.open(member) as source:
                validate_upload(source, name=filename, max_bytes=settings.CERTIFICATE_MAX_BYTES)
        except UploadRejected as rejected:
            errors.add(member, str(rejected.message))
            continue
        planned[row["id"]] = (member, filename)
    return planned


def _check_activities(
    user: User, rows: list[Any], certificates: set[int], degree: str, errors: _Errors
) -> list[tuple[dict[str, Any], list[Topic], int | None]]:
    credit_types = {credit_type.slug: credit_type for credit_type in CreditType.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    planned = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.add("activities.json", f"Activity {number}: this entry must be an object.")
            continue
        where = f"Activity {number} (“{row.get('title') or ''}”)"
        fields, field_errors = _dates(row, ("started_on", "completed_on"))
        slug = row.get("credit_type")
        credit_type = credit_types.get(slug) if isinstance(slug, str) else None
        if credit_type is None:
            field_errors["credit_type"] = [
                f"Unknown credit type “{slug}”; use one of {', '.join(credit_types)}."
            ]
        try:
            credits = Decimal(str(row.get("credits")))
        except InvalidOperation:
            credits = None
            field_errors["credits"] = ["Enter a number."]
        slugs = row.get("topics") or []
        if not isinstance(slugs, list):
            slugs = []
            field_errors["topics"] = ["Give the topics as a list of slugs."]
        unknown = [slug for slug in slugs if slug not in topics]
        if unknown:
            field_errors["topics"] = [f"Unknown topic “{slug}”." for slug in unknown]
        certificate = row.get("certificate")
        if certificate is not None and certificate not in certificates:
            field_errors["certificate"] = [
                f"It names certificate {certificate}, which is not in certificates.json."
            ]
        fields.update(
            title=str(row.get("title") or "").strip(),
            provider=str(row.get("provider") or "").strip(),
            credit_type=credit_type,
            credits=credits,
            format=row.get("format") or Format.LIVE,
            notes=str(row.get("notes") or "").strip(),
        )
        try:
            activity_validate(activity=Activity(owner=user, **fields), degree=degree)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                # A value we could not read already says why; "cannot be null" would confuse.
                field_errors.setdefault(field, messages)
        if field_errors:
            for message in _messages(ValidationError(field_errors)):
                errors.add("activities.json", f"{where}: {message}")
            continue
        planned.append((fields, [topics[slug] for slug in dict.fromkeys(slugs)], certificate))
    return planned


def _plan(user: User, archive: zipfile.ZipFile) -> _Plan:
    _check_manifest(archive)
    profile = _document(archive, "profile.json", dict)
    licenses = _document(archive, "licenses.json", list)
    activities = _document(archive, "activities.json", list)
    certificate_rows = _document(archive, "certificates.json", list)
    attestation_rows = (
        _document(archive, ATTESTATIONS, list) if ATTESTATIONS in archive.namelist() else []
    )
    errors = _Errors()
    profile_fields = _check_profile(user, profile, errors)
    practice_facts = _check_practice_facts(profile, errors)
    degree = profile_fields.get("degree") or profile_get(user=user).degree
    planned_licenses = _check_licenses(user, licenses, errors)
    planned_attestations = _check_attestations(user, attestation_rows, planned_licenses, errors)
    certificates = _check_certificates(archive, certificate_rows, errors)
    planned_activities = _check_activities(user, activities, set(certificates), degree, errors)
    errors.raise_any()
    return _Plan(
        profile=profile_fields,
        practice_facts=practice_facts,
        licenses=planned_licenses,
        attestations=planned_attestations,
        certificates=certificates,
        activities=planned_activities,
    )


def account_import(*, user: User, upload: IO[bytes]) -> ImportSummary:
    """Load an export into this (empty) account: everything, or — on any error — nothing.

    Raises ImportRefused naming each file of the ZIP that is wrong, and which entry and field.
    """
    _refuse_non_empty(user)
    archive = _open(upload)
    with archive:
        plan = _plan(user, archive)
        stored: list[tuple[Any, str]] = []
        try:
            with transaction.atomic():
                # Two imports at once must not both find the account empty.
                User.objects.select_for_update().filter(pk=user.pk).exists()
                _refuse_non_empty(user)
                profile_update(profile=profile_get(user=user), **plan.profile)
                if plan.practice_facts:
                    licenses_services.profile_practice_update(
                        user=user, answers=plan.practice_facts
                    )
                new_licenses = {
                    exported: licenses_services.license_create(owner=user, **fields)
                    for exported, fields in plan.licenses
                }
                for exported, fields in plan.attestations:
                    licenses_services.attestation_save(
                        user=user, license=new_licenses[exported], **fields
                    )
                new_ids: dict[int, Certificate] = {}
                for old_id, (member, filename) in plan.certificates.items():
                    # No OCR here: the activities arrive with their details, and reading
                    # thousands of scans would hold the request for hours.
                    try:
                        result = certificate_store(
                            owner=user,
                            upload=ContentFile(archive.read(member), name=filename),
                            read_scans=False,
                        )
                    except UploadRejected as rejected:
                        # Checked a moment ago; only the virus scanner can change its mind.
                        raise ImportRefused({member: [rejected.message]}) from None
                    if result.created:
                        stored.append(
                            (
                                result.certificate.file.storage,
                                cast(str, result.certificate.file.name),
                            )
                        )
                    new_ids[old_id] = result.certificate
                for fields, topics, certificate in plan.activities:
                    activity_create(
                        owner=user,
                        topics=topics,
                        certificate=new_ids[certificate] if certificate is not None else None,
                        **fields,
                    )
        except BaseException:
            # The rows rolled back; the files written before the failure must go too.
            for storage, name in stored:
                try:
                    storage.delete(name)
                except Exception:
                    logger.exception("Could not delete imported certificate %s", name)
            raise
    return ImportSummary(
        licenses=len(plan.licenses),
        activities=len(plan.activities),
        certificates=len(plan.certificates),
    )
