"""Signing in with an organization's own identity provider: the whole trip, against a real
OpenID Connect provider over HTTP (tests/organizations/oidc_provider.py)."""

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

from accounts.models import User
from organizations.models import Consent, Membership
from tests import factories
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD
from tests.organizations.oidc_provider import Provider, oidc_provider
from tests.security.mfa import enable_totp, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/oidc/memorial/login/"


@pytest.fixture
def idp() -> Iterator[Provider]:
    with oidc_provider(client_id="cmetrack-memorial", client_secret="s3cret-of-memorial") as p:
        p.person = {
            "sub": "emp-1001",
            "email": "dana@memorial.example",
            "email_verified": True,
            "name": "Dana Doctor",
        }
        yield p


@pytest.fixture
def memorial_sign_in(memorial, idp) -> SocialApp:  # type: ignore[no-untyped-def]
    """Memorial's provider, as site staff enter it in the admin."""
    return SocialApp.objects.create(  # type: ignore[no-any-return]
        provider="openid_connect",
        provider_id="memorial",
        name="Memorial Hospital",
        client_id=idp.client_id,
        secret=idp.client_secret,
        settings={"server_url": idp.url, "oauth_pkce_enabled": True},
    )


def through_provider(client: Client) -> object:
    """Start at our page, go to the provider and back; the response to the callback."""
    start = client.get("/sign-in/organization", {"organization": "Memorial Hospital"})
    assert start.status_code == 302
    assert start["Location"] == LOGIN
    to_provider = client.post(LOGIN)
    assert to_provider.status_code == 302
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    assert callback.path == "/accounts/oidc/memorial/login/callback/"
    return client.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})


def signed_in_as(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def test_the_trip_to_the_provider_carries_state_and_pkce(memorial_sign_in, idp) -> None:
    client = Client()

    to_provider = client.post(LOGIN)

    address = urlsplit(to_provider["Location"])
    query = parse_qs(address.query)
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{idp.url}/authorize"
    assert query["client_id"] == ["cmetrack-memorial"]
    assert query["state"][0]
    assert query["code_challenge_method"] == ["S256"]
    assert "openid" in query["scope"][0].split()
    assert query["redirect_uri"][0].endswith("/accounts/oidc/memorial/login/callback/")


def test_a_new_person_opens_their_own_account_and_confirms_the_address(
    memorial, memorial_sign_in, idp
) -> None:
    client = Client()

    form = through_provider(client)

    # The provider's word is heard once (a signed id_token, exchanged with the secret and the
    # PKCE verifier), and the person sees the one-step form before any account exists.
    assert idp.tokens_issued == 1
    assert idp.refused == []
    assert form.status_code == 302
    assert form["Location"] == "/accounts/3rdparty/signup/"
    assert not User.objects.filter(email="dana@memorial.example").exists()

    done = client.post("/accounts/3rdparty/signup/", {"email": "dana@memorial.example"})

    dana = User.objects.get(email="dana@memorial.example")
    assert done.status_code == 302
    assert SocialAccount.objects.get(user=dana).uid == "emp-1001"
    # The provider vouched for who signed in, not for the mailbox: it is confirmed by mail.
    assert not EmailAddress.objects.get(user=dana).verified
    assert [message.to for message in mail.outbox] == [["dana@memorial.example"]]
    assert signed_in_as(client) is None
    # The account is the person's own: no membership, no consent, nothing for Memorial.
    assert not Membership.objects.filter(user=dana).exists()
    assert not Consent.objects.filter(physician=dana).exists()


def test_an_existing_account_is_not_taken_over_by_its_address(
    alice, memorial, memorial_sign_in, idp
) -> None:
    idp.person = {"sub": "emp-7", "email": "alice@example.com", "email_verified": True}
    client = Client()

    form = through_provider(client)
    refused = client.post("/accounts/3rdparty/signup/", {"email": "alice@example.com"})

    assert form["Location"] == "/accounts/3rdparty/signup/"
    # As for a sign-up with a taken address, the page does not tell (no enumeration); the
    # address's owner is told by mail, and nothing is connected or signed in.
    assert refused["Location"] == "/accounts/confirm-email/"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["alice@example.com"], "[CME Track] Account Already Exists")
    ]
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="alice@example.com").count() == 1


def test_a_look_alike_of_an_existing_address_is_refused(
    alice, memorial, memorial_sign_in, idp
) -> None:
    lookalike = "alice@ex\u0430mple.com"  # a Cyrillic a (U+0430) in the domain
    idp.person = {"sub": "emp-8", "email": lookalike, "email_verified": True}
    client = Client()

    through_provider(client)
    refused = client.post("/accounts/3rdparty/signup/", {"email": lookalike})

    assert refused.status_code == 200
    assert "looks the same as one already registered" in refused.content.decode()
    assert User.objects.count() == 1


def test_a_connected_account_signs_in_through_the_provider(
    alice, memorial, memorial_sign_in, idp
) -> None:
    SocialAccount.objects.create(user=alice, provider="memorial", uid="emp-1001")
    client = Client()

    done = through_provider(client)

    assert done.status_code == 302
    assert signed_in_as(client) == alice.pk
    assert not Membership.objects.filter(user=alice).exists()


