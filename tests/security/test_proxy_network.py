"""Behind the proxy, only the proxy's X-Forwarded-For counts: a client reaching gunicorn any
other way cannot escape the login limit by naming a fresh address on every try.

The compose file is read as data (no Docker engine here): only the proxy publishes a port,
gunicorn sits on a network only the proxy shares, and that network is the only one the app
believes forwarded headers from. The app is then run with exactly the compose settings.
"""

import ipaddress
from pathlib import Path

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.security.production import production_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
TOO_MANY = "Too many failed login attempts"
SETTINGS = [
    "TRUSTED_PROXY_COUNT",
    "ALLAUTH_TRUSTED_PROXY_COUNT",
    "NINJA_NUM_PROXIES",
    "TRUSTED_PROXY_NETWORKS",
]


def _edge_subnet() -> ipaddress.IPv4Network:
    (config,) = COMPOSE["networks"]["edge"]["ipam"]["config"]
    return ipaddress.ip_network(config["subnet"])


def test_only_the_proxy_publishes_a_port_and_gunicorn_shares_a_network_only_with_it() -> None:
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    on_edge = {name for name, service in SERVICES.items() if "edge" in service.get("networks", [])}
    assert on_edge == {"proxy", "web"}
    environment = SERVICES["web"]["environment"]
    assert environment["BEHIND_TLS_PROXY"].endswith("1}")
    assert [ipaddress.ip_network(n) for n in environment["TRUSTED_PROXY_NETWORKS"].split(",")] == [
        _edge_subnet()
    ]


def test_the_proxy_overwrites_forwarded_for_and_limits_the_body() -> None:
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    volume = next(v for v in SERVICES["proxy"]["volumes"] if "Caddyfile" in v)
    assert volume.startswith("./deploy/Caddyfile:")
    assert "header_up X-Forwarded-For {remote_host}" in caddyfile  # replaced, not appended
    assert "reverse_proxy web:8000" in caddyfile
    assert "max_size {$MAX_REQUEST_BODY_BYTES" in caddyfile
    proxy_limit = SERVICES["proxy"]["environment"]["MAX_REQUEST_BODY_BYTES"]
    assert proxy_limit == SERVICES["web"]["environment"]["MAX_REQUEST_BODY_BYTES"]


@pytest.fixture
def as_composed(settings):  # type: ignore[no-untyped-def]
    """The app's settings exactly as docker-compose's environment makes them."""
    environment = SERVICES["web"]["environment"]
    values = production_settings(
        SETTINGS,
        BEHIND_TLS_PROXY="1",
        TRUSTED_PROXY_NETWORKS=environment["TRUSTED_PROXY_NETWORKS"],
    )
    assert values["TRUSTED_PROXY_COUNT"] == 1
    for name, value in values.items():
        setattr(settings, name, value)
    return settings


def _failed_login(client: Client, email: str, remote: str, forwarded: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("account_login"),
        {"login": email, "password": "wrong guess"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_a_forged_forwarded_for_straight_to_gunicorn_changes_nothing(as_composed, alice) -> None:
    # A neighbour reaching gunicorn without the proxy: a fresh forged address on every try.
    direct = "172.17.0.9"  # another container or the host, not on the proxy's network
    assert ipaddress.ip_address(direct) not in _edge_subnet()
    attacker = Client()
    for n in range(10):
        response = _failed_login(attacker, f"nobody{n}@example.com", direct, f"198.51.100.{n}")
        assert TOO_MANY not in response.content.decode(), n
    refused = attacker.post(
        reverse("account_login"),
        {"login": alice.email, "password": PASSWORD},
        REMOTE_ADDR=direct,
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert TOO_MANY in refused.content.decode()
    assert "_auth_user_id" not in attacker.session


@pytest.mark.django_db
def test_through_the_proxy_each_client_keeps_its_own_limit(as_composed, alice) -> None:
    proxy = str(next(_edge_subnet().hosts()) + 1)  # the proxy's address on `edge`
    attacker, colleague = Client(), Client()
    for n in range(10):
        _failed_login(attacker, f"nobody{n}@example.com", proxy, f"6.6.6.{n}, 203.0.113.66")
    refused = _failed_login(attacker, "nobody@example.com", proxy, "203.0.113.66")
    assert TOO_MANY in refused.content.decode()
    response = colleague.post(
        reverse("account_login"),
        {"login": alice.email, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert response.status_code == 302
    assert colleague.session["_auth_user_id"] == str(alice.pk)
