"""What the live database really has: tables, column types and indexes of one schema, from the catalogs,
read in a read-only transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg

from ..errors import error


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
        raise error("database_unavailable", f"Cannot read the live schema: {str(exc).strip().splitlines()[0]}") \
            from exc
