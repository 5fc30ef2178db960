"""The MCP server over streamable HTTP, as ``nl2sql serve`` mounts it at ``/mcp``.

Stateless, with JSON responses: every POST carries its own bearer token and stands alone, so any worker process
can answer it and nothing is kept between requests. The caller is verified by the service before a request gets
here (``SCOPE_KEY`` in the ASGI scope); a request without one never reaches the server.

DNS-rebinding protection (Host/Origin checks) is off: it guards servers that trust whoever reaches them, and this
one trusts only the token. Keep a demo server, whose ``/v1/demo/token`` hands out tokens, on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class McpHttp:
    def __init__(self, server: MCPServer) -> None:
        # The SDK builds its session manager with its app; only the manager is used (the service routes to it).
        server.streamable_http_app(stateless_http=True, json_response=True,
                                   transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False))
        self._manager = server.session_manager

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Open for the life of the app (its lifespan): each request's server runs in this task group."""
        async with self._manager.run():
            yield

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._manager.handle_request(scope, receive, send)  # type: ignore[arg-type]
