"""``nl2sql mcp --user-id UUID``: the MCP server over stdio, for a local agent, as one user fixed at start."""

from __future__ import annotations

import uuid

import anyio

from ..assistant import Assistant
from ..client import Client
from ..settings import Settings
from .caller import fixed_caller
from .server import build_server


def serve_stdio(dsn: str, settings: Settings, user_id: uuid.UUID) -> None:
    """Serve until the agent closes stdin. Stdout carries only the protocol (the SDK diverts fd 1 to stderr while
    it serves, so nothing else can write to it)."""
    with Client(dsn, settings, pooled=True) as client:
        server = build_server(client, Assistant(client), fixed_caller(user_id))
        anyio.run(server.run_stdio_async)
