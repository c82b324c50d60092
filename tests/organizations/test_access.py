"""Who reaches an organization's pages, and what a consent opens: everyone else gets 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RecordAccess
from organizations import consents
from organizations.access import MFA_MESSAGE
from organizations.models import Consent, Role
from reporting.models import Transcript
from tests import factories
from tests.organizations.conftest import client_for, download
from tests.security.mfa import enable_totp

pytestmark = pytest.mark.django_db


def _url(name: str, *args) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"organizations:{name}", args=args)


def _office_pages(memorial, license) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        _url("roster", memorial.slug),
        _url("roster_csv", memorial.slug),
        _url("members", memorial.slug),
        _url("license", memorial.slug, license.pk),
    ]


def test_someone_who_is_not_a_member_gets_404_everywhere(
    alice, bob_client, alice_licenses, memorial
) -> None:
    factories.consent_grant(alice, memorial)

    for url in _office_pages(memorial, alice_licenses["TX"]):
        assert bob_client.get(url).status_code == 404, url


def test_an_organization_that_does_not_exist_looks_the_same(bob_client) -> None:
    assert bob_client.get(_url("roster", "nobody")).status_code == 404


def test_a_member_of_another_organization_gets_404(alice, alice_licenses, memorial) -> None:
    stranger = factories.MembershipFactory(role=Role.OWNER).user
    factories.consent_grant(alice, memorial)

    client = client_for(stranger)
    for url in _office_pages(memorial, alice_licenses["TX"]):
        assert client.get(url).status_code == 404, url


def test_signed_out_visitors_are_sent_to_sign_in(client, memorial) -> None:
    response = client.get(_url("roster", memorial.slug))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_every_role_reads_the_roster(alice, alice_licenses, memorial, olivia, sam, vera) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"])

    for member in (olivia, sam, vera):
        response = client_for(member).get(_url("roster", memorial.slug))
        assert response.status_code == 200
        assert "Texas license Q12345" in response.content.decode()


def test_a_license_outside_the_consent_is_404(alice, alice_licenses, memorial, sam) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"])
    client = client_for(sam)

    assert client.get(_url("license", memorial.slug, alice_licenses["TX"].pk)).status_code == 200
    assert client.get(_url("license", memorial.slug, alice_licenses["CA"].pk)).status_code == 404


def test_after_revocation_the_very_next_request_is_404(
    alice, alice_licenses, memorial, sam
) -> None:
    consent = factories.consent_grant(alice, memorial, alice_licenses["TX"])
    client = client_for(sam)
    url = _url("license", memorial.slug, alice_licenses["TX"].pk)
    assert client.get(url).status_code == 200

    consents.consent_revoke(consent=consent)

    assert client.get(url).status_code == 404
    assert "Texas license Q12345" not in client.get(_url("roster", memorial.slug)).content.decode()


def test_an_expired_consent_opens_nothing(alice, alice_licenses, memorial, sam) -> None:
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    factories.consent_grant(alice, memorial, alice_licenses["TX"], expires_on=yesterday)

    url = _url("license", memorial.slug, alice_licenses["TX"].pk)
    assert client_for(sam).get(url).status_code == 404


def _transcript_for(memorial, license, kind=Transcript.Kind.TRANSCRIPT) -> Transcript:  # type: ignore[no-untyped-def]
    """A finished document the office asked for earlier (stored without rendering)."""
    from django.core.files.base import ContentFile

    from organizations.models import RequestedTranscript

    transcript = Transcript.objects.create(
        owner=license.owner,
        license=license,
        kind=kind,
        cycle_start=license.expires_on.replace(year=license.expires_on.year - 2),
        cycle_end=license.expires_on,
        status=Transcript.Status.READY,
        file=ContentFile(b"%PDF-1.7 test", name="t.pdf"),
    )
    RequestedTranscript.objects.create(organization=memorial, transcript=transcript)
    return transcript


def test_a_status_only_consent_opens_no_transcript(alice, alice_licenses, memorial, sam) -> None:
    license = alice_licenses["TX"]
    consent = factories.consent_grant(alice, memorial, license, scope=Consent.Scope.TRANSCRIPTS)
    transcript = _transcript_for(memorial, license)
    client = client_for(sam)
    dl = _url("transcript_download", memorial.slug, transcript.pk)
    assert download(client, dl).status_code == 200

    consent.scope = Consent.Scope.STATUS
    consent.save()

    assert download(client, dl).status_code == 404
    request = client.post(
        _url("transcript_request", memorial.slug, license.pk), {"kind": "transcript"}
    )
    assert request.status_code == 404
    assert Transcript.objects.count() == 1


def test_an_audit_packet_needs_a_consent_to_everything(
    alice, alice_licenses, memorial, sam
) -> None:
    license = alice_licenses["TX"]
    consent = factories.consent_grant(alice, memorial, license, scope=Consent.Scope.TRANSCRIPTS)
    packet = _transcript_for(memorial, license, kind=Transcript.Kind.AUDIT_PACKET)
    client = client_for(sam)
    dl = _url("transcript_download", memorial.slug, packet.pk)

    assert download(client, dl).status_code == 404
    consent.scope = Consent.Scope.EVERYTHING
    consent.save()
    assert download(client, dl).status_code == 200


def test_another_offices_document_is_404(alice, alice_licenses, memorial, sam) -> None:
    other = factories.OrganizationFactory()
    license = alice_licenses["TX"]
    factories.consent_grant(alice, memorial, license, scope=Consent.Scope.EVERYTHING)
    factories.consent_grant(alice, other, license, scope=Consent.Scope.EVERYTHING)
    theirs = _transcript_for(other, license)

    assert (
        download(client_for(sam), _url("transcript_download", memorial.slug, theirs.pk)).status_code
        == 404
    )


def test_the_physicians_own_transcript_is_not_the_offices(
    alice, alice_licenses, memorial, sam
) -> None:
    license = alice_licenses["TX"]
    factories.consent_grant(alice, memorial, license, scope=Consent.Scope.EVERYTHING)
    own = _transcript_for(memorial, license)
    own.requested_by.delete()  # made by alice for herself

    assert (
        download(client_for(sam), _url("transcript_download", memorial.slug, own.pk)).status_code
        == 404
    )


def test_a_viewer_downloads_but_does_not_request(alice, alice_licenses, memorial, vera) -> None:
    license = alice_licenses["TX"]
    factories.consent_grant(alice, memorial, license, scope=Consent.Scope.TRANSCRIPTS)
    transcript = _transcript_for(memorial, license)
    client = client_for(vera)

    assert (
        download(client, _url("transcript_download", memorial.slug, transcript.pk)).status_code
        == 200
    )
    page = client.get(_url("license", memorial.slug, license.pk)).content.decode()
    assert "As a read-only viewer you download documents already made" in page
    response = client.post(
        _url("transcript_request", memorial.slug, license.pk), {"kind": "transcript"}
    )
    assert response.status_code == 404
    assert Transcript.objects.count() == 1


def test_only_owners_manage_members(memorial, olivia, sam, vera) -> None:
    target = vera.memberships.get()
    for member in (sam, vera):
        client = client_for(member)
        assert (
            client.post(
                _url("member_role", memorial.slug, target.pk), {f"m{target.pk}-role": "owner"}
            ).status_code
            == 404
        )
        assert client.post(_url("member_remove", memorial.slug, target.pk)).status_code == 404
        assert (
            client.post(_url("require_mfa", memorial.slug), {"require_mfa": "on"}).status_code
            == 404
        )
    target.refresh_from_db()
    assert target.role == Role.VIEWER
    memorial.refresh_from_db()
    assert memorial.require_mfa is False


def test_a_member_of_another_organization_cannot_touch_ours(memorial, olivia, sam) -> None:
    stranger = factories.MembershipFactory(role=Role.OWNER)
    target = sam.memberships.get()
    client = client_for(stranger.user)

    # Their own organization's URL, our member's id: not found there.
    url = _url("member_remove", stranger.organization.slug, target.pk)
    assert client.post(url).status_code == 404
    assert sam.memberships.exists()


def test_required_mfa_sends_members_without_it_to_set_it_up(
    alice, alice_licenses, memorial, sam
) -> None:
    memorial.require_mfa = True
    memorial.save()
    factories.consent_grant(alice, memorial)
    client = client_for(sam)

    response = client.get(_url("license", memorial.slug, alice_licenses["TX"].pk), follow=False)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert not RecordAccess.objects.exists()
    [message] = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert message == MFA_MESSAGE.format(organization="Memorial Hospital")
    assert message.startswith("Memorial Hospital asks its members to use two-factor")

    enable_totp(sam)
    assert client.get(_url("roster", memorial.slug)).status_code == 200


def test_physician_pages_show_only_ones_own_consents(alice, bob, alice_licenses, memorial) -> None:
    consent = factories.consent_grant(alice, memorial)
    client = client_for(bob)

    assert client.get(_url("consent_change", consent.pk)).status_code == 404
    assert client.post(_url("consent_revoke", consent.pk)).status_code == 404
    assert "Memorial Hospital" not in client.get(_url("sharing")).content.decode()
    consent.refresh_from_db()
    assert consent.revoked_at is None
