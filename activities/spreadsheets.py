"""CSV export and import of activities: the template's columns, a preview, an all-or-nothing import.

Import runs every row through `services.activity_validate`, so a row is refused with the same
words as the add form. Export neutralises cells that a spreadsheet would run as a formula.
"""

import csv
import dataclasses
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from accounts.selectors import profile_get

from .models import ACTIVITY_FIELDS, Activity, CreditType, Format, Topic
from .selectors import activity_duplicate_keys, activity_key
from .services import activity_validate
from .signals import activities_changed_on_commit

# A CSV carries no files, so it has no certificate column.
COLUMNS = tuple(name for name in ACTIVITY_FIELDS if name != "certificate")
REQUIRED_COLUMNS = ("title", "completed_on", "credit_type", "credits")
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")  # ISO, and what US Excel writes back when it saves


# --- Export --------------------------------------------------------------------------------
def cell_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: formulas get a leading apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def activities_csv_write(*, activities: Iterable[Activity], stream: io.TextIOBase) -> None:
    """Write the template's header and one row per activity."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    for activity in activities:
        row = [
            activity.title,
            activity.provider,
            activity.started_on.isoformat() if activity.started_on else "",
            activity.completed_on.isoformat(),
            activity.credit_type.slug,
            f"{activity.credits:.2f}",
            activity.format,
            ";".join(sorted(topic.slug for topic in activity.topics.all())),
            activity.notes,
        ]
        writer.writerow([cell_safe(value) for value in row])


def template_csv() -> str:
    stream = io.StringIO()
    csv.writer(stream).writerow(COLUMNS)
    return stream.getvalue()


# --- Import --------------------------------------------------------------------------------
@dataclasses.dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    activity: Activity | None = None
    topics: list[Topic] = dataclasses.field(default_factory=list)
    errors: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    duplicate_of: str = ""  # why it is skipped: already in the record, or an earlier row

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        return "duplicate" if self.duplicate_of else "new"

    @property
    def messages(self) -> list[str]:
        return [
            f"{column.replace('_', ' ')}: {message}" if column != "__all__" else message
            for column, messages in self.errors.items()
            for message in messages
        ]


@dataclasses.dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def new(self) -> list[ImportRow]:
        return [row for row in self.rows if row.status == "new"]

    @property
    def duplicates(self) -> list[ImportRow]:
        return [row for row in self.rows if row.status == "duplicate"]

    @property
    def invalid(self) -> list[ImportRow]:
        return [row for row in self.rows if row.status == "error"]


@dataclasses.dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int


def _uncell(value: str | None) -> str:
    # Undo cell_safe, so exporting and importing again gives back the same text.
    value = (value or "").strip()
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    if len(data) > MAX_BYTES:
        raise _file_error("This file is larger than 2 MB; split it into smaller files.")
    if not data.strip():
        raise _file_error("This file is empty. Start from the template.")
    if b"\x00" in data[:8192]:
        raise _file_error(
            "This is not a CSV file (it looks like a spreadsheet or other binary file). "
            "Save it as “CSV UTF-8” and upload that."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(
            "This file is not UTF-8 text. In Excel choose Save As → “CSV UTF-8 (Comma "
            "delimited)”, then upload that file."
        ) from None
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [name.strip().lower() for name in next(reader, [])]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise _file_error(
                "This does not look like an activities CSV: the first row must name the "
                f"columns {', '.join(COLUMNS)} (download the template). "
                f"Missing: {', '.join(missing)}."
            )
        rows: list[tuple[int, dict[str, str]]] = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) == MAX_ROWS:
                raise _file_error(
                    f"This file has more than {MAX_ROWS:,} activities; split it into smaller files."
                )
            values = {name: _uncell(cell) for name, cell in zip(header, record, strict=False)}
            rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise _file_error(f"This file could not be read as CSV ({exc}).") from None
    if not rows:
        raise _file_error("This file has no activities below the header row.")
    return rows


def _date(value: str) -> datetime.date:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, date_format).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValueError(value)


class _Vocabulary:
    """Credit types, formats and topics by slug (or name), loaded once per file."""

    def __init__(self) -> None:
        self.credit_types: dict[str, CreditType] = {}
        for credit_type in CreditType.objects.all():
            self.credit_types[credit_type.slug] = credit_type
            self.credit_types[credit_type.name.casefold()] = credit_type
        self.formats = {value: value for value in Format.values}
        self.formats.update({label.casefold(): value for value, label in Format.choices})
        # Topics by slug or by the name the screens show ("Opioid prescribing"), any case.
        self.topics: dict[str, Topic] = {}
        for topic in Topic.objects.all():
            self.topics[topic.slug] = topic
            self.topics[topic.name.casefold()] = topic
        self.credit_type_names = ", ".join(
            credit_type.name
            for key, credit_type in self.credit_types.items()
            if key == credit_type.slug
        )


def _build(row: ImportRow, *, owner: User, vocabulary: _Vocabulary, degree: str) -> None:
    values, errors = row.values, row.errors
    activity = Activity(
        owner=owner,
        title=values.get("title", ""),
        provider=values.get("provider", ""),
        notes=values.get("notes", ""),
    )
    for column in ("started_on", "completed_on"):
        if values.get(column):
            try:
                setattr(activity, column, _date(values[column]))
            except ValueError:
                errors[column] = ["Enter a valid date (YYYY-MM-DD)."]
        elif column == "completed_on":
            errors[column] = ["This field is required."]
    credit_type = values.get("credit_type", "")
    if credit_type:
        found = vocabulary.credit_types.get(credit_type.casefold())
        if found:
            activity.credit_type = found
        else:
            errors["credit_type"] = [
                f"Unknown credit type “{credit_type}”; use one of {vocabulary.credit_type_names}."
            ]
    try:
        activity.credits = Decimal(values.get("credits", "")) if values.get("credits") else None  # type: ignore[assignment]
    except InvalidOperation:
        errors["credits"] = ["Enter a number."]
    if values.get("format"):
        activity.format = vocabulary.formats.get(values["format"].casefold(), "")
        if not activity.format:
            errors["format"] = [
                f"Unknown format “{values['format']}”; use one of {', '.join(Format.values)}."
            ]
    given = [name.strip() for name in values.get("topics", "").split(";") if name.strip()]
    unknown = [name for name in given if name.casefold() not in vocabulary.topics]
    if unknown:
        errors["topics"] = [f"Unknown topic “{name}”." for name in unknown]
    topics = [vocabulary.topics[name.casefold()] for name in given if name not in unknown]
    row.topics = list(dict.fromkeys(topics))
    try:
        activity_validate(activity=activity, degree=degree)
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            # A column we could not read already says why; "cannot be null" would only confuse.
            errors.setdefault(column, messages)
    row.activity = activity


def activity_import_preview(*, owner: User, data: bytes) -> ImportPreview:
    """Read a CSV and say, row by row, what importing it would do; nothing is stored."""
    vocabulary = _Vocabulary()
    degree = profile_get(user=owner).degree
    seen = {key: "already in your record" for key in activity_duplicate_keys(user=owner)}
    preview = ImportPreview(rows=[])
    for line, values in _read_rows(data):
        row = ImportRow(line=line, values=values)
        _build(row, owner=owner, vocabulary=vocabulary, degree=degree)
        activity = row.activity
        if not row.errors and activity is not None:
            key = activity_key(
                activity.completed_on, activity.title, activity.credits, activity.credit_type.slug
            )
            if key in seen:
                row.duplicate_of = seen[key]
            else:
                seen[key] = f"same as line {line}"
        preview.rows.append(row)
    return preview


def activity_import(*, owner: User, data: bytes) -> ImportResult:
    """Import every new row of a CSV, or none: one refused row refuses the file."""
    with transaction.atomic():
        # Two imports of one file at once must not both pass the duplicate check.
        User.objects.select_for_update().filter(pk=owner.pk).exists()
        preview = activity_import_preview(owner=owner, data=data)
        if preview.invalid:
            raise ValidationError(
                {"file": [f"{len(preview.invalid)} rows have errors; nothing was imported."]}
            )
        activities = Activity.objects.bulk_create([row.activity for row in preview.new])  # type: ignore[misc]
        Through = Activity.topics.through
        Through.objects.bulk_create(
            Through(activity_id=activity.pk, topic_id=topic.pk)
            for activity, row in zip(activities, preview.new, strict=True)
            for topic in row.topics
        )
        activities_changed_on_commit(owner_id=owner.pk)  # one for the whole file
    return ImportResult(created=len(activities), skipped=len(preview.duplicates))
