"""Only tables the schema document defines with CREATE TABLE, and that the tenancy policy covers.

System catalogs and other schemas are refused; an unknown name comes back with the nearest real one.
"""

from __future__ import annotations

import difflib

from sqlglot import exp

from ...errors import error
from ..context import GuardContext

_SYSTEM_SCHEMAS = {"pg_catalog", "information_schema", "pg_toast", "pg_temp"}


def known_tables(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    schemas = {table.schema for table in ctx.catalog.tables.values()}
    for ref in ctx.index(expression).relations:
        if ref.schema in _SYSTEM_SCHEMAS or ref.schema.startswith("pg_temp") or ref.name.startswith("pg_"):
            raise error("system_catalog", f"{_display(ref.schema, ref.name)} is a system catalog; only the "
                                          f"documented tables can be queried: {_names(ctx)}.")
        if ref.catalog:
            raise error("unknown_table", f"{ref.catalog}.{ref.schema}.{ref.name}: cross-database references "
                                         "are not allowed.")
        table = ctx.catalog.table(ref.name)
        if (ref.schema and ref.schema not in schemas) or table is None or (ref.schema and table.schema != ref.schema):
            raise error("unknown_table", _unknown_message(ref.schema, ref.name, ctx))
        if ref.name not in ctx.policy.tables:
            raise error("no_tenancy_policy", f"Table {ref.name} has no tenancy policy, so nobody can query it. "
                                             "Add it to the reviewed policy file.")
    return expression


def _unknown_message(schema: str, name: str, ctx: GuardContext) -> str:
    known = sorted(ctx.catalog.tables)
    nearest = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    message = f"Unknown table {_display(schema, name)}"
    if nearest:
        message += f"; did you mean {nearest[0]}?"
    else:
        message += "."
    return f"{message} The documented tables are: {', '.join(known)}."


def _display(schema: str, name: str) -> str:
    return f"{schema}.{name}" if schema else name


def _names(ctx: GuardContext) -> str:
    return ", ".join(sorted(ctx.catalog.tables))
