"""Every tool through the SDK's in-memory client: the same JSON contracts as the CLI, each user's own rows only,
errors as tool errors carrying the stable code."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from mcp import Client as McpClient

from nl2sql.assistant import Assistant
from nl2sql.client import Client
from nl2sql.mcp import McpCaller, ToolCall, build_server, fixed_caller
from nl2sql.payloads import questions_payload, schema_payload

from .conftest import ALICE, BOB, Oracle, markers, structured

TOOLS = {"ask", "sql", "check", "explain", "schema", "questions"}
USERS_SQL = "SELECT id, display_name FROM users"
GROUPED_SQL = "SELECT status, count(*) AS n FROM tasks GROUP BY status ORDER BY status"


def connect(client: Client, assistant: Any, user: uuid.UUID, **kwargs: Any) -> McpClient:
    return McpClient(build_server(client, assistant, fixed_caller(user)), **kwargs)


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_the_tools_are_listed_with_their_contracts(shared_client: Client, assistant: Assistant,
                                                         mode: str) -> None:
    async with connect(shared_client, assistant, ALICE, mode=mode) as mcp:
        tools = {tool.name: tool for tool in (await mcp.list_tools()).tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.output_schema is not None and tool.output_schema["type"] == "object"
        assert tool.annotations is not None and tool.annotations.read_only_hint
        assert not any("user" in name for name in tool.input_schema.get("properties", {}))  # identity: not an argument
    assert set(tools["sql"].output_schema["properties"]) == {"sql", "params", "columns", "rows", "row_count",
                                                              "truncated"}
    assert {"question", "source", "explanation"} <= set(tools["ask"].output_schema["properties"])
    assert tools["sql"].input_schema["required"] == ["sql"]


async def test_sql_answers_the_cli_contract_with_the_users_rows(shared_client: Client, assistant: Assistant,
                                                                oracle: Oracle) -> None:
    for user in (ALICE, BOB):
        async with connect(shared_client, assistant, user) as mcp:
            for text in (USERS_SQL, GROUPED_SQL):
                payload = structured(await mcp.call_tool("sql", {"sql": text}))
                assert payload == oracle.sql(user, text)
                assert markers(payload) <= ({"BOB"} if user == BOB else set())
            users = structured(await mcp.call_tool("sql", {"sql": USERS_SQL}))
            assert [row[0] for row in users["rows"]] == [str(user)]


async def test_sql_max_rows(shared_client: Client, assistant: Assistant) -> None:
    async with connect(shared_client, assistant, ALICE) as mcp:
        payload = structured(await mcp.call_tool("sql", {"sql": "SELECT id FROM tasks ORDER BY id", "max_rows": 3}))
    assert payload["row_count"] == 3 and payload["truncated"] is True


async def test_ask_answers_a_verified_question(shared_client: Client, assistant: Assistant, oracle: Oracle) -> None:
    for user in (ALICE, BOB):
        async with connect(shared_client, assistant, user) as mcp:
            payload = structured(await mcp.call_tool("ask", {"question": "Task count by status"}))
        assert payload == oracle.ask(user, "Task count by status")
        assert payload["source"] == "verified" and payload["explanation"]


async def test_check_runs_nothing_and_shows_the_guarded_sql(shared_client: Client, assistant: Assistant) -> None:
    async with connect(shared_client, assistant, BOB) as mcp:
        payload = structured(await mcp.call_tool("check", {"sql": GROUPED_SQL}))
    assert payload["params"] == [str(BOB)] and payload["tables"] == ["tasks"] and payload["scope"] == "user"
    assert '"user_id" = $1' in payload["sql"]


@pytest.mark.parametrize("query", ["SELECT * FROM tasks ORDER BY created_at DESC", "Task count by status"])
async def test_explain_shows_an_ordinary_user_the_plans_shape(shared_client: Client, assistant: Assistant,
                                                              query: str) -> None:
    async with connect(shared_client, assistant, ALICE) as mcp:
        payload = structured(await mcp.call_tool("explain", {"query": query}))
    assert payload["shape_only"] is True and payload["total_cost"] is None
    assert payload["plan"]["Plan"]["Node Type"]
    assert payload["params"] == [str(ALICE)]


async def test_schema_and_questions(shared_client: Client, assistant: Assistant) -> None:
    async with connect(shared_client, assistant, ALICE) as mcp:
        schema = structured(await mcp.call_tool("schema", {}))
        questions = structured(await mcp.call_tool("questions", {}))
    assert schema == schema_payload(shared_client)
    assert "tasks" in {table["name"] for table in schema["tables"]}
    assert questions == questions_payload(assistant.library)
    assert "Task count by status" in {q["question"] for q in questions["questions"]}


HOSTILE = [
    ("DELETE FROM tasks", "not_read_only"),
    ("SELECT * FROM tasks; DROP TABLE users", "multiple_statements"),
    ("SELECT rolpassword FROM pg_authid", "system_catalog"),
    ("SELECT * FROM secrets", "unknown_table"),
    ("SELECT pg_sleep(10)", "function_not_allowed"),
    ("SELECT * FROM tasks FOR UPDATE", "locking_clause"),
]


@pytest.mark.parametrize(("text", "code"), HOSTILE)
async def test_hostile_sql_is_a_tool_error_with_its_code(shared_client: Client, assistant: Assistant, text: str,
                                                         code: str) -> None:
    async with connect(shared_client, assistant, ALICE) as mcp:
        result = await mcp.call_tool("sql", {"sql": text})
    assert result.is_error
    error = structured(result)["error"]
    assert error["code"] == code and error["message"]


async def test_no_answer_says_what_it_can_answer(shared_client: Client, assistant: Assistant) -> None:
    async with connect(shared_client, assistant, ALICE) as mcp:
        result = await mcp.call_tool("ask", {"question": "what is the weather on mars"})
    assert result.is_error
    error = structured(result)["error"]
    assert error["code"] == "no_confident_match"
    assert "Task count by status" in error["message"] or "Count my tasks" in error["message"]


class _Broken:
    """An assistant with a bug: its details must stay in the server's log."""

    library = None

    def ask(self, question: str, **_: Any) -> Any:
        raise RuntimeError("secret detail of a bug")


async def test_a_bug_is_internal_error_without_its_details(shared_client: Client) -> None:
    async with connect(shared_client, _Broken(), ALICE) as mcp:
        result = await mcp.call_tool("ask", {"question": "Count my tasks"})
    assert result.is_error
    assert structured(result)["error"]["code"] == "internal_error"
    assert "secret detail" not in result.content[0].text  # type: ignore[union-attr]


async def test_each_call_is_recorded_for_the_audit_trail(shared_client: Client, assistant: Assistant) -> None:
    calls: list[ToolCall] = []
    caller = McpCaller(ALICE, record=calls.append)
    async with McpClient(build_server(shared_client, assistant, lambda _: caller)) as mcp:
        await mcp.call_tool("ask", {"question": "Task count by status"})
        await mcp.call_tool("sql", {"sql": "DELETE FROM tasks"})
        await mcp.call_tool("explain", {"query": GROUPED_SQL})
    asked, refused, explained = calls
    assert (asked.tool, asked.question, asked.source, asked.row_count) == ("ask", "Task count by status",
                                                                             "verified", asked.row_count)
    assert asked.sql and asked.row_count and asked.error is None
    assert refused.input_sql == "DELETE FROM tasks" and getattr(refused.error, "code", None) == "not_read_only"
    assert refused.sql is None
    assert explained.source == "sql" and explained.input_sql == GROUPED_SQL


pytestmark = [pytest.mark.anyio, pytest.mark.db]