def test_two_factor_is_still_asked_after_the_provider(
    alice, memorial, memorial_sign_in, idp
) -> None:
    secret = enable_totp(alice)
    SocialAccount.objects.create(user=alice, provider="memorial", uid="emp-1001")
    client = Client()

    done = through_provider(client)

    assert done.status_code == 302
    assert done["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_as(client) is None
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert signed_in_as(client) == alice.pk


def test_an_id_token_for_another_client_signs_nobody_in(
    alice, memorial, memorial_sign_in, idp
) -> None:
    SocialAccount.objects.create(user=alice, provider="memorial", uid="emp-1001")
    idp.token_claims = {"aud": "some-other-application"}
    client = Client()

    failed = through_provider(client)

    assert failed.status_code == 401
    assert "Third-Party Login Failure" in failed.content.decode()
    assert signed_in_as(client) is None


def test_a_wrong_client_secret_signs_nobody_in(alice, memorial, memorial_sign_in, idp) -> None:
    SocialAccount.objects.create(user=alice, provider="memorial", uid="emp-1001")
    memorial_sign_in.secret = "guessed"
    memorial_sign_in.save()
    client = Client()

    failed = through_provider(client)

    assert idp.refused == ["token"]
    assert failed.status_code == 401
    assert signed_in_as(client) is None


def test_the_sign_in_page_finds_an_organization_by_its_short_name(memorial_sign_in) -> None:
    response = Client().get("/sign-in/organization", {"organization": " MEMORIAL "})

    assert response.status_code == 302
    assert response["Location"] == LOGIN


@pytest.mark.parametrize("name", ["St Elsewhere", "memorial"])
def test_an_organization_without_its_own_sign_in_is_a_clear_message(memorial, name) -> None:
    # Memorial exists but site staff configured no provider for it.
    factories.OrganizationFactory(name="Other office", slug="other")

    response = Client().get("/sign-in/organization", {"organization": name})

    assert response.status_code == 200
    assert "No organization of that name signs in here" in response.content.decode()


def test_an_empty_name_asks_for_one() -> None:
    response = Client().get("/sign-in/organization", {"organization": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_a_provider_that_names_no_organization_does_not_work(db) -> None:
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="ghost",
        name="Ghost",
        client_id="x",
        secret="y",
        settings={"server_url": "http://127.0.0.1:9"},
    )

    assert Client().post("/accounts/oidc/ghost/login/").status_code == 404
    assert Client().get("/sign-in/organization", {"organization": "ghost"}).status_code == 200


def test_the_login_page_offers_one_entry_not_a_list_of_organizations(memorial_sign_in) -> None:
    page = Client().get("/accounts/login/").content.decode()

    assert 'href="/sign-in/organization"' in page
    assert "Sign in with your organization" in page
    assert "Memorial Hospital" not in page


def test_a_signed_in_person_connects_their_organizations_sign_in(
    alice, memorial, memorial_sign_in, idp
) -> None:
    idp.person = {"sub": "emp-42", "email": "a.ng@memorial.example", "email_verified": True}
    client = Client()
    client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    start = client.get("/sign-in/organization", {"organization": "memorial"})
    assert start["Location"] == f"{LOGIN}?process=connect"
    to_provider = client.post(start["Location"])
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=5)
    callback = urlsplit(back.headers["Location"])
    client.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})

    assert SocialAccount.objects.get(uid="emp-42").user == alice
    # Next time, the organization's sign-in opens alice's own account.
    fresh = Client()
    assert through_provider(fresh).status_code == 302
    assert signed_in_as(fresh) == alice.pk
    assert not Membership.objects.filter(user=alice).exists()


def test_the_connections_page_offers_one_entry_not_a_list(alice, memorial_sign_in) -> None:
    client = Client()
    client.force_login(alice)

    page = client.get("/accounts/3rdparty/").content.decode()

    assert "sign-in to this account" in page
    assert "/sign-in/organization" in page
    assert "Memorial Hospital" not in page


def test_staff_configure_providers_but_see_nobodys_connection(alice, memorial_sign_in) -> None:
    staff = UserFactory(email="support@cmetrack.example", is_staff=True, is_superuser=True)
    enable_totp(staff)  # the admin asks staff for two-factor
    SocialAccount.objects.create(
        user=alice, provider="memorial", uid="emp-1001", extra_data={"name": "Alice Secretname"}
    )
    client = Client()
    client.force_login(staff)

    index = client.get("/admin/").content.decode()

    assert 'href="/admin/socialaccount/socialapp/"' in index
    assert "/admin/socialaccount/socialaccount/" not in index
    assert client.get("/admin/socialaccount/socialaccount/").status_code == 404
    assert client.get("/admin/socialaccount/socialtoken/").status_code == 404
    app = client.get(f"/admin/socialaccount/socialapp/{memorial_sign_in.pk}/change/")
    assert app.status_code == 200
    assert "Secretname" not in app.content.decode()
