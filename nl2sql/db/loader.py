"""Create the documented schema and load rows into a database."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from ..catalog import Catalog
from .ddl import SkippedIndex, schema_ddl
from .demo_data import DemoData


def create_schema(conn: psycopg.Connection[Any], catalog: Catalog) -> list[SkippedIndex]:
    statements, skipped = schema_ddl(catalog)
    with conn.transaction():
        for statement in statements:
            conn.execute(statement.encode())  # bytes: a DDL string is not a template with placeholders
    return skipped


def load_rows(conn: psycopg.Connection[Any], data: DemoData, schema: str = "public") -> int:
    count = 0
    with conn.transaction(), conn.cursor() as cur:
        for table, rows in data.tables.items():
            if not rows:
                continue
            columns = list(rows[0])
            statement = sql.SQL("INSERT INTO {}.{} ({}) VALUES ({})").format(
                sql.Identifier(schema), sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.SQL(", ").join(sql.Placeholder() * len(columns)))
            cur.executemany(statement, [[row.get(c) for c in columns] for row in rows])
            count += len(rows)
    # Fresh statistics, so plans (and nl2sql explain) see the real table sizes from the start.
    for table in data.tables:
        conn.execute(sql.SQL("ANALYZE {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
    return count
