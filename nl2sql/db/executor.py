"""Run guarded SQL: psycopg 3, a read-only transaction that is always rolled back, server-side timeouts,
a row cap (N+1 fetched to report truncation) and a byte cap. It runs nothing the guard did not prove."""

from __future__ import annotations

import json
import time
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg_pool import ConnectionPool, PoolTimeout

from ..errors import error
from ..guard import GuardedQuery, is_proved
from ..policy import TenancyPolicy
from ..settings import Settings
from .introspect import PlannerStats, read_planner_stats


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
    """Runs guarded queries against one database. ``pooled=True`` keeps a connection pool for long-running
    processes; otherwise each call opens (and closes) one connection, which suits a one-shot CLI."""

    def __init__(self, dsn: str, settings: Settings | None = None, *, pooled: bool = False) -> None:
        self.dsn = dsn
        self.settings = settings or Settings()
        self._pool: ConnectionPool | None = None
        self._checked: weakref.WeakSet[psycopg.Connection[Any]] = weakref.WeakSet()
        if pooled:
            self._pool = ConnectionPool(dsn, kwargs=self._connect_kwargs(), min_size=self.settings.pool_min_size,
                                        max_size=self.settings.pool_max_size, open=False,
                                        configure=_configure, timeout=self.settings.connect_timeout_s)
            try:
                self._pool.open(wait=True, timeout=self.settings.connect_timeout_s)
            except PoolTimeout as exc:
                self._pool.close()
                raise error("database_unavailable", f"Cannot connect to the database: {exc}") from exc

    def _connect_kwargs(self) -> dict[str, Any]:
        s = self.settings
        # Settings travel in the startup packet: no extra round trip per query, and a value from the startup
        # packet outranks the database's and the role's defaults (ALTER DATABASE/ROLE ... SET).
        options = " ".join(f"-c {name}={value}" for name, value in (
            ("statement_timeout", s.statement_timeout_ms), ("lock_timeout", s.lock_timeout_ms),
            ("idle_in_transaction_session_timeout", s.idle_in_transaction_timeout_ms),
            ("default_transaction_read_only", "on"), *PINNED.items()))
        return {"options": options, "connect_timeout": max(1, round(s.connect_timeout_s)),
                "cursor_factory": psycopg.RawCursor, "autocommit": False}

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        try:
            if self._pool is not None:
                with self._pool.connection() as conn:
                    self._check_session(conn)
                    yield conn
                return
            conn = psycopg.connect(self.dsn, **self._connect_kwargs())
        except PoolTimeout as exc:
            raise error("pool_exhausted", f"Every database connection stayed busy: {_first_line(exc)}") from exc
        except psycopg.OperationalError as exc:
            raise error("database_unavailable", f"Cannot connect to the database: {_first_line(exc)}") from exc
        try:
            _configure(conn)
            self._check_session(conn)
            yield conn
        finally:
            conn.close()

    def _check_session(self, conn: psycopg.Connection[Any]) -> None:
        if conn not in self._checked:
            try:
                _check_pinned_settings(conn)
            except psycopg.Error as exc:
                raise error("database_unavailable", f"Cannot read the connection's settings: {_first_line(exc)}") \
                    from exc
            self._checked.add(conn)
        _require_pinned(conn)

    def run(self, query: GuardedQuery, *, max_cost: float | None = None) -> Result:
        """Run ``query``. With ``max_cost``, EXPLAIN it first (same transaction) and refuse it when the planner's
        estimated total cost is higher, naming the costliest node."""
        _require_proof(query)
        started = time.perf_counter()
        limit_rows, limit_bytes = query.max_rows, self.settings.max_result_bytes
        with self._connection() as conn, _translated_errors(), conn.transaction(force_rollback=True):
            if max_cost is not None:
                check_cost(_explain(conn, query, analyze=False), max_cost)
            cur = conn.execute(query.sql, query.bound_params)
            columns = [column.name for column in cur.description or []]
            rows: list[tuple[Any, ...]] = []
            size, truncated_by = 0, None
            result = cur.pgresult
            for index, row in enumerate(cur):
                if index >= limit_rows:
                    truncated_by = "max_rows"
                    break
                if result is not None:
                    size += sum(len(result.get_value(index, c) or b"") for c in range(result.nfields))
                if size > limit_bytes:
                    truncated_by = "max_result_bytes"
                    break
                rows.append(row)
        elapsed = (time.perf_counter() - started) * 1000
        return Result(query.sql, query.params, columns, rows, truncated_by is not None, truncated_by, elapsed)

    def explain(self, query: GuardedQuery, *, analyze: bool = False) -> dict[str, Any]:
        """``EXPLAIN (FORMAT JSON)`` of the query; with ``analyze`` it really runs, in the same read-only,
        rolled-back transaction and under the same timeouts as ``run``."""
        _require_proof(query)
        with self._connection() as conn, _translated_errors(), conn.transaction(force_rollback=True):
            return _explain(conn, query, analyze=analyze)

    def planner_stats(self) -> PlannerStats:
        with self._connection() as conn, _translated_errors(), conn.transaction(force_rollback=True):
            return read_planner_stats(conn)

    def is_admin(self, user_id: uuid.UUID, policy: TenancyPolicy) -> bool:
        """Whether the user holds the admin role, read from the database itself."""
        with self._connection() as conn, _translated_errors(), conn.transaction(force_rollback=True):
            row = conn.execute(policy.admin_check_sql(), [policy.admin.role, user_id, policy.admin.active_value]) \
                .fetchone()
        return bool(row and row[0])


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


