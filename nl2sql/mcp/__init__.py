"""``nl2sql mcp`` and ``/mcp``: the library's verbs as MCP tools, so AI agents can ask too. An adapter like the CLI
and the HTTP service: it calls the library, answers with the same JSON contracts (``nl2sql/payloads.py``), and
turns errors into tool errors carrying their stable code (``tool_errors``, the one place that does).

    server = build_server(client, assistant, fixed_caller(user_id))   # stdio: the user fixed at start
    server = build_server(client, assistant, http_caller)             # /mcp: the user of the request's token

Layout: ``server`` (the tools), ``caller`` (who is asking, per call), ``tool_errors`` (error -> tool error),
``http`` (streamable HTTP, mounted by ``nl2sql serve``), ``stdio`` (``nl2sql mcp --user-id``).
"""

from .caller import SCOPE_KEY, McpCaller, ToolCall, fixed_caller, http_caller
from .server import build_server
from .tool_errors import CallRefused, error_payload

__all__ = ["SCOPE_KEY", "CallRefused", "McpCaller", "ToolCall", "build_server", "error_payload", "fixed_caller",
           "http_caller"]
