"""``nl2sql mcp``: the MCP server over stdio for a local agent, as one user. The MCP SDK is imported inside the
command, so other commands never pay for it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ._support import dsn_option, resolve_dsn, run_action, settings_from_env


@click.command("mcp")
@click.option("--user-id", required=True,
              help="The user every tool call answers for (a UUID): every table is limited to this user's rows.")
@dsn_option
def mcp_command(user_id: str, dsn: str | None) -> None:
    """Serve the MCP tools (ask, sql, check, explain, schema, questions) over stdio to a local agent."""
    def action() -> None:
        from ..guard import parse_user_id
        from ..mcp.stdio import serve_stdio

        uid = parse_user_id(user_id)
        settings = settings_from_env(os.environ)
        with _stdout_to_stderr():  # starting the embedded database must not write into the protocol's channel
            database = resolve_dsn(dsn, settings)
        serve_stdio(database, settings, uid)
    run_action("text", action)


@contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Point file descriptor 1 (ours and any child process's) at stderr for a while."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
