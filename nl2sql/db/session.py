"""How a connection must read SQL text, and who it acts as, for the guard's proof (and the database's own
row-level security) to hold.

Two ways to set it up, one result:

- **direct** connections carry the settings in the startup packet (``options``): free per query, and a startup
  value outranks the database's and the role's defaults; each connection is checked once;
- behind a **transaction pooler** (PgBouncer), a server connection changes between transactions and the startup
  ``options`` parameter is not forwarded, so every transaction begins with one statement that sets everything
  with ``set_config(..., true)`` (``SET LOCAL``): nothing outlives the transaction.

With row-level security on, that same first statement sets the verified user's claims
(``request.jwt.claims``, as PostgREST and Supabase do) and the reader role, transaction-locally.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import psycopg

from ..errors import error
from ..settings import Settings

#: How the server must read SQL text: the guard proved PostgreSQL's parse under these (libpg_query's own
#: defaults), whatever the database or role defaults say. ``search_path`` holds only ``pg_catalog``: every
#: table in guarded SQL names its schema, and an unqualified function, operator or type can only be a built-in.
PINNED = {"standard_conforming_strings": "on", "backslash_quote": "safe_encoding", "search_path": "pg_catalog",
          "client_encoding": "UTF8"}


def limits(settings: Settings) -> dict[str, str]:
    return {"statement_timeout": str(settings.statement_timeout_ms), "lock_timeout": str(settings.lock_timeout_ms),
            "idle_in_transaction_session_timeout": str(settings.idle_in_transaction_timeout_ms)}


def connect_kwargs(settings: Settings) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"connect_timeout": max(1, round(settings.connect_timeout_s)),
                              "cursor_factory": psycopg.RawCursor, "autocommit": False}
    if settings.transaction_pooler:
        kwargs["prepare_threshold"] = None  # a pooler hands each transaction to any server connection
        kwargs["client_encoding"] = PINNED["client_encoding"]  # a startup parameter PgBouncer forwards
        return kwargs
    options = {**limits(settings), "default_transaction_read_only": "on", **PINNED}
    kwargs["options"] = " ".join(f"-c {name}={value}" for name, value in options.items())
    return kwargs


def preamble(settings: Settings, user_id: uuid.UUID | None) -> tuple[str, list[Any]] | None:
    """The statement that opens every transaction, or None when the connection already holds everything."""
    values: dict[str, str] = {}
    if settings.transaction_pooler:
        values.update(limits(settings))
        values.update({k: v for k, v in PINNED.items() if k != "client_encoding"})
    if settings.rls_role and user_id is not None:
        values["request.jwt.claims"] = json.dumps({"sub": str(user_id), "role": "authenticated"})
        # auth.uid() reads this older setting first (as Supabase's does): set it too, so no database or role
        # default for it can point row-level security at someone else.
        values["request.jwt.claim.sub"] = str(user_id)
        values["role"] = settings.rls_role
    if not values:
        return None
    calls = ", ".join(f"set_config(${2 * i + 1}, ${2 * i + 2}, true)" for i in range(len(values)))
    return f"SELECT {calls}", [item for pair in values.items() for item in pair]


def check_once(conn: psycopg.Connection[Any]) -> None:
    """A pooler may drop the startup options: check a direct connection once, outside any transaction."""
    conn.autocommit = True
    try:
        row = conn.execute("SELECT current_setting('search_path'), current_setting('backslash_quote')").fetchone()
    finally:
        conn.autocommit = False
    if row is None or row[0] != PINNED["search_path"] or row[1] != PINNED["backslash_quote"]:
        raise error("session_not_pinned", f"The connection reads SQL with search_path={row and row[0]!r}, "
                                          f"backslash_quote={row and row[1]!r}; the guard needs "
                                          f"{PINNED['search_path']!r} and {PINNED['backslash_quote']!r}. Was the "
                                          "startup 'options' parameter dropped (a pooler: set transaction_pooler)?")


def require_pinned(conn: psycopg.Connection[Any]) -> None:
    """Free per query: the server reports these two with every change (ParameterStatus)."""
    for name in ("standard_conforming_strings", "client_encoding"):
        value = conn.info.parameter_status(name)
        if value != PINNED[name]:
            raise error("session_not_pinned", f"The connection has {name}={value!r}; the guard proved the query "
                                              f"for {PINNED[name]!r}, so it does not run.")
