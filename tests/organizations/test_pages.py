"""The pages: the roster's filters, sort, pages and CSV; the access log; invitations, consent
forms and confirmations as a person uses them."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RecordAccess
from organizations import services
from organizations.models import Consent, Invitation, Membership, Organization, Role
from organizations.views import office, physician
from reporting.models import Transcript
from tests import factories
from tests.accounts.factories import UserFactory
from tests.organizations.conftest import client_for, download
from tests.reporting.transcripts import conftest as transcript_fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_today")]
eager_celery = transcript_fixtures.eager_celery


def _url(name: str, *args) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"organizations:{name}", args=args)


def _table(response) -> str:  # type: ignore[no-untyped-def]
    """The roster's table alone (the filter form names every status too)."""
    page = response.content.decode()
    return page[page.index("<tbody>") : page.index("</tbody>")] if "<tbody>" in page else ""


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- The roster -------------------------------------------------------------------------------
def test_the_roster_filters_and_says_so(alice, alice_licenses, memorial, sam) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"], alice_licenses["CA"])
    client = client_for(sam)

    texas = client.get(_url("roster", memorial.slug), {"state": "TX"})
    behind = client.get(_url("roster", memorial.slug), {"status": "behind"})
    nothing = client.get(_url("roster", memorial.slug), {"status": "complete"})
    due = client.get(_url("roster", memorial.slug), {"due_within": "90", "sort": "deadline"})

    assert "Texas license Q12345" in _table(texas)
    assert "California license A99999" not in _table(texas)
    assert "(filters on)" in texas.content.decode()
    assert "Behind the pace" in _table(behind)
    assert "California license A99999" not in _table(behind)
    assert "No license matches these filters" in nothing.content.decode()
    # California's overdue counts as due; Texas renews in 91 days.
    assert "California license A99999" in _table(due)
    assert "Texas license Q12345" not in _table(due)


def test_a_bad_filter_value_is_ignored_not_an_error(alice, alice_licenses, memorial, sam) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"])

    response = client_for(sam).get(_url("roster", memorial.slug), {"due_within": "soon"})

    assert response.status_code == 200
    assert "Texas license Q12345" in response.content.decode()
    assert "Enter a whole number." in response.content.decode()


def test_the_roster_pages(alice, alice_licenses, memorial, sam, monkeypatch) -> None:
    monkeypatch.setattr(office, "ROWS_PER_PAGE", 2)
    factories.consent_grant(alice, memorial)
    client = client_for(sam)

    first = client.get(_url("roster", memorial.slug), {"sort": "state"}).content.decode()
    second = client.get(
        _url("roster", memorial.slug), {"sort": "state", "page": 2}
    ).content.decode()

    assert "Page 1 of 2" in first
    assert "California license A99999" in first
    assert "Texas license Q12345" not in first
    assert "Texas license Q12345" in second
    assert "sort=state&amp;page=2" in first


def test_an_office_without_consents_says_how_to_start(memorial, sam) -> None:
    page = client_for(sam).get(_url("roster", memorial.slug)).content.decode()

    assert "No physician shares a record with Memorial Hospital yet" in page
    assert "Invite a physician" in page


