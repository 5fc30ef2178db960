"""The one place an error becomes an MCP tool error. A refused or failed call is a tool result with
``isError: true`` whose text and structured content are the CLI's error contract,
``{"error": {"code", "message"}}``, with the stable code of docs/errors.md; a bug shows only ``internal_error``
(the traceback goes to the server's log)."""

from __future__ import annotations

import logging
from typing import Any

from mcp.types import CallToolResult, TextContent

from ..errors import Nl2SqlError
from ..output import to_json

log = logging.getLogger("nl2sql.mcp")
INTERNAL_ERROR = "internal_error"


class CallRefused(Exception):
    """A refusal the transport makes around a call (the HTTP service's LLM-draft budget: ``rate_limited``), with
    a stable code and a message for the caller."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def error_payload(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, Nl2SqlError):
        return {"error": exc.to_dict()}
    if isinstance(exc, CallRefused):
        return {"error": {"code": exc.code, "message": exc.message}}
    return {"error": {"code": INTERNAL_ERROR, "message": "Internal error; the server log has the details."}}


def tool_error(exc: BaseException, tool: str) -> CallToolResult:
    if not isinstance(exc, (Nl2SqlError, CallRefused)):
        log.error("MCP tool %s failed", tool, exc_info=exc)
    payload = error_payload(exc)
    return CallToolResult(content=[TextContent(type="text", text=to_json(payload))], structured_content=payload,
                          is_error=True)


def tool_result(payload: dict[str, Any]) -> CallToolResult:
    """A contract as the tool's structured content, and the same JSON as its text (for clients that read text)."""
    return CallToolResult(content=[TextContent(type="text", text=to_json(payload))], structured_content=payload)
