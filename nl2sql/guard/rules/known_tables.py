"""Only tables the schema document defines with CREATE TABLE, and that the tenancy policy covers.

System catalogs and other schemas are refused; an unknown name comes back with the nearest real one. Whether a
name is a table or a CTE is decided by PostgreSQL's scoping rules on PostgreSQL's parse (``resolve.py``).
"""

from __future__ import annotations

import difflib

from ...errors import error
from ..context import GuardContext, Statement

_SYSTEM_SCHEMAS = {"pg_catalog", "information_schema", "pg_toast"}


def known_tables(statement: Statement, ctx: GuardContext) -> None:
    schemas = {table.schema for table in ctx.catalog.tables.values()}
    for ref in statement.tables:
        schema, name = ref.get("schemaname", ""), ref.get("relname", "")
        if schema in _SYSTEM_SCHEMAS or schema.startswith("pg_temp") or name.startswith("pg_"):
            raise error("system_catalog", f"{_display(schema, name)} is a system catalog; only the documented "
                                          f"tables can be queried: {', '.join(sorted(ctx.catalog.tables))}.")
        if ref.get("catalogname"):
            raise error("unknown_table", f"{ref.get('catalogname')}.{schema}.{name}: cross-database references "
                                         "are not allowed.")
        table = ctx.catalog.table(name)
        if (schema and schema not in schemas) or table is None or (schema and table.schema != schema):
            raise error("unknown_table", _unknown_message(schema, name, ctx))
        if ctx.policy is not None and name not in ctx.policy.tables:
            raise error("no_tenancy_policy", f"Table {name} has no tenancy policy, so nobody can query it. Add it "
                                             "to the reviewed policy file.")


def _unknown_message(schema: str, name: str, ctx: GuardContext) -> str:
    known = sorted(ctx.catalog.tables)
    nearest = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    message = f"Unknown table {_display(schema, name)}"
    message += f"; did you mean {nearest[0]}?" if nearest else "."
    return f"{message} The documented tables are: {', '.join(known)}."


def _display(schema: str, name: str) -> str:
    return f"{schema}.{name}" if schema else name
