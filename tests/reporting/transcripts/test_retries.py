"""Celery's retries of a render in the embedded default, where tasks run in-process."""

from reporting import transcripts
from reporting.models import Transcript


def test_eager_mode_retries_a_storage_outage_five_times_then_fails_the_transcript(
    alice, cme_record, eager_celery, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocker / "media"},
        },
    }
    license = alice.licenses.get()
    with django_capture_on_commit_callbacks(execute=True):
        requested = transcripts.transcript_request(owner=alice, license_id=license.pk)
    transcript = Transcript.objects.get(pk=requested.pk)
    assert transcript.status == Transcript.Status.FAILED
    assert transcript.attempts == 6  # the first try and five retries, inline
    assert transcript.error == (
        "A temporary problem (storage or database unavailable) lasted through 6 attempts. "
        "Please retry in a few minutes."
    )
    assert not transcript.file
