"""DDL that creates the documented schema on a real server: the tables as the document defines them, and
the documented indexes that can exist. What had to be left out is returned, not hidden."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog, Index

# pgserver (and many managed servers) lack the uuid-ossp extension the document's defaults call.
UUID_FALLBACK = """DO $$ BEGIN
  CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
EXCEPTION WHEN OTHERS THEN
  CREATE OR REPLACE FUNCTION public.uuid_generate_v4() RETURNS uuid LANGUAGE sql AS 'SELECT gen_random_uuid()';
END $$"""


@dataclass(frozen=True)
class SkippedIndex:
    index: Index
    reason: str


def index_problem(index: Index, catalog: Catalog) -> str | None:
    """Why a documented index cannot be created as written, or None."""
    table = catalog.table(index.table)
    if table is None:
        return f"table {index.table} does not exist"
    missing = [c for c in index.columns if c.isidentifier() and table.column(c) is None]
    if missing:
        return f"column(s) {', '.join(missing)} do not exist in {index.table}"
    implicit = {f"{table.name}_pkey"} | {f"{table.name}_{c.name}_key" for c in table.columns if c.unique}
    if index.name in implicit:
        return f"name {index.name} collides with the index PostgreSQL creates for a constraint"
    return None


def schema_ddl(catalog: Catalog) -> tuple[list[str], list[SkippedIndex]]:
    statements = [UUID_FALLBACK]
    statements += [table.ddl for table in catalog.tables.values()]
    skipped: list[SkippedIndex] = []
    for index in catalog.indexes:
        problem = index_problem(index, catalog)
        if problem is None:
            statements.append(index.sql)
        else:
            skipped.append(SkippedIndex(index, problem))
    return statements, skipped