def test_the_csv_holds_the_filtered_rows_with_formulas_made_text(
    alice, alice_licenses, memorial, sam
) -> None:
    alice.profile.full_name = '=HYPERLINK("http://evil")'
    alice.profile.save()
    factories.consent_grant(alice, memorial, alice_licenses["TX"], alice_licenses["CA"])

    response = client_for(sam).get(_url("roster_csv", memorial.slug), {"state": "TX"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header[:5] == ["physician", "email", "license", "state", "status"]
    assert [row[2] for row in rows] == ["Texas license Q12345"]
    assert rows[0][0] == '\'=HYPERLINK("http://evil")'
    assert rows[0][4:6] == ["Behind the pace", "behind"]
    assert rows[0][7] == "2026-08-31"


# --- The access log -------------------------------------------------------------------------
def test_every_look_is_on_the_physicians_access_log(
    alice, alice_licenses, memorial, sam, eager_celery, django_capture_on_commit_callbacks
) -> None:
    alice.profile.degree = "MD"
    alice.profile.save()
    license = alice_licenses["TX"]
    factories.consent_grant(alice, memorial, license, scope=Consent.Scope.TRANSCRIPTS)
    client = client_for(sam)

    client.get(_url("roster", memorial.slug))
    client.get(_url("roster_csv", memorial.slug))
    client.get(_url("license", memorial.slug, license.pk))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("transcript_request", memorial.slug, license.pk), {"kind": "transcript"})
    transcript = Transcript.objects.get()
    assert transcript.status == Transcript.Status.READY
    response = download(client, _url("transcript_download", memorial.slug, transcript.pk))
    assert response.content_bytes.startswith(b"%PDF")

    looks = list(RecordAccess.objects.filter(physician=alice).order_by("at", "pk"))
    assert {look.by_label for look in looks} == {"Memorial Hospital (sam@memorial.example)"}
    assert {look.channel for look in looks} == {"organization"}
    assert {look.viewer for look in looks} == {sam}
    assert [look.what for look in looks] == [
        "Roster: status of Texas license Q12345",
        "Roster CSV export: status of Texas license Q12345",
        "Texas license Q12345: compliance",
        "Texas license Q12345: transcript requested",
        "Texas license Q12345: transcript PDF",
    ]
    # The document is the physician's own: it shows in her transcripts too.
    assert transcript.owner == alice


def test_the_access_log_lists_every_channel_newest_first(alice, client) -> None:
    for channel, label in [
        (RecordAccess.Channel.ORGANIZATION, "Memorial Hospital (sam@memorial.example)"),
        (RecordAccess.Channel.SHARE_LINK, "Share link 'New employer'"),
        (RecordAccess.Channel.SUPPORT, "CME Track support"),
    ]:
        RecordAccess.objects.create(physician=alice, channel=channel, by_label=label, what="x")
    client.force_login(alice)

    page = client.get(_url("access_log")).content.decode()

    assert page.index("CME Track support") < page.index("Share link") < page.index("Memorial")
    assert "Site support" in page
    assert "Share link" in page


def test_the_access_log_shows_only_ones_own_and_pages(alice, bob, monkeypatch) -> None:
    monkeypatch.setattr(physician, "ACCESSES_PER_PAGE", 2)
    for n in range(3):
        RecordAccess.objects.create(
            physician=alice, channel="organization", by_label="Memorial", what=f"look {n}"
        )
    page = client_for(alice).get(_url("access_log")).content.decode()
    bobs = client_for(bob).get(_url("access_log")).content.decode()

    assert "Page 1 of 2" in page
    assert "look 2" in page
    assert "look 0" not in page
    assert "Nobody has looked at your record" in bobs
    assert "Memorial" not in bobs


# --- Organizations and members ----------------------------------------------------------------
def test_creating_an_organization_from_the_page(alice) -> None:
    client = client_for(alice)

    empty = client.post(_url("list"), {"name": "", "kind": "credentialing"})
    no_kind = client.post(_url("list"), {"name": "Valley Locums"})
    assert "This field is required." in empty.content.decode()
    assert "This field is required." in no_kind.content.decode()
    assert not Organization.objects.exists()

    response = client.post(_url("list"), {"name": "Valley Locums", "kind": "credentialing"})

    assert response["Location"] == _url("roster", "valley-locums")
    assert Organization.objects.get().memberships.get().role == Role.OWNER


def test_a_cme_provider_is_created_from_the_same_page_and_set_up_on_the_providers_pages(
    alice,
) -> None:
    client = client_for(alice)

    response = client.post(_url("list"), {"name": "Lone Star CME", "kind": "provider"})

    organization = Organization.objects.get()
    assert organization.kind == Organization.Kind.PROVIDER
    assert response["Location"] == reverse("providers:home")
    listing = client.get(_url("list")).content.decode()
    assert f'href="{reverse("providers:home")}">Lone Star CME</a>' in listing
    assert "Lone Star CME" in client.get(reverse("providers:home")).content.decode()


def test_an_owner_invites_a_member_by_email(memorial, olivia, mailoutbox) -> None:
    response = client_for(olivia).post(
        _url("invite", memorial.slug), {"email": "new@memorial.example", "invite_as": "staff"}
    )

    assert response.status_code == 302
    [mail] = mailoutbox
    assert "/organizations/invitations/" in mail.body
    assert Invitation.objects.get().role == Role.STAFF


def test_staff_invite_physicians_but_not_members(memorial, sam, mailoutbox) -> None:
    client = client_for(sam)

    refused = client.post(
        _url("invite", memorial.slug), {"email": "new@memorial.example", "invite_as": "owner"}
    )
    invited = client.post(
        _url("invite", memorial.slug), {"email": "dr@example.com", "invite_as": "physician"}
    )

    assert refused.status_code == 400
    assert "Select a valid choice." in refused.content.decode()
    assert invited.status_code == 302
    assert list(Invitation.objects.values_list("email", "for_consent")) == [
        ("dr@example.com", True)
    ]


def test_a_bad_invitation_address_is_refused_on_the_page(memorial, olivia, mailoutbox) -> None:
    response = client_for(olivia).post(
        _url("invite", memorial.slug), {"email": "not an address", "invite_as": "staff"}
    )

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_joining_through_the_link(memorial, olivia) -> None:
    newcomer = UserFactory(email="new@memorial.example")
    _, token = services.invitation_create(
        organization=memorial, invited_by=olivia, email=newcomer.email, role=Role.VIEWER
    )
    client = client_for(newcomer)

    page = client.get(_url("invitation", token)).content.decode()
    response = client.post(_url("invitation", token))

    assert "as <strong>read-only viewer</strong>" in page
    assert response["Location"] == _url("roster", memorial.slug)
    assert Membership.objects.get(user=newcomer).role == Role.VIEWER


def test_a_link_opened_by_someone_else_or_too_late_says_why(memorial, olivia, bob) -> None:
    _, token = services.invitation_create(
        organization=memorial, invited_by=olivia, email="new@memorial.example", role=Role.VIEWER
    )

    wrong = client_for(bob).get(_url("invitation", token))
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    late = client_for(UserFactory(email="new@memorial.example")).get(_url("invitation", token))

    assert wrong.status_code == 404
    assert "sent to another e-mail address" in wrong.content.decode()
    assert late.status_code == 404
    assert "expired, was withdrawn or was already used" in late.content.decode()
    assert not Membership.objects.filter(user=bob).exists()


def test_removing_a_member_asks_first(memorial, olivia, vera) -> None:
    target = vera.memberships.get()
    client = client_for(olivia)

    confirm = client.get(_url("member_remove", memorial.slug, target.pk))
    assert "Remove vera@memorial.example from Memorial Hospital?" in confirm.content.decode()
    assert Membership.objects.filter(pk=target.pk).exists()

    client.post(_url("member_remove", memorial.slug, target.pk))
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_the_last_owner_is_told_why_they_stay(memorial, olivia) -> None:
    own = olivia.memberships.get()
    response = client_for(olivia).post(
        _url("member_role", memorial.slug, own.pk), {f"m{own.pk}-role": "viewer"}, follow=True
    )

    assert services.LAST_OWNER in response.content.decode()
    own.refresh_from_db()
    assert own.role == Role.OWNER


def test_an_owner_requires_two_factor(memorial, olivia) -> None:
    client_for(olivia).post(_url("require_mfa", memorial.slug), {"require_mfa": "on"})

    memorial.refresh_from_db()
    assert memorial.require_mfa is True


# --- The physician's side ---------------------------------------------------------------------
def _consent_invitation(memorial, olivia, alice) -> str:  # type: ignore[no-untyped-def]
    _, token = services.invitation_create(
        organization=memorial, invited_by=olivia, email=alice.email, for_consent=True
    )
    return token


def test_a_consent_invitation_leads_to_the_grant_form(
    alice, alice_licenses, memorial, olivia
) -> None:
    token = _consent_invitation(memorial, olivia, alice)
    client = client_for(alice)

    form = client.get(_url("invitation", token)).content.decode()
    response = client.post(
        _url("invitation", token),
        {
            "scope": "transcripts",
            "licenses": [alice_licenses["TX"].pk, alice_licenses["CA"].pk],
        },
    )

    assert "Share your record with Memorial Hospital?" in form
    assert "Texas license Q12345 (TX-MD)" in form
    assert response["Location"] == _url("sharing")
    consent = Consent.objects.get()
    assert (consent.scope, consent.physician) == ("transcripts", alice)
    sharing = client.get(_url("sharing")).content.decode()
    assert "Memorial Hospital" in sharing
    assert "Status and transcripts" in sharing
    assert "Granted: Status and transcripts of Texas license Q12345 and California" in sharing


def test_the_grant_form_refuses_bad_input_and_stores_nothing(
    alice, bob, alice_licenses, memorial, olivia
) -> None:
    token = _consent_invitation(memorial, olivia, alice)
    bobs = factories.texas_license(bob, number="B1")
    client = client_for(alice)

    foreign = client.post(_url("invitation", token), {"scope": "status", "licenses": [bobs.pk]})
    past = client.post(
        _url("invitation", token),
        {"scope": "status", "all_licenses": "on", "expires_on": "2001-01-01"},
    )
    none = client.post(_url("invitation", token), {"scope": "status"})

    assert foreign.status_code == 400
    assert "Select a valid choice." in foreign.content.decode()
    assert "The last day cannot be in the past." in past.content.decode()
    assert "Choose at least one license, or share all of them." in none.content.decode()
    assert not Consent.objects.exists()
    assert Invitation.objects.get().accepted_at is None


def test_changing_and_revoking_from_the_sharing_page(
    alice, alice_licenses, memorial, olivia
) -> None:
    consent = factories.consent_grant(alice, memorial, alice_licenses["TX"])
    client = client_for(alice)

    changed = client.post(
        _url("consent_change", consent.pk), {"scope": "everything", "all_licenses": "on"}
    )
    confirm = client.get(_url("consent_revoke", consent.pk)).content.decode()
    consent.refresh_from_db()
    assert (changed.status_code, consent.scope, consent.revoked_at) == (302, "everything", None)
    assert "Stop sharing your record with Memorial Hospital?" in confirm

    client.post(_url("consent_revoke", consent.pk))

    consent.refresh_from_db()
    assert consent.revoked_at is not None
    sharing = client.get(_url("sharing")).content.decode()
    assert "No organization can see your record." in sharing
    assert "No longer shared" in sharing
    assert client.get(_url("consent_change", consent.pk)).status_code == 404


def test_a_physician_on_their_own_offices_roster_is_not_a_look(
    alice, alice_licenses, memorial
) -> None:
    factories.MembershipFactory(organization=memorial, user=alice, role=Role.STAFF)
    factories.consent_grant(alice, memorial, alice_licenses["TX"])
    client = client_for(alice)

    client.get(_url("roster", memorial.slug))
    client.get(_url("license", memorial.slug, alice_licenses["TX"].pk))

    assert not RecordAccess.objects.filter(physician=alice).exists()


def test_a_status_only_consent_shows_verdicts_without_the_activities(
    alice, alice_licenses, memorial, sam, log_activity
) -> None:
    log_activity(alice, completed_on=datetime.date(2026, 3, 1), credits="5.00", title="Sepsis 7f")
    consent = factories.consent_grant(alice, memorial, alice_licenses["TX"])
    client = client_for(sam)
    url = _url("license", memorial.slug, alice_licenses["TX"].pk)

    status_only = client.get(url).content.decode()
    consent.scope = Consent.Scope.TRANSCRIPTS
    consent.save()
    with_transcripts = client.get(url).content.decode()

    assert "Behind the pace" in status_only
    assert "Sepsis 7f" not in status_only
    assert "shares the status only" in status_only
    assert "Sepsis 7f" in with_transcripts
    # Read-only: none of the physician's own edit or attest links.
    for page in (status_only, with_transcripts):
        assert "Attest instead" not in page
        assert reverse("reporting:license_edit", args=[alice_licenses["TX"].pk]) not in page


def test_the_sharing_page_leads_each_member_to_their_organizations_pages(alice) -> None:
    office = factories.OrganizationFactory(name="Memorial Hospital", slug="memorial-office")
    provider = factories.OrganizationFactory(
        name="Texas Society CME", slug="tx-society", kind=Organization.Kind.PROVIDER
    )
    factories.MembershipFactory(organization=office, user=alice)
    factories.MembershipFactory(organization=provider, user=alice)

    page = client_for(alice).get(_url("sharing")).content.decode()

    assert f'href="{_url("roster", "memorial-office")}"' in page
    assert f'href="{reverse("providers:home")}"' in page
    assert f'href="{_url("roster", "tx-society")}"' not in page
    assert f'href="{_url("list")}"' in page


def test_withdrawing_an_invitation_asks_first_and_the_link_stops_working(memorial, olivia) -> None:
    invitation, token = services.invitation_create(
        organization=memorial, invited_by=olivia, email="dr@example.com", for_consent=True
    )
    client = client_for(olivia)
    withdraw = _url("invitation_withdraw", memorial.slug, invitation.pk)

    members = client.get(_url("members", memorial.slug)).content.decode()
    confirm = client.get(withdraw).content.decode()
    assert Invitation.objects.filter(pk=invitation.pk).exists()  # asking changes nothing
    response = client.post(withdraw, follow=True)

    assert f'href="{withdraw}"' in members
    assert "Withdraw the invitation to dr@example.com?" in confirm
    assert "The invitation to dr@example.com was withdrawn." in response.content.decode()
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    invitee = UserFactory(email="dr@example.com")
    gone = client_for(invitee).get(_url("invitation", token)).content.decode()
    assert "was withdrawn" in gone


def test_staff_withdraw_physician_invitations_only_and_viewers_none(
    memorial, olivia, sam, vera
) -> None:
    physician, _ = services.invitation_create(
        organization=memorial, invited_by=sam, email="dr@example.com", for_consent=True
    )
    member, _ = services.invitation_create(
        organization=memorial, invited_by=olivia, email="new@memorial.example", role=Role.STAFF
    )
    staff = client_for(sam)

    members = staff.get(_url("members", memorial.slug)).content.decode()
    assert _url("invitation_withdraw", memorial.slug, physician.pk) in members
    assert _url("invitation_withdraw", memorial.slug, member.pk) not in members
    assert staff.post(_url("invitation_withdraw", memorial.slug, member.pk)).status_code == 404
    viewer = client_for(vera)
    for invitation in (physician, member):
        url = _url("invitation_withdraw", memorial.slug, invitation.pk)
        assert viewer.post(url).status_code == 404
    assert Invitation.objects.count() == 2


def test_another_offices_invitation_cannot_be_withdrawn(memorial, olivia) -> None:
    other = factories.OrganizationFactory(name="County Clinic", slug="county")
    theirs_owner = UserFactory(email="owner@county.example")
    theirs, _ = services.invitation_create(
        organization=other, invited_by=theirs_owner, email="dr@example.com", for_consent=True
    )

    response = client_for(olivia).post(_url("invitation_withdraw", memorial.slug, theirs.pk))

    assert response.status_code == 404
    assert Invitation.objects.filter(pk=theirs.pk).exists()
