"""The service under test: the real app on the real test databases, real tokens (HS256 with a secret, ES256 with
a key published by a local JWKS server), and an audit log in a file the tests read."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi.testclient import TestClient
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from nl2sql.assistant import Assistant
from nl2sql.catalog import Catalog
from nl2sql.client import Client
from nl2sql.db import demo_data
from nl2sql.payloads import answer_payload, result_payload
from nl2sql.service.app import create_app
from nl2sql.service.config import ServiceConfig
from nl2sql.settings import Settings

from ..conftest import ALICE, Databases, TenantDatabases
from ..support.http import local_http_server

SECRET = "nl2sql-test-secret-that-is-long-enough-for-hs256"
ISSUER = "https://test-project.supabase.co/auth/v1"
BOB = demo_data.USERS[1].id
ADMIN = next(u.id for u in demo_data.USERS if "admin" in u.roles)


@dataclass
class Jwks:
    """A local JWKS endpoint: the keys it publishes can change (rotation); it counts fetches."""

    keys: dict[str, Any] = field(default_factory=dict)  # kid -> EC (ES256) or RSA (RS256) private key
    fetches: int = 0
    url: str = ""

    def add_key(self, kid: str) -> ec.EllipticCurvePrivateKey:
        key = ec.generate_private_key(ec.SECP256R1())
        self.keys[kid] = key
        return key

    def add_rsa_key(self, kid: str) -> rsa.RSAPrivateKey:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.keys[kid] = key
        return key

    def document(self) -> dict[str, Any]:
        published = []
        for kid, key in self.keys.items():
            if isinstance(key, rsa.RSAPrivateKey):
                jwk, alg = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "RS256"
            else:
                jwk, alg = ECAlgorithm.to_jwk(key.public_key(), as_dict=True), "ES256"
            published.append({**jwk, "kid": kid, "alg": alg, "use": "sig"})
        return {"keys": published}


def _jwks_server(state: Jwks) -> Iterator[Jwks]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.fetches += 1
            body = json.dumps(state.document()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with local_http_server(Handler) as base:
        state.url = f"{base}/auth/v1/.well-known/jwks.json"
        yield state


@pytest.fixture(scope="session")
def jwks() -> Iterator[Jwks]:
    state = Jwks()
    state.add_key("key-1")
    yield from _jwks_server(state)


@pytest.fixture
def fresh_jwks() -> Iterator[Jwks]:
    """A JWKS server of the test's own, for tests that rotate keys or count fetches."""
    state = Jwks()
    state.add_key("key-1")
    yield from _jwks_server(state)


def claims_for(user: uuid.UUID | str, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {"sub": str(user), "aud": "authenticated", "role": "authenticated", "iss": ISSUER,
                              "iat": now, "exp": now + 600, "email": "someone@example.com"}
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def hs256(user: uuid.UUID | str, secret: str = SECRET, **overrides: Any) -> str:
    return jwt.encode(claims_for(user, **overrides), secret, algorithm="HS256")


def es256(user: uuid.UUID | str, key: ec.EllipticCurvePrivateKey, kid: str, **overrides: Any) -> str:
    return jwt.encode(claims_for(user, **overrides), key, algorithm="ES256", headers={"kid": kid})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def service_config(jwks_url: str | None, audit_log: Path | None, **overrides: Any) -> ServiceConfig:
    # Rate limits high enough that only the rate-limit tests meet them.
    base = ServiceConfig(jwt_secret=SECRET, jwks_url=jwks_url, jwt_issuer=ISSUER, audit_log=audit_log,
                         rate_per_s=10_000, rate_burst=10_000)
    return replace(base, **overrides)


@pytest.fixture(scope="session")
def audit_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("audit") / "audit.jsonl"


@pytest.fixture(scope="session")
def http(tenant_dbs: TenantDatabases, jwks: Jwks, audit_path: Path) -> Iterator[TestClient]:
    """The app in-process on the database with every user's rows (others' text marked SECRET)."""
    settings = replace(Settings(), pool_max_size=4)
    app = create_app(tenant_dbs.full, settings, service_config(jwks.url, audit_path))
    with TestClient(app) as client:
        yield client


def audit_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@dataclass(frozen=True)
class TwoUsers:
    """The same data three times, from one clock: every user's rows, alice's only, bob's only. Whatever alice or
    bob is answered from ``full`` must equal what they are answered from their own copy."""

    full: str
    alice_only: str
    bob_only: str

    def oracle(self, user: uuid.UUID) -> str:
        return {ALICE: self.alice_only, BOB: self.bob_only}[user]


@pytest.fixture(scope="session")
def two_users(databases: Databases, catalog: Catalog) -> TwoUsers:
    now = datetime.now(UTC)
    return TwoUsers(*(databases.demo(label, catalog, now, owner)
                      for label, owner in (("full2", None), ("alice2", ALICE), ("bob2", BOB))))


#: Time-independent (no window relative to now()), ordered, and touching every table kind of the policy:
#: owned directly, through a parent, through a parent's parent.
QUERIES = [
    ("/v1/sql", "SELECT id, status, prompt, response, llm_metadata, progress, created_at FROM tasks ORDER BY id"),
    ("/v1/sql", "SELECT p.name, count(s.id) AS steps FROM projects p LEFT JOIN project_steps s "
                "ON s.project_id = p.id GROUP BY p.name ORDER BY p.name"),
    ("/v1/sql", "SELECT d.title, v.version_number, v.content FROM deliverables d JOIN deliverable_versions v "
                "ON v.deliverable_id = d.id ORDER BY d.id, v.version_number"),
    ("/v1/sql", "SELECT email, display_name, organization_slug FROM users"),
    ("/v1/sql", "SELECT count(*) AS n FROM agent_conversations c WHERE EXISTS "
                "(SELECT 1 FROM tasks t WHERE t.agent_conversation_id = c.id)"),
    ("/v1/ask", "Task count by status"),
    ("/v1/ask", "Tasks by agent"),
    ("/v1/ask", "List my tasks"),
]
MARKER = re.compile(r"([A-Z]+)SECRET")


@dataclass(frozen=True)
class Expected:
    answers: dict[tuple[uuid.UUID, int], dict[str, Any]]

    def check(self, user: uuid.UUID, index: int, payload: dict[str, Any]) -> None:
        want = self.answers[user, index]
        assert payload["columns"] == want["columns"], (user, QUERIES[index])
        assert payload["rows"] == want["rows"], (user, QUERIES[index])
        assert payload["params"] == [str(user)]
        markers = set(MARKER.findall(str(payload["rows"])))
        assert markers <= ({"BOB"} if user == BOB else set()), (user, markers)


def request_body(index: int) -> tuple[str, dict[str, Any]]:
    path, text = QUERIES[index]
    return path, ({"sql": text, "max_rows": 10_000} if path == "/v1/sql" else {"question": text})


@pytest.fixture(scope="session")
def expected(two_users: TwoUsers) -> Expected:
    """Each user's answer to each query, from the database that holds only their rows."""
    answers = {}
    for user in (ALICE, BOB):
        with Client(two_users.oracle(user), Settings(), pooled=True) as client:
            assistant = Assistant(client)
            for index, (path, text) in enumerate(QUERIES):
                if path == "/v1/sql":
                    answers[user, index] = result_payload(client.sql(text, user_id=user))
                else:
                    answers[user, index] = answer_payload(assistant.ask(text, user_id=user))
    return Expected(answers)


__all__ = ["ADMIN", "ALICE", "BOB", "ISSUER", "SECRET"]
