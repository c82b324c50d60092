from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import Degree, User
from accounts.selectors import profile_get
from certificates.models import Certificate
from certificates.services import certificate_store

from .models import ACTIVITY_FIELDS, Activity, Source, Topic
from .signals import activities_changed_on_commit

# What a caller may set on an activity; owner and id are never among them. Topics come as the
# services' own argument: a many-to-many can only be set once the row is saved.
EDITABLE_FIELDS = frozenset(ACTIVITY_FIELDS) - {"topics"}
# Copied by activity_duplicate. The certificate is not: it proves the original only.
COPIED_FIELDS = EDITABLE_FIELDS - {"certificate"}
_AS_DEGREE: dict[str | None, str] = {Degree.PA: "a PA", Degree.NP: "an NP"}
PROVIDER_VERIFIED_MESSAGE = (
    "{provider} issued this credit from your claim, so its details are provider-verified and "
    "cannot be edited here. Add a note instead, or ask the provider to correct your claim."
)


def activity_validate(*, activity: Activity, degree: str | None = None) -> None:
    """Every rule an activity must meet, as ValidationError messages keyed by field.

    The forms, the API and the CSV import all call this, so they refuse with the same words.
    `degree` (the owner's) lets a bulk caller look the profile up once instead of once per row.
    """
    errors: dict[str, list[Any]] = {}  # messages, then ValidationErrors from full_clean
    try:
        # Related rows arrive as instances our code looked up (owner, type, certificate), so
        # re-querying them is waste; clean() enforces what the check constraints enforce, so
        # their per-row queries would be too (the database still has the last word).
        activity.full_clean(
            exclude=["owner", "credit_type", "certificate"], validate_constraints=False
        )
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if not activity.credit_type_id:
        errors["credit_type"] = ["Choose a credit type."]
    credit_type = activity.credit_type if activity.credit_type_id else None
    if credit_type and credit_type.physicians_only and "credit_type" not in errors:
        degree = degree or profile_get(user=activity.owner).degree
        if degree not in Degree.physicians():
            errors["credit_type"] = [
                f"{credit_type.name} credit is for physicians (MD, DO). "
                f"As {_AS_DEGREE.get(degree, 'a non-physician clinician')} you receive "
                "attendance credit: log this activity as “Other” and note it in the notes."
            ]
    if activity.certificate_id and activity.certificate.owner_id != activity.owner_id:  # type: ignore[union-attr]
        errors["certificate"] = ["Choose one of your own certificates."]
    if errors:
        raise ValidationError(errors)


def _certificate_from_upload(*, owner: User, upload: UploadedFile) -> Certificate:
    try:
        return certificate_store(owner=owner, upload=upload).certificate
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc


def _save(
    activity: Activity, *, topics: Iterable[Topic] | None, upload: UploadedFile | None
) -> Activity:
    # Check the activity before storing its certificate, so a refusal stores no file.
    activity_validate(activity=activity)
    if upload is not None:
        activity.certificate = _certificate_from_upload(owner=activity.owner, upload=upload)
    activity.save()
    if topics is not None:
        activity.topics.set(topics)
    activities_changed_on_commit(owner_id=activity.owner_id)
    return activity


def _assign(activity: Activity, fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not an editable activity field: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(activity, name, value.strip() if isinstance(value, str) else value)


def activity_create(
    *,
    owner: User,
    topics: Iterable[Topic] = (),
    upload: UploadedFile | None = None,
    **fields: Any,
) -> Activity:
    """Log an activity; with `upload`, store that file as its certificate in the same step."""
    activity = Activity(owner=owner)
    _assign(activity, fields)
    with transaction.atomic():
        return _save(activity, topics=list(topics), upload=upload)


def _changes_verified_facts(
    activity: Activity,
    *,
    topics: Iterable[Topic] | None,
    upload: UploadedFile | None,
    **fields: Any,
) -> bool:
    """Whether an edit would change what the provider certified (anything but the notes)."""
    if upload is not None:
        return True
    if topics is not None and {t.pk for t in topics} != {t.pk for t in activity.topics.all()}:
        return True
    for name, value in fields.items():
        current = getattr(activity, name)
        if name == "notes":
            continue
        if isinstance(value, str) and isinstance(current, str):
            value = value.strip()
        if value != current:
            return True
    return False


def activity_update(
    *,
    activity: Activity,
    topics: Iterable[Topic] | None = None,
    upload: UploadedFile | None = None,
    **fields: Any,
) -> Activity:
    """Change an activity; topics, when given, replace the old ones.

    A provider-verified activity keeps the provider's facts: only its notes change.
    """
    if activity.provider_verified:
        topics = None if topics is None else list(topics)
        if _changes_verified_facts(activity, topics=topics, upload=upload, **fields):
            raise ValidationError(
                PROVIDER_VERIFIED_MESSAGE.format(provider=activity.provider or "The provider")
            )
        return activity_annotate(activity=activity, notes=fields.get("notes", activity.notes))
    _assign(activity, fields)
    with transaction.atomic():
        return _save(activity, topics=None if topics is None else list(topics), upload=upload)


def activity_annotate(*, activity: Activity, notes: str) -> Activity:
    """Change only an activity's notes: what a physician may add to provider-verified credit."""
    activity.notes = notes.strip()
    with transaction.atomic():
        activity.full_clean(exclude=["owner", "credit_type", "certificate"])
        activity.save(update_fields=["notes", "updated_at"])
    return activity


def activity_record_verified(
    *,
    owner: User,
    certificate: Certificate | None,
    topics: Iterable[Topic] = (),
    activity: Activity | None = None,
    **fields: Any,
) -> Activity:
    """Put credit a provider issued into the physician's record, marked provider-verified;
    with `activity`, bring that one in line with the provider's corrected claim.

    The same rules as any activity apply (Category 1 for physicians, the 0.25 step), so
    issued credit counts toward every license exactly as logged credit does.
    """
    if activity is None:
        activity = Activity(owner=owner)
    activity.source = Source.PROVIDER
    activity.certificate = certificate
    _assign(activity, fields)
    with transaction.atomic():
        return _save(activity, topics=list(topics), upload=None)


def activity_unverify(*, activity: Activity, note: str) -> Activity:
    """The provider withdrew the credit it issued: the activity stays in the record (it is the
    physician's), no longer provider-verified, with the provider's word in its notes."""
    activity.source = Source.SELF_REPORTED
    activity.notes = f"{activity.notes}\n\n{note}".strip()
    with transaction.atomic():
        activity.save(update_fields=["source", "notes", "updated_at"])
        activities_changed_on_commit(owner_id=activity.owner_id)
    return activity


def activity_delete(*, activity: Activity) -> None:
    """Delete an activity; its certificate stays in the record."""
    with transaction.atomic():
        activities_changed_on_commit(owner_id=activity.owner_id)
        activity.delete()


def activity_duplicate(
    *, activity: Activity, topics: Iterable[Topic] | None = None, **changes: Any
) -> Activity:
    """A new activity like this one (same topics, no certificate), with `changes` applied."""
    fields: dict[str, Any] = {name: getattr(activity, name) for name in COPIED_FIELDS}
    fields.update(changes)
    return activity_create(
        owner=activity.owner,
        topics=activity.topics.all() if topics is None else topics,
        **fields,
    )
