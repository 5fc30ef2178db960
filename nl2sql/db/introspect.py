"""What the live database really has: tables, column types and indexes of one schema, from the catalogs,
read in a read-only transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from ..errors import error, first_line


@dataclass(frozen=True)
class LiveSchema:
    #: table -> column -> type as ``information_schema`` spells it (``uuid``, ``character varying``, ``ARRAY``)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    #: table -> index names
    indexes: dict[str, set[str]] = field(default_factory=dict)


_COLUMNS = """SELECT table_name, column_name, data_type FROM information_schema.columns
WHERE table_schema = %s ORDER BY table_name, ordinal_position"""
_INDEXES = "SELECT tablename, indexname FROM pg_catalog.pg_indexes WHERE schemaname = %s"


def read_live_schema(dsn: str, schema: str = "public", connect_timeout_s: int = 10) -> LiveSchema:
    try:
        with psycopg.connect(dsn, connect_timeout=connect_timeout_s, autocommit=True) as conn, \
                conn.transaction(), conn.cursor() as cur:
            cur.execute("SET TRANSACTION READ ONLY")
            live = LiveSchema()
            for table, column, data_type in cur.execute(_COLUMNS, (schema,)).fetchall():
                live.columns.setdefault(table, {})[column] = data_type
            for table, index in cur.execute(_INDEXES, (schema,)).fetchall():
                live.indexes.setdefault(table, set()).add(index)
            return live
    except psycopg.OperationalError as exc:
        raise error("database_unavailable", f"Cannot read the live schema: {first_line(exc)}") \
            from exc


@dataclass(frozen=True)
class PlannerStats:
    """What a plan audit needs to know about the tables: their estimated sizes and their indexes' columns."""

    table_rows: dict[str, float] = field(default_factory=dict)
    indexes: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)


_TABLE_ROWS = """SELECT c.relname, greatest(c.reltuples, 0) FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'"""
_INDEX_COLUMNS = """SELECT t.relname, i.relname, array_agg(a.attname ORDER BY k.ord)
FROM pg_catalog.pg_index x
JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
WHERE n.nspname = %s GROUP BY t.relname, i.relname"""


def read_planner_stats(conn: psycopg.Connection[Any], schema: str = "public") -> PlannerStats:
    """Read on the caller's (read-only) connection; our own fixed SQL, never a user's."""
    stats = PlannerStats()
    # A plain cursor (``%s`` placeholders) whatever cursor class the connection defaults to.
    with psycopg.Cursor(conn) as cur:
        for table, rows in cur.execute(_TABLE_ROWS, (schema,)).fetchall():
            stats.table_rows[table] = float(rows)
        for table, _index, columns in cur.execute(_INDEX_COLUMNS, (schema,)).fetchall():
            stats.indexes.setdefault(table, []).append(tuple(columns))
    return stats
