"""Account deletion: a clinician leaves and nothing of theirs remains.

Rows go in one transaction; the stored files (certificates, transcripts) are removed only after
it commits, so a failed deletion never leaves rows pointing at missing files. The user's own
history rows (django-simple-history copies of their activities, certificates and licenses) are
purged too: privacy wins over an audit trail of a record that no longer exists. Changes the user
made to shared tables as staff (rule sets) keep their history with the author set to empty.

This app knows no other app: the ones that cache pages for a user answer `account_deleting`
with what to forget once the deletion has committed.
"""

import logging
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.dispatch import Signal

from accounts.models import User

logger = logging.getLogger(__name__)

# Sent with `user` while every row is still there; a receiver may return a callable, run once
# the deletion has committed (forgetting what was cached for the user, say).
account_deleting = Signal()


def _references_to_user() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) that points at a user, including history tables' unconstrained keys."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey | models.OneToOneField)
                and field.related_model is user_model
            ):
                found.append((model, field.name))
    return found


def stored_file_keys(*, user: User) -> set[str]:
    """The storage keys of every file the user ever stored, live or recorded in history."""
    keys: set[str] = set()
    for model, field_name in _references_to_user():
        if field_name == "history_user":
            continue
        file_fields = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
        for file_field in file_fields:
            names = model._default_manager.filter(**{field_name: user}).values_list(
                file_field, flat=True
            )
            keys.update(name for name in names if name)
    return keys


def _remove_files(keys: set[str]) -> None:
    for key in sorted(keys):
        try:
            default_storage.delete(key)
        except OSError:
            # The periodic orphan sweep retries; the rows are already gone.
            logger.exception("could not remove %s after deleting its owner", key)


def account_delete(*, user: User) -> int:
    """Delete the user, every row that refers to them and (after commit) their files.

    Returns the number of stored files scheduled for removal.
    """
    keys = stored_file_keys(user=user)
    user_id = user.pk
    # Receivers answer with what to run once the deletion has committed (the stubs type a
    # signal's answers as str | None).
    answers: list[object] = [answer for _, answer in account_deleting.send(sender=User, user=user)]
    afterwards: list[Callable[[], object]] = [answer for answer in answers if callable(answer)]
    with transaction.atomic():
        user.delete()
        # Deleting cascades and simple-history records each deleted row, so the history tables
        # (whose owner column is a plain id the cascade does not follow) are purged afterwards.
        for model, field_name in _references_to_user():
            rows = model._default_manager.filter(**{f"{field_name}_id": user_id})
            if field_name == "history_user":
                # Their edits of shared records (rule sets as staff): keep the record, not the name.
                rows.update(history_user=None)
            else:
                rows.delete()
        transaction.on_commit(lambda: _remove_files(keys))
        # Cached pages and API answers (license numbers, activity titles) go too.
        for forget in afterwards:
            transaction.on_commit(forget)
    logger.info("account %s deleted with %d stored files", user_id, len(keys))
    return len(keys)
