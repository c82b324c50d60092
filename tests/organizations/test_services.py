"""Organizations, members and invitations: what the services store, and what they refuse."""

import datetime
import hashlib

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations import services
from organizations.models import Invitation, Membership, Organization, Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_creator_becomes_the_owner_and_the_slug_comes_from_the_name(alice) -> None:
    first = services.organization_create(creator=alice, name="  Memorial Hospital ")
    second = services.organization_create(creator=alice, name="Memorial Hospital")

    assert (first.name, first.slug) == ("Memorial Hospital", "memorial-hospital")
    assert second.slug == "memorial-hospital-2"
    assert Membership.objects.get(organization=first, user=alice).role == Role.OWNER


def test_an_organization_is_never_named_like_the_physicians_own_pages(alice) -> None:
    assert services.organization_create(creator=alice, name="Sharing").slug == "sharing-2"


def test_an_organization_without_a_name_is_refused_and_nothing_is_stored(alice) -> None:
    with pytest.raises(ValidationError) as refused:
        services.organization_create(creator=alice, name="   ")

    assert refused.value.message_dict == {"name": [services.NAME_MISSING]}
    assert not Organization.objects.exists()
    assert not Membership.objects.exists()


def test_the_last_owner_cannot_be_demoted_or_removed(memorial, olivia) -> None:
    owner = Membership.objects.get(user=olivia)

    with pytest.raises(ValidationError) as demoted:
        services.membership_role_change(membership=owner, role=Role.VIEWER)
    with pytest.raises(ValidationError) as removed:
        services.membership_remove(membership=owner)

    assert demoted.value.message_dict == {"role": [services.LAST_OWNER]}
    assert removed.value.messages == [services.LAST_OWNER]
    owner.refresh_from_db()
    assert owner.role == Role.OWNER


def test_with_a_second_owner_the_first_may_step_down(memorial, olivia, sam) -> None:
    services.membership_role_change(membership=Membership.objects.get(user=sam), role=Role.OWNER)
    services.membership_role_change(membership=Membership.objects.get(user=olivia), role=Role.STAFF)
    services.membership_remove(membership=Membership.objects.get(user=olivia))

    assert list(Membership.objects.values_list("user__email", "role")) == [
        ("sam@memorial.example", Role.OWNER)
    ]


def test_an_unknown_role_is_refused(memorial, sam) -> None:
    member = Membership.objects.get(user=sam)
    with pytest.raises(ValidationError, match="Choose owner"):
        services.membership_role_change(membership=member, role="admin")
    member.refresh_from_db()
    assert member.role == Role.STAFF


def test_an_invitation_stores_only_the_tokens_hash_and_lasts_14_days(memorial, olivia) -> None:
    now = timezone.now()
    _, token = services.invitation_create(
        organization=memorial,
        invited_by=olivia,
        email="New.Person@Example.com",
        role=Role.STAFF,
        now=now,
    )

    stored = Invitation.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.token_hash, stored.email}
    assert stored.email == "new.person@example.com"
    assert stored.expires_at == now + datetime.timedelta(days=14)
    assert services.invitation_url(token).endswith(f"/organizations/invitations/{token}")


def test_inviting_a_member_again_is_refused_and_nothing_is_stored(memorial, olivia, sam) -> None:
    with pytest.raises(ValidationError) as refused:
        services.invitation_create(
            organization=memorial, invited_by=olivia, email=sam.email, role=Role.VIEWER
        )

    assert refused.value.message_dict == {
        "email": ["sam@memorial.example is already a member of Memorial Hospital."]
    }
    assert not Invitation.objects.exists()


def test_an_invitation_needs_a_role_unless_it_asks_for_consent(memorial, olivia) -> None:
    with pytest.raises(ValidationError, match="Choose owner"):
        services.invitation_create(organization=memorial, invited_by=olivia, email="x@y.org")
    assert not Invitation.objects.exists()

    invitation, _ = services.invitation_create(
        organization=memorial,
        invited_by=olivia,
        email="x@y.org",
        role=Role.OWNER,
        for_consent=True,
    )
    assert (invitation.for_consent, invitation.role) == (True, "")