def check_cost(explained: dict[str, Any], max_cost: float) -> None:
    plan = explained["Plan"]
    total = float(plan.get("Total Cost", 0.0))
    if total > max_cost:
        node = costliest_node(plan)
        where = f" on {node['Relation Name']}" if node.get("Relation Name") else ""
        # The estimate itself is not shown: it comes from statistics over every user's rows.
        raise error("cost_exceeded", f"The planner estimates this query costs more than the ceiling of "
                                     f"{max_cost:,.0f}. Costliest step: {node.get('Node Type')}{where}. Narrow the "
                                     "query (a time window, a filter, a LIMIT before joins) or raise the ceiling.")


def costliest_node(plan: dict[str, Any]) -> dict[str, Any]:
    """The node that adds the most cost by itself (its total minus its children's totals)."""
    best, stack = plan, [plan]
    while stack:
        node = stack.pop()
        if _self_cost(node) > _self_cost(best):
            best = node
        stack.extend(node.get("Plans", []))
    return best


def _self_cost(node: dict[str, Any]) -> float:
    return float(node.get("Total Cost", 0.0)) - sum(float(c.get("Total Cost", 0.0)) for c in node.get("Plans", []))


#: How the server must read SQL text for the guard's proof to hold: the guard proved PostgreSQL's parse under
#: these (libpg_query's own defaults), so every connection pins them, whatever the database or role defaults.
#: ``search_path`` holds only ``pg_catalog``: every table in guarded SQL names its schema, and an unqualified
#: function, operator or type can only be a built-in (a schema listed before pg_catalog could shadow one).
PINNED = {"standard_conforming_strings": "on", "backslash_quote": "safe_encoding", "search_path": "pg_catalog",
          "client_encoding": "UTF8"}


def _configure(conn: psycopg.Connection[Any]) -> None:
    conn.read_only = True  # BEGIN READ ONLY: belt and braces with default_transaction_read_only


def _check_pinned_settings(conn: psycopg.Connection[Any]) -> None:
    """A pooler may drop the startup options: check once per connection, outside any transaction."""
    conn.autocommit = True
    try:
        row = conn.execute("SELECT current_setting('search_path'), current_setting('backslash_quote')").fetchone()
    finally:
        conn.autocommit = False
    if row is None or row[0] != PINNED["search_path"] or row[1] != PINNED["backslash_quote"]:
        raise error("session_not_pinned", f"The connection reads SQL with search_path={row and row[0]!r}, "
                                          f"backslash_quote={row and row[1]!r}; the guard needs "
                                          f"{PINNED['search_path']!r} and {PINNED['backslash_quote']!r}. Was the "
                                          "startup 'options' parameter dropped (a pooler)?")
    _require_pinned(conn)


def _require_pinned(conn: psycopg.Connection[Any]) -> None:
    """Free per query: the server reports these two with every change (ParameterStatus)."""
    for name in ("standard_conforming_strings", "client_encoding"):
        value = conn.info.parameter_status(name)
        if value != PINNED[name]:
            raise error("session_not_pinned", f"The connection has {name}={value!r}; the guard proved the query "
                                              f"for {PINNED[name]!r}, so it does not run.")


# PostgreSQL failures, most specific first (QueryCanceled and LockNotAvailable are OperationalErrors too).
_DATABASE_ERRORS: tuple[tuple[type[psycopg.Error], str, str], ...] = (
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
        raise error(code, f"{message}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
