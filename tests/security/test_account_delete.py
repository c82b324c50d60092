"""Account deletion: a clinician deletes their account and nothing of theirs remains."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts.deletion import account_delete, stored_file_keys
from activities.models import Activity
from tests.conftest import PASSWORD
from tests.factories import ActivityFactory
from tests.security.conftest import certificate_of


def rows_referring_to(user_id: int) -> dict[str, int]:
    """Rows in any table (history tables included) whose user column holds this id."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey | models.OneToOneField)
                and field.related_model is user_model
            ):
                count = model._default_manager.filter(**{field.attname: user_id}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    found_users = user_model.objects.filter(pk=user_id).count()
    if found_users:
        found["user"] = found_users
    return found


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    """Signed in, then through allauth's re-authentication prompt with the password."""
    client = Client()
    client.force_login(user)
    prompt = client.get(reverse("accounts:delete"))
    assert prompt["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(prompt["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:delete")
    return client


def test_deleting_the_account_removes_every_row_and_file(
    alice, bob, estate, django_capture_on_commit_callbacks
):
    bobs = ActivityFactory(owner=bob, title="Bob keeps this")
    bobs_certificate = certificate_of(bob, "Bob's proof")
    # A changed row adds history; a deleted certificate leaves a history row with its file key.
    estate.activity.title = "Renamed"
    estate.activity.save()
    keys = stored_file_keys(user=alice)
    assert {estate.certificate.file.name, estate.transcript.file.name} <= keys
    assert all(default_storage.exists(key) for key in keys)
    client = signed_in(alice)

    page = client.get(reverse("accounts:delete"))
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()

    refused = client.post(reverse("accounts:delete"), {"email": "bob@example.com"})
    assert refused.status_code == 200
    assert "That is not the e-mail address of this account." in refused.content.decode()
    assert rows_referring_to(alice.pk)["activities.Activity.owner"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("accounts:delete"), {"email": "Alice@Example.com"})
    assert done.status_code == 302
    assert done["Location"] == reverse("home")
    assert rows_referring_to(alice.pk) == {}
    assert not any(default_storage.exists(key) for key in keys)
    assert "_auth_user_id" not in client.session
    # Bob's record is untouched.
    assert Activity.objects.filter(pk=bobs.pk).exists()
    assert default_storage.exists(bobs_certificate.file.name)
    assert Activity.history.filter(owner_id=bob.pk).exists()


def test_deletion_asks_for_a_fresh_sign_in_first(alice_client, alice):
    response = alice_client.get(reverse("accounts:delete"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = alice_client.post(reverse("accounts:delete"), {"email": alice.email})
    assert response.status_code == 302
    assert rows_referring_to(alice.pk)["user"] == 1


def test_a_staff_members_edits_of_shared_rules_stay_without_their_name(
    alice, django_capture_on_commit_callbacks
):
    from reporting.models import Board
    from tests.factories import BoardFactory

    board = BoardFactory(code="ZZ-MD")
    record = board.history.get()
    record.history_user = alice
    record.save()
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=alice)
    record.refresh_from_db()
    assert record.history_user is None
    assert Board.objects.filter(pk=board.pk).exists()


@pytest.mark.services
def test_files_on_s3_are_removed_too(
    alice, s3_storage, vocabulary, django_capture_on_commit_callbacks
):
    client, bucket = s3_storage
    certificate = certificate_of(alice, "On S3")
    key = certificate.file.name
    assert client.list_objects_v2(Bucket=bucket)["KeyCount"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert account_delete(user=alice) == 1
    assert client.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    assert rows_referring_to(alice.pk) == {}
    assert key