def _invite(memorial, olivia, email: str, role: str = Role.VIEWER):  # type: ignore[no-untyped-def]
    return services.invitation_create(
        organization=memorial, invited_by=olivia, email=email, role=role
    )


def test_the_invited_address_accepts_and_becomes_a_member(memorial, olivia) -> None:
    newcomer = UserFactory(email="newcomer@example.com")
    invitation, token = _invite(memorial, olivia, "newcomer@example.com", Role.STAFF)

    membership = services.invitation_accept(token=token, user=newcomer)

    assert (membership.organization, membership.role) == (memorial, Role.STAFF)
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer
    assert invitation.accepted_at is not None


def test_someone_else_cannot_use_a_forwarded_link(memorial, olivia, bob) -> None:
    _, token = _invite(memorial, olivia, "newcomer@example.com")

    with pytest.raises(ValidationError) as refused:
        services.invitation_accept(token=token, user=bob)

    assert refused.value.messages == [services.WRONG_ADDRESS]
    assert not Membership.objects.filter(user=bob).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_unverified_address_does_not_count(memorial, olivia, bob) -> None:
    EmailAddress.objects.create(user=bob, email="newcomer@example.com", verified=False)
    _, token = _invite(memorial, olivia, "newcomer@example.com")

    with pytest.raises(ValidationError, match="another e-mail address"):
        services.invitation_accept(token=token, user=bob)
    assert not Membership.objects.filter(user=bob).exists()


def test_a_second_verified_address_counts(memorial, olivia, bob) -> None:
    EmailAddress.objects.create(user=bob, email="bob@work.example", verified=True)
    _, token = _invite(memorial, olivia, "BOB@work.example")

    assert services.invitation_accept(token=token, user=bob).user == bob


def test_an_expired_invitation_is_refused(memorial, olivia) -> None:
    newcomer = UserFactory(email="newcomer@example.com")
    _, token = _invite(memorial, olivia, "newcomer@example.com")
    later = timezone.now() + datetime.timedelta(days=14, seconds=1)

    with pytest.raises(ValidationError) as refused:
        services.invitation_accept(token=token, user=newcomer, now=later)

    assert refused.value.messages == [services.INVITATION_GONE]
    assert not Membership.objects.filter(user=newcomer).exists()


def test_a_link_works_once(memorial, olivia) -> None:
    newcomer = UserFactory(email="newcomer@example.com")
    _, token = _invite(memorial, olivia, "newcomer@example.com")
    services.invitation_accept(token=token, user=newcomer)

    with pytest.raises(ValidationError, match="expired, was withdrawn or was already used"):
        services.invitation_accept(token=token, user=newcomer)


def test_an_unknown_token_is_refused(db) -> None:
    with pytest.raises(ValidationError, match="expired, was withdrawn or was already used"):
        services.invitation_open(token="not-a-token")


def test_a_consent_invitation_does_not_make_a_member(memorial, olivia, alice) -> None:
    _, token = services.invitation_create(
        organization=memorial, invited_by=olivia, email=alice.email, for_consent=True
    )

    with pytest.raises(ValidationError, match="share your record"):
        services.invitation_accept(token=token, user=alice)
    assert not Membership.objects.filter(user=alice).exists()


def test_the_invitation_email_carries_the_link(memorial, olivia, mailoutbox) -> None:
    invitation, token = _invite(memorial, olivia, "newcomer@example.com")

    services.invitation_send(invitation=invitation, token=token)

    [mail] = mailoutbox
    assert mail.to == ["newcomer@example.com"]
    assert services.invitation_url(token) in mail.body
    assert "14 days" in mail.body
