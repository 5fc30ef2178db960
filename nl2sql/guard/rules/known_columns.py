"""Columns, resolved as PostgreSQL resolves them.

``alias.name`` must name a column of the entry ``alias``: when it does not, PostgreSQL does not fail, it reads
``name(alias)`` as a function call on the whole row (attribute notation), which would call functions the
allow-list never saw. So every qualified reference must be provably a column of every entry it could refer
to, else it is refused. An unqualified name cannot call anything; it is checked only to give a person (or the
LLM's repair loop) an error with the place that name really lives, and only when every entry's columns are known.
"""

from __future__ import annotations

import difflib

from ...catalog import Catalog
from ...errors import error
from ..context import GuardContext, Statement
from ..resolve import Entry, levels
from ..tree import Node, names


def known_columns(statement: Statement, ctx: GuardContext) -> None:
    resolver = statement.names
    other_names: dict[int, set[str]] = {}  # per innermost level: thousands of references, one computation
    for node in statement.tree.all("ColumnRef"):
        fields = names(node.get("fields"))
        if len(fields) == 2:
            _qualified(node, fields[0], fields[1], statement, ctx.catalog)
        elif len(fields) == 1 and fields[0] != "*":
            visible, complete = resolver.visible_columns(node)
            if not complete or fields[0] in visible:
                continue
            level = next(levels(node), node)
            if id(level) not in other_names:
                other_names[id(level)] = _other_names(node, statement)
            if fields[0] in other_names[id(level)]:
                continue
            raise error("unknown_column", _unqualified_message(fields[0], node, statement, ctx.catalog))


def _qualified(node: Node, qualifier: str, name: str, statement: Statement, catalog: Catalog) -> None:
    candidates = statement.names.candidates(node, qualifier)
    if not candidates:
        in_scope = sorted({e.refname for level in node.ancestors() if level.kind == "SelectStmt"
                           for e in statement.names.entries(level) if e.refname})
        raise error("unknown_column", f"{qualifier}.{name}: no table or alias named {qualifier!r} in this query. "
                                      f"Aliases in scope: {', '.join(in_scope) or 'none'}.")
    if name == "*":
        return
    for entry in candidates:
        if _unknown_table(entry, statement, catalog):
            continue  # refused by known_tables (lint reports both)
        if name not in entry.columns:
            raise error("unknown_column", _qualified_message(qualifier, name, entry, catalog))


def _unknown_table(entry: Entry, statement: Statement, catalog: Catalog) -> bool:
    node = entry.node
    return node.kind == "RangeVar" and statement.names.cte_for(node) is None and \
        catalog.table(node.get("relname", "")) is None


def _other_names(node: Node, statement: Statement) -> set[str]:
    """Names a bare column may also mean: whole-row references to an entry, and select-list aliases (which
    ORDER BY and GROUP BY may use)."""
    out: set[str] = set()
    for level in node.ancestors():
        if level.kind == "SelectStmt":
            out.update(e.refname for e in statement.names.entries(level) if e.refname)
            for target in statement.tree.children(level, "targetList"):
                if target.get("name"):
                    out.add(target.get("name"))
    return out


def _unqualified_message(name: str, node: Node, statement: Statement, catalog: Catalog) -> str:
    in_query = sorted({t.get("relname") for t in statement.tables})
    owners = sorted(t.name for t in catalog.tables.values() if t.column(name) is not None)
    message = f"Unknown column {name!r}"
    if in_query:
        message += f": the tables in this query ({', '.join(in_query)}) have no such column"
    if owners:
        return f"{message}; {name} is a column of {', '.join(owners)}: join that table and qualify the column."
    visible, _ = statement.names.visible_columns(node)
    candidates = sorted(visible) or sorted(catalog.all_column_names)
    return message + _nearest(name, candidates) + "."


def _qualified_message(qualifier: str, name: str, entry: Entry, catalog: Catalog) -> str:
    known = [n for n in entry.columns.names if n]
    if entry.node.kind == "RangeVar" and catalog.table(entry.node.get("relname", "")) is not None \
            and entry.columns.complete:
        table = entry.node.get("relname")
        owners = sorted(t.name for t in catalog.tables.values() if t.column(name) is not None)
        message = f"Unknown column {qualifier}.{name}: {table} has no column {name!r}"
        if owners:
            return f"{message}; {name} is a column of {', '.join(owners)}: join that table and use its alias."
        return message + _nearest(name, known) + "."
    if not entry.columns.complete:
        return (f"{qualifier}.{name}: the guard cannot prove that {name!r} is a column of {qualifier} (PostgreSQL "
                f"would otherwise read it as the function call {name}({qualifier})). Give the column an explicit "
                "name in the subquery (... AS name) or a column list in the alias.")
    return f"Unknown column {qualifier}.{name}: {qualifier} has no column {name!r}" + _nearest(name, known) + "."


def _nearest(name: str, candidates: list[str]) -> str:
    nearest = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if nearest:
        return f"; did you mean {nearest[0]!r}?"
    return f"; its columns are: {', '.join(candidates)}" if candidates else ""
