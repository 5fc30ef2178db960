"""The MCP server: six tools over the library, each answering with the same JSON contract as the CLI's
``--format json`` (``nl2sql/payloads.py``), published as the tool's output schema.

The asking user comes from ``caller_of`` (fixed over stdio, the request's bearer token over HTTP), never from a
tool argument. Tools are sync: the SDK runs each on a worker thread, where the library's blocking calls belong.
"""

# No ``from __future__ import annotations``: the SDK reads the tools' annotations (Context, the output models)
# when they are registered, and string annotations inside this function could not be resolved there.

import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import Field

from ..assistant import Assistant
from ..client import Client, Source
from ..db.executor import Result
from ..explain import audit
from ..explain.target import looks_like_sql
from ..payloads import answer_payload, query_payload, questions_payload, result_payload, schema_payload
from ..service.models import (
    AskResponse,
    CheckResponse,
    ExplainResponse,
    QuestionsResponse,
    SchemaResponse,
    SqlResponse,
)
from .caller import CallerOf, ToolCall
from .tool_errors import tool_error, tool_result

INSTRUCTIONS = """Answers questions about one user's data in a PostgreSQL application database. Every query is
limited to that user's rows and runs read-only. Start with `questions` (what it can answer) or `schema` (the
tables and columns); `ask` takes plain English; `sql` takes a PostgreSQL SELECT, where $1 is the user's id.
A failed call is a tool error whose content is {"error": {"code", "message"}}, with a stable code."""

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
MaxRows = Annotated[int | None, Field(description="Rows to return (default 100; larger requests are lowered to "
                                                  "10,000).")]
#: A tool's work for one user: the contract it answers with, and what ran (for the audit trail).
Work = Callable[[ToolCall, uuid.UUID], tuple[dict[str, Any], ToolCall]]


def build_server(client: Client, assistant: Assistant, caller_of: CallerOf) -> MCPServer:
    server: MCPServer = MCPServer("nl2sql", instructions=INSTRUCTIONS, log_level="WARNING")

    def answer(context: Context, call: ToolCall, work: Work) -> CallToolResult:
        caller = caller_of(context)
        try:
            with caller.drafting():
                payload, done = work(call, caller.user_id)
        except Exception as exc:
            caller.record(replace(call, error=exc))
            return tool_error(exc, call.tool)
        caller.record(done)
        return tool_result(payload)

    @server.tool(annotations=READ_ONLY)
    def ask(question: Annotated[str, Field(description="A question in plain English.")],
            ctx: Context) -> Annotated[CallToolResult, AskResponse]:
        """Answer a question about the user's data: a verified question, else one composed from the schema, else
        (when an LLM is configured) a checked draft. Returns the SQL that ran, its rows, where the answer came
        from (source) and an explanation. When it cannot answer, the error message lists questions it can."""
        def work(call: ToolCall, user: uuid.UUID) -> tuple[dict[str, Any], ToolCall]:
            found = assistant.ask(question, user_id=user)
            return answer_payload(found), _ran(call, found.result, found.source)
        return answer(ctx, ToolCall("ask", question=question), work)

    @server.tool(annotations=READ_ONLY)
    def sql(sql: Annotated[str, Field(description="A PostgreSQL SELECT; $1 means the user's id.")],
            ctx: Context, max_rows: MaxRows = None) -> Annotated[CallToolResult, SqlResponse]:
        """Run a SQL SELECT as the user: every table is limited to the user's rows, anything not provably
        read-only is refused, and it runs in a read-only transaction. Returns the guarded SQL and the rows."""
        def work(call: ToolCall, user: uuid.UUID) -> tuple[dict[str, Any], ToolCall]:
            result = client.sql(sql, user_id=user, max_rows=max_rows)
            return result_payload(result), _ran(call, result, "sql")
        return answer(ctx, ToolCall("sql", input_sql=sql), work)

    @server.tool(annotations=READ_ONLY)
    def check(sql: Annotated[str, Field(description="A PostgreSQL SELECT; $1 means the user's id.")],
              ctx: Context) -> Annotated[CallToolResult, CheckResponse]:
        """Show the SQL that would run for the user (every table limited to their rows) and its parameters, or
        why it is refused. Nothing runs."""
        def work(call: ToolCall, user: uuid.UUID) -> tuple[dict[str, Any], ToolCall]:
            guarded = client.check(sql, user_id=user)
            return query_payload(guarded), replace(call, sql=guarded.sql, source="sql")
        return answer(ctx, ToolCall("check", input_sql=sql), work)

    @server.tool(annotations=READ_ONLY)
    def explain(query: Annotated[str, Field(description="A SQL SELECT, or a question (planned first).")],
                ctx: Context,
                analyze: Annotated[bool, Field(description="Run it (read-only, rolled back) for actual rows and "
                                                           "times.")] = False
                ) -> Annotated[CallToolResult, ExplainResponse]:
        """Audit the query plan as the user would run it: PostgreSQL's plan (its shape only, unless the user is
        an admin) and findings, with index suggestions as SQL."""
        is_sql = looks_like_sql(query)

        def work(call: ToolCall, user: uuid.UUID) -> tuple[dict[str, Any], ToolCall]:
            text = query
            source: Source = "sql"
            if not is_sql:
                plan = assistant.plan(query, user_id=user)
                text, source = plan.sql, plan.source
            report = audit(client, text, user_id=user, analyze=analyze)
            return report.to_dict(), replace(call, sql=report.sql, source=source)
        start = ToolCall("explain", input_sql=query) if is_sql else ToolCall("explain", question=query)
        return answer(ctx, start, work)

    @server.tool(annotations=READ_ONLY)
    def schema(ctx: Context) -> Annotated[CallToolResult, SchemaResponse]:
        """The documented tables and columns one can ask about (each limited to the user's rows)."""
        return answer(ctx, ToolCall("schema"), lambda call, _: (schema_payload(client), call))

    @server.tool(annotations=READ_ONLY)
    def questions(ctx: Context) -> Annotated[CallToolResult, QuestionsResponse]:
        """The verified questions it can answer, with other phrasings of each (examples)."""
        return answer(ctx, ToolCall("questions"), lambda call, _: (questions_payload(assistant.library), call))

    return server


def _ran(call: ToolCall, result: Result, source: Source) -> ToolCall:
    return replace(call, sql=result.sql, source=source, row_count=result.row_count, truncated=result.truncated)
