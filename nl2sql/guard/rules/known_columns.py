"""Every column must exist: a qualified one in the table its alias names, an unqualified one somewhere the
query can see it. An unknown column comes back with where that name really lives, or the nearest real name.

The check is deliberately conservative in one direction: a name it cannot attribute (a CTE's or subquery's
output, a select-list alias, a set-returning function's column) is accepted and left to PostgreSQL. Security
never depends on this rule; it exists to give a person, or the LLM's repair loop, an error it can act on.
"""

from __future__ import annotations

import difflib

from sqlglot import exp

from ...catalog import Catalog, Table
from ...errors import error
from ..context import GuardContext
from ..names import NodeIndex, identifier_name

# Output columns of set-returning functions that a query may name without an alias list (jsonb_each & co).
_FUNCTION_COLUMNS = {"key", "value", "ordinality"}


def known_columns(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    catalog = ctx.catalog
    tables_by_alias: dict[str, set[str]] = {}
    index = ctx.index(expression)
    for ref in index.relations:
        if ref.name in catalog.tables:
            tables_by_alias.setdefault(identifier_name(ref.node.args.get("alias") and ref.node.args["alias"].this)
                                       or ref.name, set()).add(ref.name)
    visible = _visible_names(tables_by_alias, catalog)
    other_sources = _other_source_names(index)
    for column in index.find_all(exp.Column):
        name = identifier_name(column.this) if not isinstance(column.this, exp.Star) else "*"
        qualifier = identifier_name(column.args.get("table"))
        if not qualifier:
            if name not in visible and name not in other_sources:
                raise error("unknown_column", _unqualified_message(name, tables_by_alias, catalog))
            continue
        schema = identifier_name(column.args.get("db"))
        tables = tables_by_alias.get(qualifier)
        if tables is None:
            if qualifier in other_sources:
                continue  # a CTE, subquery or function alias: its columns are PostgreSQL's to check
            raise error("unknown_column", f"{qualifier}.{name}: no table or alias named {qualifier!r} in this "
                                          f"query. Aliases in scope: {', '.join(sorted(tables_by_alias)) or 'none'}.")
        if schema and all(catalog.tables[t].schema != schema for t in tables):
            raise error("unknown_column", f"{schema}.{qualifier}.{name}: table {qualifier} is not in schema "
                                          f"{schema}.")
        if name != "*" and all(catalog.tables[t].column(name) is None for t in tables):
            raise error("unknown_column", _qualified_message(qualifier, name, [catalog.tables[t] for t in tables],
                                                             catalog))
    return expression


def _visible_names(tables_by_alias: dict[str, set[str]], catalog: Catalog) -> set[str]:
    names = {column for tables in tables_by_alias.values() for t in tables for column in
             catalog.tables[t].column_names}
    names.update(tables_by_alias)  # whole-row references: row_to_json(t)
    return names


def _other_source_names(index: NodeIndex) -> set[str]:
    """Names defined by the query itself: aliases of every kind, CTE and alias column lists, SRF columns.

    A subquery's bare-column outputs need no entry: each is a column of a table the query references, so it
    is already visible (or it is unknown, and rejected where it stands)."""
    names = set(_FUNCTION_COLUMNS)
    for alias in index.find_all(exp.Alias, exp.TableAlias):
        if isinstance(alias, exp.Alias):
            names.add(identifier_name(alias.args.get("alias")))
        else:
            names.add(identifier_name(alias.this))
            names.update(identifier_name(c) for c in alias.args.get("columns") or [])
    for function in index.find_all(exp.Func):
        if isinstance(function.parent, (exp.Table, exp.From, exp.Join, exp.Lateral)):
            names.add((function.name if isinstance(function, exp.Anonymous) else function.key).lower())
    names.discard("")
    return names


def _unqualified_message(name: str, tables_by_alias: dict[str, set[str]], catalog: Catalog) -> str:
    in_query = sorted({t for tables in tables_by_alias.values() for t in tables})
    owners = sorted(t.name for t in catalog.tables.values() if t.column(name) is not None)
    message = f"Unknown column {name!r}"
    if in_query:
        message += f": the tables in this query ({', '.join(in_query)}) have no such column"
    if owners:
        return f"{message}; {name} is a column of {', '.join(owners)}: join that table and qualify the column."
    candidates = [c for t in in_query for c in catalog.tables[t].column_names] or sorted(catalog.all_column_names)
    return message + _nearest(name, candidates) + "."


def _qualified_message(qualifier: str, name: str, tables: list[Table], catalog: Catalog) -> str:
    table_names = ", ".join(t.name for t in tables)
    owners = sorted(t.name for t in catalog.tables.values() if t.column(name) is not None)
    message = f"Unknown column {qualifier}.{name}: {table_names} has no column {name!r}"
    if owners:
        return f"{message}; {name} is a column of {', '.join(owners)}: join that table and use its alias."
    return message + _nearest(name, [c for t in tables for c in t.column_names]) + "."


def _nearest(name: str, candidates: list[str]) -> str:
    nearest = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return f"; did you mean {nearest[0]!r}?" if nearest else f"; its columns are: {', '.join(candidates)}"
