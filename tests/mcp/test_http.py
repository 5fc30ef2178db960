"""MCP over streamable HTTP through a real ``nl2sql serve`` at ``/mcp``: the caller is the bearer token's user,
as for ``/v1``; two users' tokens, each seeing only their own rows; no token, no MCP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from mcp import Client as McpClient
from mcp.client.streamable_http import streamable_http_client

from ..conftest import TenantDatabases
from ..service.conftest import SECRET, hs256
from ..support.serve import environment, serving
from .conftest import ALICE, BOB, Oracle, markers, structured

INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "curl", "version": "0"}}}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@dataclass(frozen=True)
class Served:
    base: str
    logs: Path

    def audit(self) -> list[dict[str, Any]]:
        """The audit trail so far: the server's stdout, one JSON line per request."""
        text = (self.logs / "stdout.log").read_text()
        return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def served(tenant_dbs: TenantDatabases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    env = environment(NL2SQL_DATABASE_URL=tenant_dbs.full, NL2SQL_JWT_SECRET=SECRET, NL2SQL_RATE_PER_S="1000",
                      NL2SQL_RATE_BURST="1000")
    logs = tmp_path_factory.mktemp("mcp-serve")
    with serving(env=env, logs=logs) as server:
        yield Served(server.base, logs)


def agent(served: Served, token: str) -> McpClient:
    http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30)
    return McpClient(streamable_http_client(f"{served.base}/mcp", http_client=http))


async def test_two_users_each_see_only_their_own_rows(served: Served, oracle: Oracle) -> None:
    seen: dict[Any, dict[str, Any]] = {}
    for user in (ALICE, BOB):
        async with agent(served, hs256(user)) as mcp:
            rows = structured(await mcp.call_tool("sql", {"sql": "SELECT id, display_name FROM users"}))
            answer = structured(await mcp.call_tool("ask", {"question": "Task count by status"}))
            tasks = structured(await mcp.call_tool("sql", {"sql": "SELECT id, prompt FROM tasks ORDER BY id"}))
            refused = await mcp.call_tool("sql", {"sql": "SELECT * FROM tasks; DELETE FROM tasks"})
        assert [row[0] for row in rows["rows"]] == [str(user)]
        assert answer == oracle.ask(user, "Task count by status")
        assert tasks == oracle.sql(user, "SELECT id, prompt FROM tasks ORDER BY id")
        assert markers(tasks) == ({"BOB"} if user == BOB else set())
        assert refused.is_error and structured(refused)["error"]["code"] == "multiple_statements"
        seen[user] = answer
    assert seen[ALICE]["rows"] != seen[BOB]["rows"]


def test_no_token_no_mcp(served: Served) -> None:
    with httpx.Client(base_url=served.base, timeout=30) as http:
        missing = http.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS)
        forged = http.post("/mcp", json=INITIALIZE, headers={**MCP_HEADERS, "Authorization": "Bearer " +
                                                             hs256(ALICE, secret="x" * 48)})
        valid = http.post("/mcp", json=INITIALIZE, headers={**MCP_HEADERS, "Authorization": f"Bearer {hs256(ALICE)}"})
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == 'Bearer realm="nl2sql"'
    assert missing.json()["error"]["code"] == "unauthorized"
    assert forged.status_code == 401 and 'error="invalid_token"' in forged.headers["www-authenticate"]
    assert valid.status_code == 200 and valid.json()["result"]["serverInfo"]["name"] == "nl2sql"


async def test_tool_calls_are_audited(served: Served) -> None:
    async with agent(served, hs256(BOB)) as mcp:
        await mcp.call_tool("ask", {"question": "Task count by status"})
        await mcp.call_tool("sql", {"sql": "DELETE FROM tasks"})
    mcp_lines = [line for line in served.audit() if line["endpoint"] == "/mcp" and line["user_id"] == str(BOB)]
    assert any(line["source"] == "verified" and line["question"] == "Task count by status" and line["sql"]
               for line in mcp_lines)
    assert any(line["error_code"] == "not_read_only" and line["input_sql"] == "DELETE FROM tasks"
               for line in mcp_lines)


pytestmark = [pytest.mark.anyio, pytest.mark.db]
