"""Bob, with Alice's ids, on every URL of the project and every method.

The routes come from the URLconf itself (the NinjaAPI's operations included), so a view added
tomorrow is attacked tomorrow: a route with a parameter this file cannot classify fails the test
until someone says whose object the parameter names.
"""

import json
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import RecordAccess
from accounts.services import api_token_create
from reporting.models import Attestation
from tests.accounts.factories import UserFactory
from tests.factories import BoardFactory, LicenseFactory, cme_claim, provider_estate
from tests.security.conftest import SECRET_TITLE, Estate

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# A body that passes most schemas, so the request reaches the ownership check.
WRITE_BODY = {
    "title": "pwned",
    "credits": "1.00",
    "number": "PWNED",
    "completed_on": "2025-01-01",
    "credit_type": "ama-pra-1",
    "expires_on": "2027-01-01",
    "owner": 0,
    "answers": {},  # an evaluation's answers (a claim's evaluation)
}
# Routes whose parameter is a capability or public reference data, not one of alice's ids.
PUBLIC_PARAMETERS = {
    # allauth's e-mail confirmation and password-reset keys: signed, single-use.
    "account_confirm_email",
    "account_reset_password_from_key",
    # The board reference table is public data (rules are the same for everyone).
    "boards_read",
    # The public rule book's board pages: the same public data, in words.
    "board",
    # A transcript's verification code is printed on the PDF for boards to check.
    "verify",
    # The calendar URL's token is its only credential; test_calendar_token_is_the_credential.
    "calendar_feed",
    # An organization's e-mailed invitation: the token is the credential, and it works only
    # for the invited address (tests/organizations/test_services.py).
    "invitation",
    # Sign-in with an organization's identity provider: the id names the organization's
    # sign-in (public), never anyone's record.
    "openid_connect_login",
    "openid_connect_callback",
    # A share link's secret is its credential: test_a_share_link_holder_gets_that_license_only.
    "shared",
    "shared_transcript",
    "shared_certificate",
    # A CME activity's claim code is shown on the room's screen: whoever was there may claim
    # with it (codes that fail are rate-limited; tests/providers/test_claims.py).
    "claim_by_code",
    # A provider's certificate carries its verification code for boards to check.
    "claim_verify",
}
ALICE_MARKERS = (SECRET_TITLE.encode(), b"SECRET7F3C", b"alice@example.com")


