"""``nl2sql serve`` as a real process on a free 127.0.0.1 port, over real HTTP: with a configured database and
secret (two workers), and in demo mode (embedded database, a secret it makes, demo tokens)."""

from __future__ import annotations

import json
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from ..support.serve import environment, free_port, nl2sql, serving, stop_embedded
from .conftest import ALICE, BOB, QUERIES, SECRET, Expected, TwoUsers, request_body


def test_serve_with_a_database_and_secret(two_users: TwoUsers, expected: Expected, tmp_path: Path) -> None:
    env = environment(NL2SQL_DATABASE_URL=two_users.full, NL2SQL_JWT_SECRET=SECRET, NL2SQL_RATE_PER_S="1000",
                      NL2SQL_RATE_BURST="1000")
    tokens = {}
    for user in (ALICE, BOB):
        minted = nl2sql("token", "--user-id", str(user), "--ttl", "10m", env=env)
        assert minted.returncode == 0, minted.stderr
        tokens[user] = minted.stdout.strip()
    with serving("--workers", "2", env=env, logs=tmp_path) as server, \
            httpx.Client(base_url=server.base, timeout=30) as http:
        assert http.post("/v1/sql", json={"sql": "SELECT 1"}).status_code == 401
        assert http.post("/v1/demo/token", json={"user": "alice"}).status_code == 404  # never with a DSN

        def call(n: int) -> tuple[Any, int, int, dict[str, Any]]:
            user, index = (ALICE, BOB)[n % 2], (n // 2) % len(QUERIES)
            path, body = request_body(index)
            response = http.post(path, json=body, headers={"Authorization": f"Bearer {tokens[user]}"})
            return user, index, response.status_code, response.json()

        with ThreadPoolExecutor(max_workers=8) as pool:
            outcomes = list(pool.map(call, range(160)))
        assert "nl2sql_http_requests_total" in http.get("/metrics").text
    for user, index, status, payload in outcomes:
        assert status == 200, payload
        expected.check(user, index, payload)
    audit = [json.loads(line) for line in server.stdout.splitlines() if line.startswith("{")]
    answered = [line for line in audit if line["status"] == 200]
    assert len(answered) == 160 and {line["user_id"] for line in answered} == {str(ALICE), str(BOB)}
    assert not any(tokens[ALICE] in line or tokens[BOB] in line for line in server.stdout.splitlines())


def test_serve_refuses_a_database_without_a_way_to_check_tokens(tenant_dbs: Any) -> None:
    done = nl2sql("serve", "--port", str(free_port()), env=environment(NL2SQL_DATABASE_URL=tenant_dbs.full))
    assert done.returncode == 2
    assert "NL2SQL_JWT_SECRET" in done.stderr


def test_serve_the_demo_with_a_secret_it_makes(tmp_path: Path) -> None:
    env = environment(NL2SQL_HOME=str(tmp_path / "home"))
    try:
        with serving(env=env, logs=tmp_path) as server, httpx.Client(base_url=server.base, timeout=30) as http:
            secret_file = tmp_path / "home" / "demo-jwt-secret"
            assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
            minted = nl2sql("token", "--user-id", str(ALICE), env=env)
            assert minted.returncode == 0, minted.stderr
            alice = {"Authorization": f"Bearer {minted.stdout.strip()}"}
            answer = http.post("/v1/sql", json={"sql": "SELECT id FROM users"}, headers=alice)
            assert answer.status_code == 200 and answer.json()["rows"] == [[str(ALICE)]]
            users = http.get("/v1/demo/users").json()["users"]
            assert {u["name"].split()[0].lower() for u in users} >= {"alice", "bob"}
            bob = http.post("/v1/demo/token", json={"user": "bob"}).json()
            assert bob["user_id"] == str(BOB)
            answer = http.post("/v1/sql", json={"sql": "SELECT id FROM users"},
                               headers={"Authorization": f"Bearer {bob['token']}"})
            assert answer.json()["rows"] == [[str(BOB)]]
            assert http.post("/v1/demo/token", json={"user": "mallory"}).status_code == 400
        assert "nl2sql token --user-id" in server.stderr and "/v1/demo/token" in server.stderr
        assert secret_file.read_text() not in server.stderr + server.stdout
    finally:
        stop_embedded(tmp_path / "home" / "pgdata")


pytestmark = pytest.mark.db
