"""A physician's consents: granted, changed and revoked, each recorded in words."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from organizations import consents, services
from organizations.models import Consent, ConsentEvent, Invitation
from organizations.roster import roster_rows
from tests import factories
from tests.organizations.conftest import TODAY

pytestmark = pytest.mark.django_db

TEXAS_AND_CALIFORNIA = (
    "Status and transcripts of Texas license Q12345 and California license A99999, "
    "until 30 Jun 2027"
)


def _grant(alice, memorial, *licenses, **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("scope", Consent.Scope.TRANSCRIPTS)
    return consents.consent_grant(
        physician=alice, organization=memorial, licenses=licenses, today=TODAY, **fields
    )


def test_a_grant_names_the_licenses_and_is_recorded_in_words(
    alice, alice_licenses, memorial
) -> None:
    consent = _grant(
        alice,
        memorial,
        alice_licenses["TX"],
        alice_licenses["CA"],
        expires_on=datetime.date(2027, 6, 30),
    )

    assert set(consent.licenses.all()) == {alice_licenses["TX"], alice_licenses["CA"]}
    [event] = consent.events.all()
    assert (event.kind, event.by, event.summary) == ("granted", alice, TEXAS_AND_CALIFORNIA)


def test_all_licenses_reads_as_such(alice, alice_licenses, memorial) -> None:
    consent = _grant(alice, memorial, all_licenses=True, scope=Consent.Scope.STATUS)

    assert consent.events.get().summary == (
        "Status only of all licenses, those added later included, until revoked"
    )


def test_someone_elses_license_is_refused_and_nothing_is_stored(
    alice, bob, alice_licenses, memorial
) -> None:
    bobs = factories.texas_license(bob, number="B1")

    with pytest.raises(ValidationError) as refused:
        _grant(alice, memorial, alice_licenses["TX"], bobs)

    assert refused.value.message_dict == {"licenses": [consents.NOT_YOURS]}
    assert not Consent.objects.exists()
    assert not ConsentEvent.objects.exists()


def test_a_last_day_in_the_past_is_refused_and_nothing_is_stored(
    alice, alice_licenses, memorial
) -> None:
    with pytest.raises(ValidationError) as refused:
        _grant(alice, memorial, alice_licenses["TX"], expires_on=TODAY - datetime.timedelta(1))

    assert refused.value.message_dict == {"expires_on": [consents.PAST_DAY]}
    assert not Consent.objects.exists()


def test_no_license_chosen_is_refused(alice, alice_licenses, memorial) -> None:
    with pytest.raises(ValidationError) as refused:
        _grant(alice, memorial)

    assert refused.value.message_dict == {"licenses": [consents.NONE_CHOSEN]}
    assert not Consent.objects.exists()


def test_an_unknown_scope_is_refused(alice, alice_licenses, memorial) -> None:
    with pytest.raises(ValidationError) as refused:
        _grant(alice, memorial, alice_licenses["TX"], scope="all-of-it")

    assert refused.value.message_dict == {"scope": [consents.SCOPE_CHOICE]}
    assert not Consent.objects.exists()


def test_a_second_live_grant_to_the_same_office_is_refused(alice, alice_licenses, memorial) -> None:
    _grant(alice, memorial, alice_licenses["TX"])

    with pytest.raises(ValidationError, match="change that consent instead"):
        _grant(alice, memorial, alice_licenses["CA"])
    assert Consent.objects.count() == 1


def test_a_grant_after_the_last_one_ran_out_closes_the_old_one(
    alice, alice_licenses, memorial
) -> None:
    old = _grant(alice, memorial, alice_licenses["TX"], expires_on=TODAY)

    new = consents.consent_grant(
        physician=alice,
        organization=memorial,
        scope=Consent.Scope.STATUS,
        licenses=[alice_licenses["CA"]],
        today=TODAY + datetime.timedelta(days=1),
    )

    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.revoked_at is None


def test_a_change_is_recorded_and_takes_effect(alice, alice_licenses, memorial) -> None:
    consent = _grant(alice, memorial, alice_licenses["TX"])

    consents.consent_change(
        consent=consent,
        scope=Consent.Scope.STATUS,
        licenses=[alice_licenses["CA"]],
        today=TODAY,
    )

    assert [e.kind for e in consent.events.all()] == ["granted", "changed"]
    assert (
        consent.events.last().summary == "Status only of California license A99999, until revoked"
    )  # type: ignore[union-attr]
    assert [row.license_label for row in roster_rows(memorial, as_of=TODAY)] == [
        "California license A99999"
    ]


def test_a_bad_change_leaves_the_consent_as_it_was(alice, bob, alice_licenses, memorial) -> None:
    consent = _grant(alice, memorial, alice_licenses["TX"])
    bobs = factories.texas_license(bob, number="B1")

    with pytest.raises(ValidationError, match="your own licenses"):
        consents.consent_change(
            consent=consent, scope=Consent.Scope.EVERYTHING, licenses=[bobs], today=TODAY
        )

    consent.refresh_from_db()
    assert consent.scope == Consent.Scope.TRANSCRIPTS
    assert list(consent.licenses.all()) == [alice_licenses["TX"]]
    assert consent.events.count() == 1


def test_revoking_is_immediate_and_recorded(alice, alice_licenses, memorial) -> None:
    consent = _grant(alice, memorial, alice_licenses["TX"])

    consents.consent_revoke(consent=consent)

    assert roster_rows(memorial, as_of=TODAY) == []
    assert consent.events.last().summary == "Memorial Hospital can no longer see your record"  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="already revoked"):
        consents.consent_revoke(consent=consent)


def test_an_invitation_for_consent_is_closed_by_the_grant(
    alice, alice_licenses, memorial, olivia
) -> None:
    invitation, token = services.invitation_create(
        organization=memorial, invited_by=olivia, email=alice.email, for_consent=True
    )

    consents.consent_invited(
        invitation=invitation,
        physician=alice,
        scope=Consent.Scope.STATUS,
        licenses=[alice_licenses["TX"]],
        today=TODAY,
    )

    assert Invitation.objects.get().accepted_by == alice
    with pytest.raises(ValidationError, match="expired, was withdrawn or was already used"):
        services.invitation_open(token=token)


def test_a_refused_grant_leaves_the_invitation_open(
    alice, bob, alice_licenses, memorial, olivia
) -> None:
    invitation, token = services.invitation_create(
        organization=memorial, invited_by=olivia, email=alice.email, for_consent=True
    )

    with pytest.raises(ValidationError):
        consents.consent_invited(
            invitation=invitation,
            physician=alice,
            scope=Consent.Scope.STATUS,
            licenses=[factories.texas_license(bob, number="B1")],
            today=TODAY,
        )
    with pytest.raises(ValidationError, match="another e-mail address"):
        consents.consent_invited(
            invitation=invitation, physician=bob, scope=Consent.Scope.STATUS, all_licenses=True
        )

    assert services.invitation_open(token=token) == invitation
    assert not Consent.objects.exists()