def routes(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def parameters(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


ALICES_OFFICE = "alices-office"


@pytest.fixture(autouse=True)
def _alices_office(estate: Estate) -> None:
    """An office alice owns and shares her whole record with (a document it asked for too):
    bob, no member, must get from its pages exactly what he gets for an office that is not."""
    from organizations.models import Organization, RequestedTranscript, Role
    from organizations.services import invitation_create
    from organizations.tokens import organization_token_create
    from tests.factories import MembershipFactory, consent_grant

    alice = estate.license.owner
    office = Organization.objects.create(name="Alice's office", slug=ALICES_OFFICE)
    MembershipFactory(organization=office, user=alice, role=Role.OWNER)
    consent_grant(alice, office, scope="everything")
    RequestedTranscript.objects.create(organization=office, transcript=estate.transcript)
    organization_token_create(organization=office, created_by=alice, name="alice's system")
    invitation_create(
        organization=office, invited_by=alice, email="carol@example.com", for_consent=True
    )


def organization_value(route: str, name: str, estate: Estate) -> str | None:
    from organizations.models import Consent, Invitation, Membership, OrganizationToken

    alice = estate.license.owner
    if name == "slug":
        return ALICES_OFFICE
    if name == "pk" and route.startswith("organizations/sharing/consents/"):
        return str(Consent.objects.get(physician=alice, organization__slug=ALICES_OFFICE).pk)
    if name == "pk" and "/invitations/" in route:
        return str(Invitation.objects.get(organization__slug=ALICES_OFFICE).pk)
    if name == "pk" and "/members/" in route:
        return str(Membership.objects.get(user=alice, organization__slug=ALICES_OFFICE).pk)
    if name == "pk" and "/documents/" in route:
        return str(estate.transcript.pk)
    if name == "pk" and "/api-tokens/" in route:
        return str(OrganizationToken.objects.get(organization__slug=ALICES_OFFICE).pk)
    return None


def owned_value(route: str, name: str, estate: Estate) -> str | None:
    """Alice's id for a parameter of this route, or None if it names nobody's object."""
    if route.startswith(("providers/", "cme/")):
        return provider_value(route, name, estate)
    if route.startswith("organizations/") and name != "license_id":
        return organization_value(route, name, estate)
    by_name = {
        "certificate_id": estate.certificate.pk,
        "activity_id": estate.activity.pk,
        "license_id": estate.license.pk,
        "transcript_id": estate.transcript.pk,
    }
    if name in by_name:
        return str(by_name[name])
    if name == "code" and route.startswith("dashboard/licenses/"):
        return estate.attestation.requirement_code  # a requirement of her license, attested
    if name == "public_id" and route.startswith("certificates/"):
        return str(estate.certificate.public_id)
    if name == "public_id" and route.startswith("support/"):
        return str(estate.support_access.public_id)  # the window she opened for support
    if name == "number" and route.startswith("certificates/"):
        return "1"  # the first page of her certificate, drawn as an image
    if name == "provider_slug":  # the provider alice runs (the API's name for it)
        return ALICES_PROVIDER
    if name == "claim_id":  # the API's name for her own claim of her provider's activity
        return provider_value("cme/", "claim_pk", estate)
    if name == "offering_id" or (name == "pk" and route.startswith("offers/activities/")):
        return provider_value("providers/activities/", "pk", estate)  # her provider's activity
    if name == "rest":  # the API's catch-all for unknown paths
        return f"v1/activities/{estate.activity.pk}/unknown"
    by_prefix = {
        "profile/tokens/": estate.token.pk,
        "profile/support/": estate.support_access.pk,
        "dashboard/share-links/": estate.share_link.pk,
        "dashboard/licenses/": estate.license.pk,
        "offers/licenses/": estate.license.pk,
        "dashboard/transcripts/": estate.transcript.pk,
        "activities/": estate.activity.pk,
        "certificates/": estate.certificate.pk,
    }
    if name == "pk":
        for prefix, pk in by_prefix.items():
            if route.startswith(prefix):
                return str(pk)
    return None


ALICES_PROVIDER = "alices-cme"


@pytest.fixture(autouse=True)
def _alices_provider(estate: Estate) -> None:
    """A CME provider alice runs, with an activity, a session, a code, an evaluation question
    and her own claim of it (its certificate stored): everything a provider route can name."""
    from django.core.files.base import ContentFile

    claim = provider_estate(
        estate.license.owner,
        name="Alice's CME",
        slug=ALICES_PROVIDER,
        title=SECRET_TITLE,
        verification_code="SECRET7F3CCODE",
    ).claim
    claim.certificate_file.save("c.pdf", ContentFile(b"%PDF-1.7 SECRET7F3C"), save=True)


def provider_value(route: str, name: str, estate: Estate) -> str | None:
    """Alice's provider (she is its owner) and her own claim, by the route's parameter."""
    from providers.models import Claim

    claim = Claim.objects.select_related("offering", "session", "code").get(
        offering__provider__organization__slug=ALICES_PROVIDER, learner=estate.license.owner
    )
    by_name = {
        "slug": ALICES_PROVIDER,
        "pk": claim.pk if route.startswith("cme/") else claim.offering_id,
        "claim_pk": claim.pk,
        "code_pk": claim.code_id,
        "part": "sessions",
        "part_pk": claim.session_id,
        "kind": "pars",
    }
    value = by_name.get(name)
    return None if value is None else str(value)


def admin_value(route: str, name: str, estate: Estate) -> str:
    """Admin routes: alice's row of the model the route is about (or her user)."""
    owned = {
        "activities/activity": estate.activity.pk,
        "certificates/certificate": estate.certificate.pk,
        "reporting/license": estate.license.pk,
        "reporting/board": estate.license.board_id,
        "accounts/apitoken": estate.token.pk,
        "accounts/user": estate.activity.owner_id,
    }
    if name == "content_type_id":
        return str(ContentType.objects.get_for_model(estate.activity).pk)
    if name == "app_label":
        return "reporting"
    if name == "url":
        return "reporting/license/"
    for model, pk in owned.items():
        if model in route:
            return str(pk)
    return str(estate.activity.pk)


def fill(route: str, values: dict[str, str]) -> str:
    path = route.lstrip("^").rstrip("$")
    for name, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", value, path)
        path = re.sub(rf"\(\?P<{name}>[^)]*\)", value, path)
    return "/" + path


def request(client: Client, method: str, path: str, *, api: bool):  # type: ignore[no-untyped-def]
    if method in ("GET", "DELETE"):
        return client.generic(method, path)
    if api:
        return client.generic(method, path, json.dumps(WRITE_BODY), content_type="application/json")
    if method == "POST":
        return client.post(path, WRITE_BODY)
    return client.generic(method, path, "title=pwned", "application/x-www-form-urlencoded")


def snapshot(owner) -> dict[str, list[dict]]:  # type: ignore[no-untyped-def]
    """Every row of every table that points at the owner, with every column, plus her files."""
    rows: dict[str, list[dict]] = {}
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        keys = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, models.ForeignKey | models.OneToOneField)
            and field.related_model is user_model
        ]
        for key in keys:
            found = list(model._default_manager.filter(**{key: owner}).order_by("pk").values())
            if found:
                rows[f"{model._meta.label}.{key}"] = found
    rows["user"] = list(user_model.objects.filter(pk=owner.pk).values())
    rows["files"] = [
        {"name": name, "exists": default_storage.exists(name)}
        for name in sorted(
            str(row["file"]) for found in rows.values() for row in found if row.get("file")
        )
    ]
    return rows


