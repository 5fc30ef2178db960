"""DDL that creates the documented schema on a real server: the tables as the document defines them, and
the documented indexes that can exist. What had to be left out is returned, not hidden."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog, Index
from ..catalog.rules import index_problem

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


def schema_ddl(catalog: Catalog) -> tuple[list[str], list[SkippedIndex]]:
    statements = [UUID_FALLBACK]
    statements += [table.ddl for table in catalog.tables.values()]
    skipped: list[SkippedIndex] = []
    for index in catalog.indexes:
        problem = index_problem(index, catalog)
        if problem is None:
            statements.append(index.sql)
        else:
            skipped.append(SkippedIndex(index, problem[1]))
    return statements, skipped
