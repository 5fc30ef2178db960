"""``nl2sql serve`` as a real process on a free 127.0.0.1 port, over real HTTP: with a configured database and
secret (two workers), and in demo mode (embedded database, a secret it makes, demo tokens)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import ALICE, BOB, QUERIES, SECRET, Expected, TwoUsers, request_body

NL2SQL = shutil.which("nl2sql") or f"{sys.executable} -m nl2sql.cli"
#: Variables that would change what the server does; each test sets the ones it means.
SERVICE_VARIABLES = ("NL2SQL_DATABASE_URL", "NL2SQL_JWT_SECRET", "NL2SQL_JWKS_URL", "NL2SQL_JWT_ISSUER",
                     "NL2SQL_AUDIT_LOG", "NL2SQL_SERVE_DSN", "NL2SQL_SERVE_DEMO_SECRET_FILE", "NL2SQL_HOME",
                     "NL2SQL_RATE_PER_S", "NL2SQL_RATE_BURST")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    return {**env, **values}


def nl2sql(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NL2SQL.split(), *args], capture_output=True, text=True, timeout=120, env=env,
                          stdin=subprocess.DEVNULL)


@dataclass
class Server:
    base: str
    process: subprocess.Popen[str]
    stdout: str = ""
    stderr: str = ""


@contextmanager
def serving(*args: str, env: dict[str, str], logs: Path, startup_s: float = 120) -> Iterator[Server]:
    """The server's stdout (the audit trail) and stderr go to files: a pipe nobody reads would fill up and
    block the server's writes."""
    port = free_port()
    out, err = (logs / "stdout.log").open("w"), (logs / "stderr.log").open("w")
    process = subprocess.Popen([*NL2SQL.split(), "serve", "--port", str(port), *args], env=env, text=True,
                               stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        deadline = time.monotonic() + startup_s
        while True:
            assert process.poll() is None, (logs / "stderr.log").read_text()
            try:
                if httpx.get(server.base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not become ready"
            time.sleep(0.2)
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        out.close()
        err.close()
        server.stdout, server.stderr = (logs / "stdout.log").read_text(), (logs / "stderr.log").read_text()


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
        _stop_embedded(tmp_path / "home" / "pgdata")


def _stop_embedded(data_dir: Path) -> None:
    if not (data_dir / "postmaster.pid").exists():
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        pgserver.get_server(data_dir, cleanup_mode="stop").cleanup()


pytestmark = pytest.mark.db