def record_figures(name: str, figures: dict) -> None:
    folder = os.environ.get("SECURITY_FIGURES_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        Path(folder, f"{name}.json").write_text(json.dumps(figures, indent=2))


@pytest.mark.django_db
def test_bob_gets_nothing_of_alices_on_any_route_or_method(estate, alice, bob, bob_client):
    _, raw = api_token_create(user=bob, name="bob script")
    bearer = Client(headers={"Authorization": f"Bearer {raw}"})
    before = snapshot(alice)
    provider_before = provider_rows()  # her claim's evaluation answers point at no user
    attestations = list(Attestation.objects.filter(license__owner=alice).values())
    missing = {"pk": "987654", "uuid": str(uuid.uuid4())}
    tried, leaks, unclassified = 0, [], []
    api_paths: set[str] = set()
    for route, pattern in routes(get_resolver().url_patterns):
        names = parameters(route)
        if not names or pattern.name in PUBLIC_PARAMETERS:
            continue
        is_admin, is_api = route.startswith("admin/"), route.startswith("api/")
        if is_admin:
            values = {name: admin_value(route, name, estate) for name in names}
        else:
            values = {name: owned_value(route, name, estate) for name in names}
            if None in values.values():
                unclassified.append(f"{pattern.name}: {route}")
                continue
        path = fill(route, values)
        if is_api:
            api_paths.add(path)
        absent = fill(
            route,
            {
                name: missing["uuid"] if "-" in value else missing["pk"]
                for name, value in values.items()
            },
        )
        clients = [("session", bob_client)] + ([("bearer", bearer)] if is_api else [])
        for role, client in clients:
            for method in METHODS:
                tried += 1
                response = request(client, method, path, api=is_api)
                cell = f"{role} {method} {path} -> {response.status_code}"
                if is_admin:
                    # Non-staff: allauth's admin wrapper refuses (403) or sends to log in.
                    if response.status_code not in (302, 403, 405):
                        leaks.append(cell)
                    elif response.status_code == 302 and "/admin/" in response["Location"]:
                        # The admin's own redirect to its (wrapped) login page is fine.
                        pass
                    continue
                control = request(client, method, absent, api=is_api)
                # Indistinguishable from an id that does not exist, and never a success.
                if response.status_code >= 200 and response.status_code < 400:
                    leaks.append(cell)
                elif response.status_code != control.status_code:
                    leaks.append(f"{cell} (missing id gives {control.status_code})")
                elif any(marker in response.content for marker in ALICE_MARKERS):
                    leaks.append(f"{cell} (body names alice's data)")
    record_figures("access-matrix", {"cells": tried, "leaks": len(leaks), "writes": 0})
    assert not unclassified, f"routes whose parameter nobody classified: {unclassified}"
    assert not leaks, "\n".join(leaks)
    assert tried > 300
    # A learner's claim, by the API's `claim_id`, is in the matrix (its evaluation, read and
    # answered by bob's token and session alike).
    claim = provider_value("cme/", "claim_pk", estate)
    assert f"/api/v1/claims/{claim}/evaluation" in api_paths, sorted(api_paths)
    assert snapshot(alice) == before
    assert provider_rows() == provider_before
    assert list(Attestation.objects.filter(license__owner=alice).values()) == attestations


@pytest.mark.django_db
def test_lists_and_pages_without_ids_show_bob_only_his_rows(estate, bob, bob_client):
    _, raw = api_token_create(user=bob, name="bob script")
    bearer = Client(headers={"Authorization": f"Bearer {raw}"})
    pages = 0
    for route, _pattern in routes(get_resolver().url_patterns):
        if parameters(route) or route.startswith("admin/") or "logout" in route:
            continue
        path = fill(route, {})
        for client in (bob_client, bearer) if route.startswith("api/") else (bob_client,):
            response = client.get(path)
            pages += 1
            assert response.status_code < 500, path
            body = b"".join(response) if response.streaming else response.content
            for marker in ALICE_MARKERS:
                assert marker not in body, f"{path} shows bob {marker!r}"
    assert pages > 40


@pytest.mark.django_db
def test_calendar_token_is_the_credential(estate, bob_client):
    assert bob_client.get(f"/dashboard/calendar/{'x' * 43}.ics").status_code == 404
    assert bob_client.get(f"/dashboard/calendar/{estate.calendar.token}.ics").status_code == 200


@pytest.mark.django_db
def test_an_unknown_verification_code_is_not_found(estate, bob_client):
    assert bob_client.get("/verify/NOTAREALCODE123").status_code == 404


# --- Members of an office, with and without alice's consent ------------------------------------
# An office's owner, credentialing staff and read-only viewer reach their own office's pages;
# alice's record only through her consent, and only what it names: her license SECRET7F3C at
# "status only" depth. Her activities and certificates (SECRET_TITLE) are never shown to them,
# her other license never, and nothing of hers is ever changed.
ALICE_OTHER_LICENSE = "OTHER9Q1"
# Reads a live consent at "status only" opens to the office's members (and its API token).
CONSENTED_READS = {
    "roster",
    "roster_csv",
    "license",
    "organization_roster",
    "organization_roster_license",
}
# Whatever the consent, nobody at the office reads these markers of alice's: her activity
# and certificate titles (not at "status only" depth), her license outside the consent.
NEVER_SHOWN = (SECRET_TITLE.encode(), ALICE_OTHER_LICENSE.encode())
ROLES = ("owner", "staff", "viewer")


def office_value(route: str, name: str, estate: Estate, office: str) -> str | None:
    """A parameter as a member of `office` fills it: their own office's slug, alice's ids."""
    if name == "slug" and route.startswith("organizations/"):
        return office
    return owned_value(route, name, estate)


def names_alices_object(route: str, names: list[str]) -> bool:
    """Whether the route names one of alice's objects (not only the member's own office)."""
    return any(name != "slug" for name in names) or not route.startswith("organizations/")


def without_access_log(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    # Every consented look is written to alice's access log: that is the point, not a write to
    # her record.
    return {
        key: found for key, found in rows.items() if not key.startswith("accounts.RecordAccess")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("consented", [False, True], ids=["no-consent", "status-consent"])
@pytest.mark.parametrize("role", ROLES)
def test_an_offices_members_see_only_what_alices_consent_opens(estate, alice, role, consented):  # type: ignore[no-untyped-def]
    from organizations.models import Membership, Organization
    from organizations.tokens import organization_token_create
    from tests.factories import LicenseFactory, OrganizationFactory, consent_grant

    office = OrganizationFactory(name="Memorial Hospital", slug="memorial")
    member = Membership.objects.create(
        organization=office,
        user=type(alice).objects.create_user(email=f"{role}@memorial.example"),
        role=role,
    ).user
    other_license = LicenseFactory(
        owner=alice, board=estate.license.board, number=ALICE_OTHER_LICENSE
    )
    if consented:
        consent_grant(alice, office, estate.license)
    session = Client()
    session.force_login(member)
    _, personal = api_token_create(user=member, name="member script")
    _, office_raw = organization_token_create(organization=office, created_by=member, name="sys")
    clients = {
        "session": session,
        "personal-bearer": Client(headers={"Authorization": f"Bearer {personal}"}),
        "office-bearer": Client(headers={"Authorization": f"Bearer {office_raw}"}),
    }
    before = without_access_log(snapshot(alice))
    tried, consented_cells, leaks, unclassified = 0, 0, [], []
    for route, pattern in routes(get_resolver().url_patterns):
        names = parameters(route)
        if route.startswith("admin/") or pattern.name in PUBLIC_PARAMETERS or "logout" in route:
            continue
        values = {name: office_value(route, name, estate, office.slug) for name in names}
        if None in values.values():
            unclassified.append(f"{pattern.name}: {route}")
            continue
        license_ids = (
            [str(estate.license.pk), str(other_license.pk)] if "license_id" in values else [None]
        )
        is_api = route.startswith("api/")
        for license_id in license_ids:
            if license_id is not None:
                values["license_id"] = license_id
            path = fill(route, values)
            absent = fill(
                route,
                {
                    name: value
                    if name == "slug"
                    else ("987654" if "-" not in value else str(uuid.uuid4()))
                    for name, value in values.items()
                },
            )
            opens = (
                consented
                and pattern.name in CONSENTED_READS
                and license_id in (None, str(estate.license.pk))
            )
            for kind, client in clients.items():
                if kind != "session" and not is_api:
                    continue
                for method in METHODS:
                    tried += 1
                    response = request(client, method, path, api=is_api)
                    body = b"".join(response) if response.streaming else response.content
                    cell = f"{role} {kind} {method} {path} -> {response.status_code}"
                    # An owner may switch the office's two-factor rule; the matrix keeps asking
                    # the same question of every route.
                    Organization.objects.filter(pk=office.pk).update(require_mfa=False)
                    if any(marker in body for marker in NEVER_SHOWN):
                        leaks.append(f"{cell} (shows what the consent does not open)")
                        continue
                    # A consent opens reads: GET answers, every other method is refused.
                    if opens and method == "GET" and response.status_code == 200:
                        consented_cells += 1
                        continue
                    if opens and method != "GET" and response.status_code != 405:
                        leaks.append(f"{cell} (a read-only page answered {method})")
                        continue
                    if any(marker in body for marker in ALICE_MARKERS):
                        leaks.append(f"{cell} (body names alice's data)")
                    elif names and names_alices_object(route, names):
                        control = request(client, method, absent, api=is_api)
                        if 200 <= response.status_code < 400 and not opens:
                            leaks.append(cell)
                        elif response.status_code != control.status_code and not opens:
                            leaks.append(f"{cell} (missing id gives {control.status_code})")
    record_figures(
        f"access-matrix-office-{role}-{'consent' if consented else 'no-consent'}",
        {"cells": tried, "consented_reads": consented_cells, "leaks": len(leaks), "writes": 0},
    )
    assert not unclassified, f"routes whose parameter nobody classified: {unclassified}"
    assert not leaks, "\n".join(leaks)
    assert tried > 300
    assert without_access_log(snapshot(alice)) == before
    if consented:
        # The consented reads did happen (the roster page, its CSV, the license page, the API),
        # and each is in alice's access log.
        assert consented_cells >= 5
        assert RecordAccess.objects.filter(physician=alice).exists()
    else:
        assert consented_cells == 0
        assert not RecordAccess.objects.filter(physician=alice).exists()


# --- Site staff, and the holder of a share link -------------------------------------------------
# Kept apart from bob's matrix above: other roles (organizations) add their own functions.
# What only alice's record holds (her e-mail address is account data support may see).
RECORD_MARKERS = (SECRET_TITLE.encode(), b"SECRET7F3C")


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


def attack_with_alices_ids(client: Client, estate: Estate) -> tuple[int, list[str]]:
    """Every route naming one of alice's objects, every method, as `client`: the cells tried
    and those that showed or changed something of hers. Admin routes are tried with GET and
    checked for her record's contents (staff keep the admin for rule tables and accounts)."""
    missing = {"pk": "987654", "uuid": str(uuid.uuid4())}
    tried, leaks = 0, []
    for route, pattern in routes(get_resolver().url_patterns):
        names = parameters(route)
        if not names or pattern.name in PUBLIC_PARAMETERS:
            continue
        is_admin, is_api = route.startswith("admin/"), route.startswith("api/")
        if is_admin:
            values = {name: admin_value(route, name, estate) for name in names}
        else:
            values = {name: owned_value(route, name, estate) for name in names}
            if None in values.values():
                continue  # bob's matrix fails for an unclassified route
        path = fill(route, values)
        absent = fill(
            route,
            {n: missing["uuid"] if "-" in v else missing["pk"] for n, v in values.items()},
        )
        for method in ("GET",) if is_admin else METHODS:
            tried += 1
            response = request(client, method, path, api=is_api)
            cell = f"{method} {path} -> {response.status_code}"
            if any(marker in _body(response) for marker in RECORD_MARKERS):
                leaks.append(f"{cell} (body shows alice's record)")
            if is_admin:
                continue
            control = request(client, method, absent, api=is_api)
            if 200 <= response.status_code < 300:
                leaks.append(cell)
            elif response.status_code != control.status_code:
                leaks.append(f"{cell} (missing id gives {control.status_code})")
    return tried, leaks


def _staff_session(*, two_factor: bool) -> Client:
    from tests.reporting.sharing.conftest import signed_in_again
    from tests.security.mfa import enable_totp

    staff = UserFactory(email="support@example.com", is_staff=True, is_superuser=True)
    if two_factor:
        enable_totp(staff)
    return signed_in_again(staff)  # a fresh sign-in: only the staff flag and MFA differ


@pytest.mark.django_db
@pytest.mark.parametrize("two_factor", [False, True], ids=["staff", "staff-with-mfa"])
def test_site_staff_without_a_support_access_get_nothing_of_alices(estate, alice, two_factor):
    from accounts.support import support_access_close

    support_access_close(physician=alice, pk=estate.support_access.pk)
    client = _staff_session(two_factor=two_factor)
    before = snapshot(alice)

    tried, leaks = attack_with_alices_ids(client, estate)
    pages = 0
    for route, _pattern in routes(get_resolver().url_patterns):
        if parameters(route) or "logout" in route:
            continue
        response = client.get(fill(route, {}))
        pages += 1
        assert response.status_code < 500, route
        if any(marker in _body(response) for marker in RECORD_MARKERS):
            leaks.append(f"GET /{route} shows alice's record")

    name = "staff-mfa" if two_factor else "staff"
    record_figures(f"access-matrix-{name}", {"cells": tried + pages, "leaks": len(leaks)})
    assert not leaks, "\n".join(leaks)
    assert tried > 200
    assert snapshot(alice) == before  # no write, and not even an access-log entry


@pytest.mark.django_db
def test_staff_with_mfa_read_alice_only_through_the_window_she_opened(estate, alice):
    from accounts.models import RecordAccess

    client = _staff_session(two_factor=True)
    path = f"/support/{estate.support_access.public_id}/"
    response = client.get(path)
    assert response.status_code == 200
    assert b"SECRET7F3C" in response.content
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert request(client, method, path, api=False).status_code == 405
    assert RecordAccess.objects.filter(physician=alice, channel="support").count() == 1


@pytest.mark.django_db
def test_a_share_link_holder_gets_that_license_only(estate, alice):
    other = LicenseFactory(owner=alice, board=BoardFactory(), number="OTHERLIC9")
    holder = Client()
    page = holder.get(f"/s/{estate.share_secret}")
    assert page.status_code == 200
    assert b"SECRET7F3C" in page.content  # her shared license
    assert other.number.encode() not in page.content
    before = snapshot(alice)

    # The holder's browser, link opened, tries every other route with alice's ids.
    tried, leaks = attack_with_alices_ids(holder, estate)
    # And the shared license's pieces under other ids: alice's other files stay hers.
    for path in (
        f"/s/{estate.share_secret}/certificates/{uuid.uuid4()}",
        f"/s/{estate.share_secret}/certificates/{estate.transcript.pk}",
    ):
        tried += 1
        if holder.get(path).status_code != 404:
            leaks.append(path)

    record_figures("access-matrix-share-link", {"cells": tried, "leaks": len(leaks)})
    assert not leaks, "\n".join(leaks)
    assert snapshot(alice) == before


@pytest.mark.django_db
@pytest.mark.parametrize("ended", ["expired", "revoked", "wrong code", "unknown"])
def test_an_ended_share_link_opens_nothing(estate, alice, ended):
    from django.utils import timezone

    from reporting.sharing.links import share_link_create

    link, secret = share_link_create(
        owner=alice,
        license_id=estate.license.pk,
        label="Auditor",
        include_certificates=True,
        access_code="tulip-42" if ended == "wrong code" else "",
    )
    if ended == "expired":
        type(link).objects.filter(pk=link.pk).update(expires_at=timezone.now())
    elif ended == "revoked":
        type(link).objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    elif ended == "unknown":
        secret = secret[:-2] + ("AA" if not secret.endswith("AA") else "BB")
    holder = Client()
    if ended == "wrong code":
        assert holder.post(f"/s/{secret}", {"code": "tulip-41"}).status_code == 400
    before = snapshot(alice)
    for path in (
        f"/s/{secret}",
        f"/s/{secret}/transcript",
        f"/s/{secret}/certificates/{estate.certificate.public_id}",
    ):
        response = holder.get(path)
        if ended == "wrong code" and path == f"/s/{secret}":
            assert b"Enter the access code" in response.content
        else:
            assert response.status_code == 404, path
        assert not any(marker in _body(response) for marker in RECORD_MARKERS), path
    assert snapshot(alice) == before


def provider_rows() -> dict[str, list[dict]]:
    """Every row of the provider side, for "nothing changed" after an attack."""
    from providers.models import Claim, ClaimCode, EvaluationAnswer, Offering, Provider, Session

    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Provider, Offering, Session, ClaimCode, Claim, EvaluationAnswer)
    }


def attack_provider_routes(client: Client, estate: Estate) -> tuple[int, list[str]]:
    """Every provider and learner route with alice's ids, every method: as for a missing id."""
    tried, leaks = 0, []
    for route, pattern in routes(get_resolver().url_patterns):
        names = parameters(route)
        if not route.startswith(("providers/", "cme/")) or not names:
            continue
        if pattern.name in PUBLIC_PARAMETERS:
            continue
        values = {name: provider_value(route, name, estate) for name in names}
        assert None not in values.values(), route
        path = fill(route, values)  # type: ignore[arg-type]
        absent = fill(
            route, {n: str(uuid.uuid4()) if "-" in str(v) else "987654" for n, v in values.items()}
        )
        for method in METHODS:
            tried += 1
            response = request(client, method, path, api=False)
            control = request(client, method, absent, api=False)
            cell = f"{method} {path} -> {response.status_code}"
            body = b"".join(response) if response.streaming else response.content
            if 200 <= response.status_code < 400:
                leaks.append(cell)
            elif response.status_code != control.status_code:
                leaks.append(f"{cell} (missing id gives {control.status_code})")
            elif any(marker in body for marker in ALICE_MARKERS):
                leaks.append(f"{cell} (body names alice's data)")
    return tried, leaks


@pytest.mark.django_db
def test_another_providers_staff_gets_nothing_of_alices_provider(estate, bob, bob_client):
    from organizations.models import Role
    from tests.factories import MembershipFactory, cme_offering, cme_provider

    bobs = cme_provider(name="Bob's CME", slug="bobs-cme", accme_id="0054321")
    MembershipFactory(organization=bobs.organization, user=bob, role=Role.OWNER)
    cme_offering(bobs, title="Bob's course")
    before = provider_rows()
    tried, leaks = attack_provider_routes(bob_client, estate)
    record_figures("access-matrix-providers", {"cells": tried, "leaks": len(leaks)})
    assert not leaks, "\n".join(leaks)
    assert tried > 50
    assert provider_rows() == before


@pytest.mark.django_db
def test_a_learner_who_is_not_the_claimant_gets_nothing_of_alices_claim(estate, bob, bob_client):
    from providers.models import ClaimCode

    # Bob attended the same activity and claimed it himself: he still sees only his claim.
    code = ClaimCode.objects.get(offering__provider__organization__slug=ALICES_PROVIDER)
    cme_claim(code, bob, verification_code="BOBSOWNCODE1", first_name="Bob", last_name="Osei")
    before = provider_rows()
    tried, leaks = attack_provider_routes(bob_client, estate)
    assert not leaks, "\n".join(leaks)
    assert tried > 50
    assert provider_rows() == before
    listing = bob_client.get("/cme/claims/").content
    assert listing.count(b"/cme/claims/") == 1  # his own claim's link, and no other
    # The activity's title is his to see (he attended it); alice's claim is not.
    assert b"SECRET7F3C" not in listing
    assert b"alice@example.com" not in listing
