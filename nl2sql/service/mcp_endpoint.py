"""``/mcp``: the MCP server (``nl2sql.mcp``) over streamable HTTP, for AI agents. The caller is whoever the bearer
token says, checked exactly as for ``/v1`` (same verifier, same rate limit; 401 with ``WWW-Authenticate``
without a valid token, through the app's error handlers); each tool call is written into the request's audit
line and its LLM drafts are charged to the caller's draft budget."""

from __future__ import annotations

import math
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from ..mcp import SCOPE_KEY, CallRefused, McpCaller, ToolCall, build_server, error_payload, http_caller
from ..mcp.http import McpHttp
from .audit import AuditRecord
from .deps import authenticated
from .http_errors import RateLimited
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
        scope[SCOPE_KEY] = McpCaller(caller.user_id, drafting=lambda: _drafts_charged(service, caller.user_id),
                                     record=_into(caller.audit, service.metrics))
        await self._http.handle(scope, receive, send)


@contextmanager
def _drafts_charged(service: Service, user_id: uuid.UUID) -> Iterator[None]:
    """LLM drafts made inside are charged to the user's draft budget, as for ``/v1/ask``; over budget, the call
    is a tool error ``rate_limited`` saying when to try again."""
    try:
        with draft_gate(lambda: service.draft_gate(user_id)):
            yield
    except RateLimited as exc:
        wait = max(1, math.ceil(exc.retry_after_s))
        raise CallRefused(exc.code, f"{exc.message} Try again in {wait} s.") from exc


def _into(record: AuditRecord, metrics: Metrics) -> Callable[[ToolCall], None]:
    """Writes a tool call into the request's audit line (one JSON-RPC message per request, stateless)."""
    def write(call: ToolCall) -> None:
        record.question, record.input_sql = call.question, call.input_sql
        if call.sql is not None and call.source is not None:
            record.ran(call.sql, call.source, call.row_count, call.truncated)
        if call.error is not None:
            record.error_code = error_payload(call.error)["error"]["code"]  # what the caller was told
            metrics.failed(call.error)
    return write
