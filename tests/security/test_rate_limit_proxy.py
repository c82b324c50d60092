"""A forged X-Forwarded-For buys no fresh rate limit; a proxy does not pool its users.

The client address that allauth's login limits and our API limit (cmetrack/ratelimit.py) key on
is REMOTE_ADDR, unless settings say a proxy of ours is in front (BEHIND_TLS_PROXY): then it is
the last X-Forwarded-For entry, the one that proxy appended and a client cannot choose.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import api_token_create
from tests.conftest import PASSWORD
from tests.security.production import production_settings

PROXY_SETTINGS = ["TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_PROXY_COUNT", "NINJA_NUM_PROXIES"]
PROXY_ADDR = "10.0.0.2"  # what gunicorn sees as the peer when every request comes via the proxy
TOO_MANY = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _frozen_minute(time_machine) -> None:  # type: ignore[no-untyped-def]
    # The API limit counts per clock minute; a test must not straddle two windows.
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, 5, tzinfo=datetime.UTC), tick=False)


def forged(n: int) -> str:
    return f"198.51.100.{n}"


def failed_login(client: Client, email: str, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("account_login"), {"login": email, "password": "wrong guess"}, **headers
    )


def xff(value: str) -> dict[str, str]:
    return {"HTTP_X_FORWARDED_FOR": value}


# --- No proxy configured (the default): the header is ignored ---------------------------------
def test_a_fresh_forwarded_for_on_every_try_does_not_escape_the_login_limit_per_address(
    alice,
) -> None:
    # One account per try, so only the per-address limit (10/m/ip) can stop the attacker.
    client = Client()
    for n in range(10):
        response = failed_login(client, f"nobody{n}@example.com", **xff(forged(n)))
        assert TOO_MANY not in response.content.decode(), n
    refused = client.post(
        reverse("account_login"),
        {"login": alice.email, "password": PASSWORD},
        **xff(forged(99)),
    )
    assert TOO_MANY in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_fresh_forwarded_for_on_every_try_does_not_escape_the_login_limit_per_account(
    alice,
) -> None:
    client = Client()
    for n in range(5):
        failed_login(client, alice.email, **xff(forged(n)))
    refused = client.post(
        reverse("account_login"), {"login": alice.email, "password": PASSWORD}, **xff(forged(50))
    )
    assert TOO_MANY in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_fresh_forwarded_for_on_every_request_does_not_escape_the_api_limit(
    alice, settings
) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 100
    settings.API_RATE_LIMIT_PER_IP_PER_MINUTE = 3
    _, raw = api_token_create(user=alice, name="script")
    client = Client(headers={"authorization": f"Bearer {raw}"})
    statuses = [client.get("/api/v1/profile", **xff(forged(n))).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


# --- Behind our TLS proxy: the address the proxy saw, one bucket per client -------------------
@pytest.fixture(scope="module")
def proxy_values() -> dict:
    return production_settings(PROXY_SETTINGS, BEHIND_TLS_PROXY="1")


@pytest.fixture
def behind_proxy(settings, proxy_values):  # type: ignore[no-untyped-def]
    for name, value in proxy_values.items():
        setattr(settings, name, value)
    return settings


def via_proxy(client_ip: str, forged_prefix: str = "") -> dict[str, str]:
    """Headers as our proxy passes them on: whatever the client sent, then the address it saw."""
    chain = f"{forged_prefix}, {client_ip}" if forged_prefix else client_ip
    return {"REMOTE_ADDR": PROXY_ADDR, **xff(chain)}


def test_production_trusts_one_hop_behind_the_proxy_and_none_without_it(proxy_values) -> None:
    assert proxy_values == dict.fromkeys(PROXY_SETTINGS, 1)
    assert production_settings(PROXY_SETTINGS) == dict.fromkeys(PROXY_SETTINGS, 0)


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(behind_proxy, alice):
    attacker, colleague = Client(), Client()
    for n in range(10):
        failed_login(attacker, f"nobody{n}@example.com", **via_proxy("203.0.113.66", forged(n)))
    refused = failed_login(attacker, "nobody@example.com", **via_proxy("203.0.113.66", forged(99)))
    assert TOO_MANY in refused.content.decode()

    # Same proxy, same REMOTE_ADDR, a different client: not in the attacker's bucket.
    response = colleague.post(
        reverse("account_login"),
        {"login": alice.email, "password": PASSWORD},
        **via_proxy("203.0.113.7"),
    )
    assert response.status_code == 302
    assert colleague.session["_auth_user_id"] == str(alice.pk)


def test_behind_the_proxy_the_api_limit_is_per_client_and_ignores_forged_entries(
    behind_proxy, alice, bob
) -> None:
    behind_proxy.API_RATE_LIMIT_PER_MINUTE = 100
    behind_proxy.API_RATE_LIMIT_PER_IP_PER_MINUTE = 3
    _, alice_raw = api_token_create(user=alice, name="script")
    _, bob_raw = api_token_create(user=bob, name="script")
    attacker = Client(headers={"authorization": f"Bearer {alice_raw}"})
    colleague = Client(headers={"authorization": f"Bearer {bob_raw}"})
    statuses = [
        attacker.get("/api/v1/profile", **via_proxy("203.0.113.66", forged(n))).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert colleague.get("/api/v1/profile", **via_proxy("203.0.113.7")).status_code == 200
