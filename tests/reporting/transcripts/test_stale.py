"""A document made before a change to the record or the rules says so, with a way to remake it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Activity
from reporting import transcripts
from reporting.models import Attestation, RuleSet, Transcript
from reporting.rules.services import rule_set_new_version
from tests.certificates.factories import make_pdf
from tests.reporting.transcripts.conftest import store_certificate

pytestmark = pytest.mark.django_db
OUT_OF_DATE = b"Out of date"


def _ready(alice) -> Transcript:  # type: ignore[no-untyped-def]
    requested = transcripts.transcript_request(owner=alice, license_id=alice.licenses.get().pk)
    transcript = transcripts.transcript_render(transcript_id=requested.pk)
    assert transcript.status == Transcript.Status.READY, transcript.error
    return transcript


def _is_stale(alice, transcript: Transcript) -> bool:  # type: ignore[no-untyped-def]
    return transcript.pk in transcripts.transcripts_stale(user=alice, transcripts=[transcript])


def test_a_fresh_document_is_not_out_of_date(alice, alice_client, cme_record) -> None:
    transcript = _ready(alice)
    assert transcript.record_version
    assert not _is_stale(alice, transcript)
    page = alice_client.get(reverse("reporting:transcripts"))
    assert OUT_OF_DATE not in page.content


@pytest.mark.parametrize(
    "change",
    ["activity", "certificate", "license", "attestation", "answers", "name", "rules"],
)
def test_any_change_to_the_record_or_rules_makes_it_out_of_date(
    alice, alice_client, cme_record, change: str
) -> None:
    transcript = _ready(alice)
    license = alice.licenses.get()
    if change == "activity":
        activity = cme_record[1]
        activity.credits = Decimal("3.00")
        activity.save()
    elif change == "certificate":
        stored = store_certificate(alice, make_pdf(["Ethics"]), "application/pdf", "e.pdf")
        Activity.objects.filter(pk=cme_record[1].pk).update(certificate=stored)
    elif change == "license":
        license.number = "Q99999999"
        license.save()
    elif change == "attestation":
        Attestation.objects.create(
            license=license,
            requirement_code="tx-md.medical-ethics",
            kind="completed",
            completed_on=datetime.date(2026, 1, 5),
        )
    elif change == "answers":
        alice.profile.practice_facts = {"prescribes_controlled_substances": True}
        alice.profile.save()
    elif change == "name":
        alice.profile.full_name = "Alice N. Ng"
        alice.profile.save()
    else:
        rule_set = (
            RuleSet.objects.filter(board=license.board.rules_board)
            .order_by("-effective_from")
            .first()
        )
        assert rule_set is not None
        rule_set_new_version(rule_set=rule_set, effective_from=datetime.date(2026, 12, 1))
    assert _is_stale(alice, transcript)
    page = alice_client.get(reverse("reporting:transcripts"))
    assert OUT_OF_DATE in page.content
    assert b"Make a new one" in page.content
    fragment = alice_client.get(reverse("reporting:transcript_status", args=[transcript.pk]))
    assert OUT_OF_DATE in fragment.content


def test_make_a_new_one_queues_the_same_license_cycle_and_kind(
    alice, alice_client, cme_record, eager_celery, django_capture_on_commit_callbacks
) -> None:
    requested = transcripts.transcript_request(
        owner=alice, license_id=alice.licenses.get().pk, kind=Transcript.Kind.AUDIT_PACKET
    )
    old = transcripts.transcript_render(transcript_id=requested.pk)
    cme_record[0].title = "Cardiology update 2026"
    cme_record[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("reporting:transcript_remake", args=[old.pk]))
    assert response.status_code == 302
    new = Transcript.objects.exclude(pk=old.pk).get(owner=alice)
    assert (new.license_id, new.kind, new.cycle_start, new.cycle_end) == (
        old.license_id,
        old.kind,
        old.cycle_start,
        old.cycle_end,
    )
    assert new.status == Transcript.Status.READY, new.error
    assert not _is_stale(alice, new)
    assert _is_stale(alice, old)


def test_someone_else_cannot_remake_my_transcript(alice, bob_client, cme_record) -> None:
    transcript = _ready(alice)
    response = bob_client.post(reverse("reporting:transcript_remake", args=[transcript.pk]))
    assert response.status_code == 404
    assert Transcript.objects.count() == 1
