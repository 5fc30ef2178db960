"""Who is asking, for each tool call. Over stdio the user is fixed when the server starts (``--user-id``); over
HTTP it is whoever the bearer token of the request carrying the call says: ``nl2sql serve`` verifies the token
and puts an ``McpCaller`` in that request's ASGI scope under ``SCOPE_KEY``. No tool takes a user id argument."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from ..client import Source

#: Where ``nl2sql serve``'s ``/mcp`` endpoint leaves the verified caller in the request's ASGI scope.
SCOPE_KEY = "nl2sql.mcp.caller"


@dataclass(frozen=True)
class ToolCall:
    """What one tool call did, for an audit trail: what was asked and what ran, never row values."""

    tool: str
    question: str | None = None
    input_sql: str | None = None
    sql: str | None = None
    source: Source | None = None
    row_count: int | None = None
    truncated: bool | None = None
    error: BaseException | None = None


def _forget(_: ToolCall) -> None:
    pass


@dataclass(frozen=True)
class McpCaller:
    user_id: uuid.UUID
    #: Entered around every library call that may draft SQL with the LLM (the HTTP service charges each draft to
    #: the user's draft budget there).
    drafting: Callable[[], AbstractContextManager[None]] = field(default=nullcontext)
    #: Told what each call did (the HTTP service writes it into the request's audit line).
    record: Callable[[ToolCall], None] = field(default=_forget)


CallerOf = Callable[[Any], McpCaller]
"""The caller of a tool call, from the tool's MCP ``Context``."""


def fixed_caller(user_id: uuid.UUID) -> CallerOf:
    """The same user for every call: a local agent over stdio, started for one user."""
    caller = McpCaller(user_id)
    return lambda _context: caller


def http_caller(context: Any) -> McpCaller:
    """The caller the HTTP endpoint verified for the request that carried this call."""
    request = context.request_context.request
    scope = getattr(request, "scope", None)
    caller = scope.get(SCOPE_KEY) if isinstance(scope, dict) else None
    if not isinstance(caller, McpCaller):
        # The endpoint refuses a request without a valid token before the server sees it: this is a bug.
        raise RuntimeError("an MCP call over HTTP arrived without a verified caller")
    return caller
