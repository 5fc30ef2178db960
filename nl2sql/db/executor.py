"""Run guarded SQL: psycopg 3, a read-only transaction that is always rolled back, server-side timeouts, the
session settings the guard's proof assumes (``session.py``), optionally the database's row-level security as the
user, a row cap (N+1 fetched to report truncation) and a byte cap enforced while rows stream in, so memory stays
bounded by the cap, not by the result. It runs nothing the guard did not prove."""

from __future__ import annotations

import json
import threading
import time
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.types.json import set_json_loads

from ..errors import error, first_line
from ..guard import GuardedQuery, is_proved
from ..policy import TenancyPolicy
from ..settings import Settings
from . import session
from .cost import check_cost
from .introspect import PlannerStats, read_planner_stats

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool


@dataclass(frozen=True)
class Result:
    sql: str
    params: list[str]
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool
    truncated_by: str | None  # "max_rows" or "max_result_bytes"
    elapsed_ms: float

    @property
    def row_count(self) -> int:
        return len(self.rows)


class Executor:
    """Runs guarded queries against one database. ``pooled=True`` keeps a connection pool for long-running,
    multi-threaded processes; otherwise one connection is opened on first use and reused until ``close()``
    (a one-shot command: one ``ask`` that reads the vocabulary, checks a role and runs its answer opens one
    connection)."""

    def __init__(self, dsn: str, settings: Settings | None = None, *, pooled: bool = False) -> None:
        self.dsn = dsn
        self.settings = settings or Settings()
        self._pool: ConnectionPool | None = None
        self._own: psycopg.Connection[Any] | None = None
        self._own_lock = threading.Lock()
        self._checked: weakref.WeakSet[psycopg.Connection[Any]] = weakref.WeakSet()
        if pooled:
            from psycopg_pool import ConnectionPool, PoolTimeout  # a one-shot command never needs it

            s = self.settings
            # No check on every checkout (a round trip per query): a connection that broke is replaced when it
            # fails, and that query fails cleanly (database_unavailable).
            self._pool = ConnectionPool(dsn, kwargs=self._connect_kwargs(), min_size=s.pool_min_size,
                                        max_size=s.pool_max_size, open=False, configure=_configure,
                                        timeout=s.pool_wait_s, reconnect_timeout=s.connect_timeout_s)
            try:
                self._pool.open(wait=True, timeout=s.connect_timeout_s)
            except PoolTimeout as exc:
                self._pool.close()
                raise error("database_unavailable", f"Cannot connect to the database: {exc}") from exc

    def _connect_kwargs(self) -> dict[str, Any]:
        return session.connect_kwargs(self.settings)

    def pool_stats(self) -> dict[str, int]:
        """The pool's counters (``pool_size``, ``pool_available``, ``requests_waiting``, ``pool_max``, ...); empty
        when not pooled."""
        return dict(self._pool.get_stats()) if self._pool is not None else {}

    def ping(self, timeout_s: float) -> None:
        """Raise a typed error unless the database answers ``SELECT 1`` within ``timeout_s`` seconds (waiting for
        a connection included): a readiness check."""
        if self._pool is not None:
            from psycopg_pool import PoolTimeout

            try:
                with self._pool.connection(timeout=timeout_s) as conn, _translated_errors(), \
                        conn.transaction(force_rollback=True):
                    conn.execute("SELECT 1").fetchone()
            except PoolTimeout as exc:
                raise error("pool_exhausted", f"No connection within {timeout_s:g} s: {first_line(exc)}") from exc
            return
        try:
            with psycopg.connect(self.dsn, **{**self._connect_kwargs(), "connect_timeout": max(1, round(timeout_s))}) \
                    as conn:
                conn.execute("SELECT 1").fetchone()
        except psycopg.Error as exc:
            raise error("database_unavailable", f"The database does not answer: {first_line(exc)}") from exc

    def raw_connection(self) -> Any:
        """A pooled connection as a context manager, for benchmarks that compare raw psycopg on the same pool."""
        if self._pool is None:
            raise error("no_database", "raw_connection needs a pooled executor")
        return self._pool.connection()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._own is not None:
            self._own.close()
            self._own = None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        if self._pool is not None:
            from psycopg_pool import PoolTimeout

            try:
                with self._pool.connection() as conn:
                    self._check_session(conn)
                    yield conn
            except PoolTimeout as exc:
                raise error("pool_exhausted", f"Every database connection stayed busy for "
                                              f"{self.settings.pool_wait_s:g} s: {first_line(exc)}") from exc
            return
        with self._own_lock:
            own = self._own
            if own is None or own.closed or own.broken:
                try:
                    own = self._own = psycopg.connect(self.dsn, **self._connect_kwargs())
                except psycopg.OperationalError as exc:
                    raise error("database_unavailable", f"Cannot connect to the database: {first_line(exc)}") \
                        from exc
                _configure(own)
            self._check_session(own)
            yield own

    def _check_session(self, conn: psycopg.Connection[Any]) -> None:
        if self.settings.transaction_pooler or conn in self._checked:
            return  # behind a pooler every transaction sets its own session (``session.preamble``)
        try:
            session.check_once(conn)
        except psycopg.Error as exc:
            raise error("database_unavailable", f"Cannot read the connection's settings: {first_line(exc)}") \
                from exc
        self._checked.add(conn)

    @contextmanager
    def _transaction(self, user_id: uuid.UUID | None) -> Iterator[psycopg.Connection[Any]]:
        """A read-only transaction, always rolled back, that reads text as the guard proved it and, with
        row-level security on, acts as the user."""
        with self._connection() as conn, _translated_errors(), conn.transaction(force_rollback=True):
            opening = session.preamble(self.settings, user_id)
            if opening is not None:
                conn.execute(*opening)
            session.require_pinned(conn)
            yield conn

    def run(self, query: GuardedQuery, *, max_cost: float | None = None) -> Result:
        """Run ``query``. With ``max_cost``, EXPLAIN it first (same transaction) and refuse it when the planner's
        estimated total cost is higher, naming the costliest node."""
        _require_proof(query)
        started = time.perf_counter()
        with self._transaction(_acting_user(query)) as conn:
            if max_cost is not None:
                check_cost(_explain(conn, query, analyze=False), max_cost)
            columns, rows, truncated_by = _stream(conn, query, self.settings.max_result_bytes)
        elapsed = (time.perf_counter() - started) * 1000
        return Result(query.sql, query.params, columns, rows, truncated_by is not None, truncated_by, elapsed)

    def explain(self, query: GuardedQuery, *, analyze: bool = False) -> dict[str, Any]:
        """``EXPLAIN (FORMAT JSON)`` of the query; with ``analyze`` it really runs, in the same read-only,
        rolled-back transaction and under the same timeouts as ``run``."""
        _require_proof(query)
        with self._transaction(_acting_user(query)) as conn:
            return _explain(conn, query, analyze=analyze)

    def planner_stats(self) -> PlannerStats:
        with self._transaction(None) as conn:
            return read_planner_stats(conn)

    def is_admin(self, user_id: uuid.UUID, policy: TenancyPolicy) -> bool:
        """Whether the user is an active admin, read from the database itself (as that user, under row-level
        security: a user can always read their own row)."""
        with self._transaction(user_id) as conn:
            row = conn.execute(policy.admin_check_sql(), [policy.admin.role, user_id, policy.admin.active_value]) \
                .fetchone()
        return bool(row and row[0])


