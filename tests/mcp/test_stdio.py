"""``nl2sql mcp --user-id``: a real subprocess speaking MCP over stdio, as a local agent starts it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from mcp import Client as McpClient
from mcp import StdioServerParameters

from ..conftest import TenantDatabases
from .conftest import ALICE, Oracle, markers, structured

COMMAND = [shutil.which("nl2sql") or sys.executable, *([] if shutil.which("nl2sql") else ["-m", "nl2sql.cli"])]


def server(*args: str) -> StdioServerParameters:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NL2SQL_")}
    return StdioServerParameters(command=COMMAND[0], args=[*COMMAND[1:], "mcp", *args], env=env)


async def test_a_local_agent_asks_over_stdio(tenant_dbs: TenantDatabases, oracle: Oracle) -> None:
    async with McpClient(server("--user-id", str(ALICE), "--dsn", tenant_dbs.full)) as mcp:
        assert {tool.name for tool in (await mcp.list_tools()).tools} >= {"ask", "sql"}
        rows = structured(await mcp.call_tool("sql", {"sql": "SELECT id, display_name FROM users"}))
        answer = structured(await mcp.call_tool("ask", {"question": "Task count by status"}))
        refused = await mcp.call_tool("sql", {"sql": "UPDATE tasks SET status = 'failed'"})
    assert rows == oracle.sql(ALICE, "SELECT id, display_name FROM users")
    assert answer == oracle.ask(ALICE, "Task count by status") and not markers(answer)
    assert refused.is_error and structured(refused)["error"]["code"] == "not_read_only"


def test_a_bad_user_id_is_refused_before_serving() -> None:
    done = subprocess.run([*COMMAND, "mcp", "--user-id", "alice"], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert "invalid_user_id" in done.stderr and done.stdout == ""


pytestmark = [pytest.mark.anyio, pytest.mark.db]
