"""The weekly digest to an office's members who asked for it."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts.models import RecordAccess
from organizations.digest import organization_digests_send, organization_digests_send_task
from organizations.models import Consent, Membership
from tests import factories
from tests.accounts.factories import UserFactory
from tests.organizations.conftest import TODAY, client_for
from tests.security.mfa import enable_totp

pytestmark = pytest.mark.django_db


def _opt_in(user, organization) -> Membership:  # type: ignore[no-untyped-def]
    membership = Membership.objects.get(user=user, organization=organization)
    membership.digest_opt_in = True
    membership.save()
    return membership


def _complete_license(owner, log_activity):  # type: ignore[no-untyped-def]
    """A license of a board asking 40 credits in total, all logged, renewing in 2027."""
    requirement = factories.RequirementFactory(
        rule_set__board__code="ZZ-MD", rule_set__board__state="WY"
    )
    license = factories.LicenseFactory(
        owner=owner,
        board=requirement.rule_set.board,
        number="W123",
        expires_on=datetime.date(2027, 12, 31),
    )
    log_activity(owner, completed_on=datetime.date(2026, 3, 1), credits="40.00")
    return license


def test_an_opted_in_member_gets_the_licenses_to_watch_in_words(
    alice, alice_licenses, memorial, sam
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"], alice_licenses["CA"])
    _opt_in(sam, memorial)

    sent = organization_digests_send(today=TODAY)

    assert sent == 1
    [message] = mail.outbox
    assert message.to == ["sam@memorial.example"]
    assert "Memorial Hospital" in message.subject
    assert "2 licenses to watch" in message.subject
    text = message.body
    assert "Alice Ng, California license A99999: Overdue" in text
    assert "Alice Ng, Texas license Q12345: Behind the pace; still missing" in text
    site = settings.SITE_URL.rstrip("/")
    assert f"{site}/organizations/memorial/" in text
    assert f"{site}/organizations/memorial/?due_within=60" in text
    html = message.alternatives[0][0]
    assert "<td>Alice Ng</td>" in html
    assert "Overdue" in html


def test_a_complete_license_far_from_its_deadline_is_not_named(
    alice, alice_licenses, memorial, sam, log_activity
) -> None:
    wyoming = _complete_license(alice, log_activity)
    factories.consent_grant(alice, memorial, wyoming, alice_licenses["CA"])
    _opt_in(sam, memorial)

    organization_digests_send(today=TODAY)

    [message] = mail.outbox
    assert "California license A99999" in message.body
    assert "Wyoming license W123" not in message.body


def test_nothing_to_say_sends_nothing(alice, memorial, sam, log_activity) -> None:
    wyoming = _complete_license(alice, log_activity)
    factories.consent_grant(alice, memorial, wyoming)
    _opt_in(sam, memorial)

    assert organization_digests_send(today=TODAY) == 0
    assert mail.outbox == []
    assert not RecordAccess.objects.exists()


def test_members_who_did_not_opt_in_get_nothing(
    alice, alice_licenses, memorial, olivia, sam, vera
) -> None:
    factories.consent_grant(alice, memorial)
    _opt_in(vera, memorial)

    organization_digests_send(today=TODAY)

    assert [message.to for message in mail.outbox] == [["vera@memorial.example"]]


def test_only_licenses_under_a_live_consent_are_named(
    alice, bob, alice_licenses, memorial, sam
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["CA"])
    revoked = factories.consent_grant(bob, memorial)
    factories.texas_license(bob, number="BOB1")
    Consent.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    _opt_in(sam, memorial)

    organization_digests_send(today=TODAY)

    [message] = mail.outbox
    assert "California license A99999" in message.body
    assert "Texas license Q12345" not in message.body  # not in alice's consent
    assert "BOB1" not in message.body
    assert "Bob" not in message.body


def test_each_physician_named_sees_it_in_their_access_log(
    alice, alice_licenses, memorial, sam
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["CA"])
    _opt_in(sam, memorial)

    organization_digests_send(today=TODAY)

    entry = RecordAccess.objects.get(physician=alice)
    assert entry.viewer == sam
    assert entry.what == "Weekly digest e-mail: status of California license A99999"
    assert "Memorial Hospital" in entry.by_label


def test_a_second_run_in_the_same_week_sends_nothing_more(
    alice, alice_licenses, memorial, sam
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["CA"])
    _opt_in(sam, memorial)

    organization_digests_send(today=TODAY)
    organization_digests_send(today=TODAY + datetime.timedelta(days=3))
    assert len(mail.outbox) == 1

    organization_digests_send(today=TODAY + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2


def test_one_members_unusable_address_does_not_stop_the_others(
    alice, alice_licenses, memorial, sam, vera
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["CA"])
    broken = UserFactory(email="broken\n@memorial.example")
    factories.MembershipFactory(organization=memorial, user=broken, digest_opt_in=True)
    _opt_in(sam, memorial)
    _opt_in(vera, memorial)

    sent = organization_digests_send(today=TODAY)

    assert sent == 2
    assert sent.failed == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "sam@memorial.example",
        "vera@memorial.example",
    ]
    # The failed one logged nothing and is tried again by the next run.
    assert not RecordAccess.objects.filter(viewer=broken).exists()
    assert Membership.objects.get(user=broken).digest_sent_on is None


def test_an_office_requiring_two_factor_mails_only_members_who_use_it(
    alice, alice_licenses, memorial, sam, vera
) -> None:
    memorial.require_mfa = True
    memorial.save()
    factories.consent_grant(alice, memorial, alice_licenses["CA"])
    enable_totp(sam)
    _opt_in(sam, memorial)
    _opt_in(vera, memorial)

    organization_digests_send(today=TODAY)

    assert [message.to for message in mail.outbox] == [["sam@memorial.example"]]


def test_a_providers_members_get_no_digest(alice, alice_licenses) -> None:
    provider = factories.OrganizationFactory(kind="provider")
    factories.consent_grant(alice, provider)
    factories.MembershipFactory(organization=provider, digest_opt_in=True)

    assert organization_digests_send(today=TODAY) == 0
    assert mail.outbox == []


def test_a_member_turns_the_digest_on_and_off(memorial, vera) -> None:
    client = client_for(vera)
    page = "/organizations/memorial/digest"

    assert "weekly digest" in client.get(page).content.decode()
    assert client.post(page, {"digest_opt_in": "on"}).status_code == 302
    assert Membership.objects.get(user=vera).digest_opt_in
    client.post(page, {})
    assert not Membership.objects.get(user=vera).digest_opt_in


def test_the_digest_setting_is_the_members_own(memorial, vera, bob) -> None:
    response = client_for(bob).post("/organizations/memorial/digest", {"digest_opt_in": "on"})

    assert response.status_code == 404
    assert not Membership.objects.filter(digest_opt_in=True).exists()


def test_the_task_is_on_the_mail_queue_every_week() -> None:
    name = "organizations.digest.organization_digests_send_task"

    assert settings.CELERY_TASK_ROUTES[name] == {"queue": "mail"}
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == name]
    assert entry["schedule"].day_of_week == {1}


def test_the_weekly_task_sends_as_of_its_own_day(
    alice, alice_licenses, memorial, sam, time_machine
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["CA"])
    _opt_in(sam, memorial)
    time_machine.move_to(datetime.datetime(2026, 6, 1, 13, 30, tzinfo=datetime.UTC), tick=False)

    assert organization_digests_send_task() + organization_digests_send_task() == 1
    assert Membership.objects.get(user=sam).digest_sent_on == TODAY