def _stream(conn: psycopg.Connection[Any], query: GuardedQuery,
            limit_bytes: int) -> tuple[list[str], list[tuple[Any, ...]], str | None]:
    """Rows as they arrive (libpq single-row mode): the byte cap stops the transfer while it happens, so a huge
    result never sits in memory. The row cap needs no early stop: the guard's LIMIT is ``max_rows + 1``."""
    cursor = conn.cursor()
    rows: list[tuple[Any, ...]] = []
    size, truncated_by = 0, None
    for row in cursor.stream(query.sql, query.bound_params):
        result = cursor.pgresult
        if result is not None:
            size += sum(len(result.get_value(0, column) or b"") for column in range(result.nfields))
        if size > limit_bytes:
            truncated_by = "max_result_bytes"
            break  # psycopg cancels the query; the transaction is rolled back anyway
        if len(rows) == query.max_rows:
            truncated_by = "max_rows"
            continue
        rows.append(row)
    columns = [column.name for column in cursor.description or []]
    return columns, rows, truncated_by


def _acting_user(query: GuardedQuery) -> uuid.UUID | None:
    """Whom row-level security acts for: the user, except in an unscoped report (granted to an active admin by
    the client), which runs as the login role."""
    return query.user_id if query.scope == "user" else None


def _require_proof(query: GuardedQuery) -> None:
    if not is_proved(query):
        raise error("unscoped_reference", "The executor only runs SQL produced by the guard.")


