"""``/mcp``: the MCP server (``nl2sql.mcp``) over streamable HTTP, for AI agents. The caller is whoever the bearer
token says, checked exactly as for ``/v1`` (same verifier, same rate limit; 401 with ``WWW-Authenticate``
without a valid token, through the app's error handlers); each tool call is written into the request's audit
line and its LLM drafts are charged to the caller's draft budget."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from ..mcp import SCOPE_KEY, McpCaller, ToolCall, build_server, http_caller
from ..mcp.http import McpHttp
from .audit import AuditRecord
from .deps import authenticated
from .http_errors import code_of
from .metrics import Metrics
from .ratelimit import draft_gate
from .state import Service

PATH = "/mcp"


class McpEndpoint:
    """An ASGI endpoint: verify the caller, then hand the request to the MCP server."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self._http: McpHttp | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """For the app's lifespan, once the service is open (the tools need its client and assistant)."""
        self._http = McpHttp(build_server(self.service.client, self.service.assistant, http_caller))
        async with self._http.running():
            yield

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self._http is not None, "the MCP endpoint is not running (the app's lifespan starts it)"
        caller = await authenticated(Request(scope, receive), None)  # raises Unauthorized / RateLimited
        service = self.service
        scope[SCOPE_KEY] = McpCaller(caller.user_id,
                                     drafting=lambda: draft_gate(lambda: service.draft_gate(caller.user_id)),
                                     record=_into(caller.audit, service.metrics))
        await self._http.handle(scope, receive, send)


def _into(record: AuditRecord, metrics: Metrics) -> Callable[[ToolCall], None]:
    def write(call: ToolCall) -> None:
        record.question, record.input_sql = call.question, call.input_sql
        if call.sql is not None and call.source is not None:
            record.ran(call.sql, call.source, call.row_count, call.truncated)
        if call.error is not None:
            record.error_code = code_of(call.error)
            metrics.failed(call.error)
    return write
