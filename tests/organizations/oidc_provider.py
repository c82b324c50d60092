"""A small OpenID Connect provider served over real HTTP, for the organization sign-in tests.

It does what an office's identity provider does for the authorization-code flow: a discovery
document, an authorize endpoint that hands back a one-time code for a person it was told signed
in, a token endpoint that checks the client's secret, the redirect address and the PKCE
verifier and answers with an RS256-signed id_token, a userinfo endpoint and its JWKS. allauth
talks to it exactly as to a real provider (over `requests`).
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

# Our range of ports on the shared test machines.
PORTS = range(8720, 8730)


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Provider:
    client_id: str
    client_secret: str
    url: str = ""
    # Who the provider says signs in next (the claims of the next id_token).
    person: dict[str, Any] = field(default_factory=dict)
    # Overrides for the id_token's claims, to make it wrong on purpose.
    token_claims: dict[str, Any] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens_issued: int = 0
    refused: list[str] = field(default_factory=list)
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def configuration(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict[str, Any]:
        numbers = self.key.public_key().public_numbers()
        return {
            "keys": [
                {"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256"}
                | {"n": _b64(numbers.n), "e": _b64(numbers.e)}
            ]
        }

    def authorize(self, query: dict[str, str]) -> str:
        """The address the browser is sent back to, with a one-time code (or an error)."""
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            self.refused.append("authorize")
            return f"{query['redirect_uri']}?{urlencode({'error': 'unauthorized_client'})}"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "person": dict(self.person),
            "redirect_uri": query["redirect_uri"],
            "challenge": query.get("code_challenge"),
        }
        params = {"code": code, "state": query.get("state", "")}
        return f"{query['redirect_uri']}?{urlencode(params)}"

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if (
            grant is None
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
            or (grant["challenge"] and challenge != grant["challenge"])
        ):
            self.refused.append("token")
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        claims = {
            "iss": self.url,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            **grant["person"],
            **self.token_claims,
        }
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "k1"})
        self.tokens_issued += 1
        access = "at-" + secrets.token_urlsafe(8)
        self.codes[access] = {"userinfo": grant["person"]}
        return 200, {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            if parts.path == "/.well-known/openid-configuration":
                self._json(200, provider.configuration())
            elif parts.path == "/jwks":
                self._json(200, provider.jwks())
            elif parts.path == "/authorize":
                self.send_response(302)
                self.send_header("Location", provider.authorize(query))
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif parts.path == "/userinfo":
                access = self.headers.get("Authorization", "").removeprefix("Bearer ")
                grant = provider.codes.get(access)
                self._json(200, grant["userinfo"]) if grant else self._json(401, {})
            else:
                self._json(404, {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {
                key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()
            }
            if urlsplit(self.path).path == "/token":
                self._json(*provider.token(form))
            else:
                self._json(404, {})

    return Handler


@contextmanager
def oidc_provider(*, client_id: str, client_secret: str) -> Iterator[Provider]:
    """A running provider on the first free port of our range, stopped afterwards."""
    provider = Provider(client_id=client_id, client_secret=client_secret)
    server = None
    for port in PORTS:
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), _handler(provider))
            break
        except OSError:
            continue
    assert server is not None, "no free port in 8720-8729"
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