def _explain(conn: psycopg.Connection[Any], query: GuardedQuery, *, analyze: bool) -> dict[str, Any]:
    options = "ANALYZE, BUFFERS, FORMAT JSON" if analyze else "FORMAT JSON"
    row = conn.execute(f"EXPLAIN ({options}) {query.sql}", query.bound_params).fetchone()
    document = row[0] if row else None
    if isinstance(document, str):
        document = json.loads(document)
    assert isinstance(document, list) and document, "EXPLAIN returned no plan"
    return dict(document[0])


def _configure(conn: psycopg.Connection[Any]) -> None:
    conn.read_only = True  # BEGIN READ ONLY: belt and braces with default_transaction_read_only
    set_json_loads(_json_loads, conn)


class _UnreadableValue(psycopg.DataError):
    """A value PostgreSQL returned that Python cannot decode safely."""


#: JSON values nested deeper than this are refused: every consumer (output, the service, a caller) then walks
#: them without running out of stack.
MAX_JSON_DEPTH = 100


def _json_loads(data: bytes | bytearray | memoryview | str) -> Any:
    # A JSON value can nest deeper than Python's decoder recurses, or hold a number with more digits than int()
    # converts: a typed error for the caller, never an exception that escapes the library.
    try:
        value = json.loads(bytes(data) if isinstance(data, (bytearray, memoryview)) else data)
    except (RecursionError, ValueError) as exc:
        raise _UnreadableValue(f"a JSON value is too deeply nested or has too many digits to decode "
                               f"({type(exc).__name__})") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise _UnreadableValue(f"a JSON value nests more than {MAX_JSON_DEPTH} levels deep")
    return value


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                return depth
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


# PostgreSQL failures, most specific first (QueryCanceled and LockNotAvailable are OperationalErrors too).
_DATABASE_ERRORS: tuple[tuple[type[psycopg.Error], str, str], ...] = (
    (_UnreadableValue, "result_unreadable", "The result holds a value that cannot be decoded"),
    (pg_errors.QueryCanceled, "statement_timeout", "The query ran longer than the statement timeout and was "
                                                   "cancelled"),
    (pg_errors.LockNotAvailable, "lock_timeout", "The query waited too long for a lock"),
    (pg_errors.ReadOnlySqlTransaction, "read_only_violation", "The database refused a write"),
    (pg_errors.InsufficientPrivilege, "permission_denied", "The database refused access"),
    (pg_errors.UndefinedColumn, "undefined_column", "The database has no such column"),
    (pg_errors.UndefinedTable, "undefined_table", "The database has no such table"),
    (pg_errors.StatementTooComplex, "statement_too_complex", "PostgreSQL ran out of stack depth for the query"),
    (psycopg.OperationalError, "database_unavailable", "The database connection failed"),
    (psycopg.Error, "invalid_sql", "PostgreSQL rejected the query"),
)


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except psycopg.Error as exc:
        code, message = next((c, m) for cls, c, m in _DATABASE_ERRORS if isinstance(exc, cls))
        raise error(code, f"{message}: {first_line(exc)}") from exc


__all__ = ["Executor", "Result", "check_cost"]
