"""Index statements: the table and columns must exist, names must not collide with the indexes PostgreSQL
creates for constraints, and an index must not repeat another (or a constraint's)."""

from __future__ import annotations

from ...findings import Finding
from ..model import Catalog, Index
from .names import nearest_table


def index_problem(index: Index, catalog: Catalog) -> tuple[str, str] | None:
    """Why a documented index cannot be created as written (a code and a sentence), or None."""
    table = catalog.table(index.table)
    if table is None:
        return "index_unknown_table", (f"Index {index.name} is on table {index.table}, which the document never "
                                       f"creates{nearest_table(index.table, catalog)}.")
    missing = [c for c in index.columns if c.isidentifier() and table.column(c) is None]
    if missing:
        return "index_unknown_column", (f"Index {index.name} names column(s) {', '.join(missing)}, which "
                                        f"{index.table} does not have.")
    if index.name in _constraint_index_names(catalog, index.table):
        return "index_name_collision", (f"Index {index.name} collides with the index PostgreSQL creates for a "
                                        "constraint on the same table (same name), so creating it fails.")
    return None


def indexes(catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    seen = _constraint_indexes(catalog)
    names: set[str] = set()
    for index in catalog.indexes:
        problem = index_problem(index, catalog)
        if problem is not None:
            findings.append(Finding("error", problem[0], problem[1], index.location))
            continue
        if index.name in names:
            findings.append(Finding("error", "index_duplicate_name", f"Index name {index.name} is used twice.",
                                    index.location))
        names.add(index.name)
        key = (index.table, index.columns, index.where)
        if key in seen:
            findings.append(Finding("warning", "index_redundant", f"Index {index.name} on {index.table}"
                                    f"({', '.join(index.columns)}) repeats {seen[key]}; it costs writes and "
                                    "serves no query the other does not.", index.location))
        else:
            seen[key] = index.name
    return findings


def _constraint_indexes(catalog: Catalog) -> dict[tuple[str, tuple[str, ...], str | None], str]:
    found: dict[tuple[str, tuple[str, ...], str | None], str] = {}
    for table in catalog.tables.values():
        primary = tuple(c.name for c in table.columns if c.primary_key)
        if primary:
            found[(table.name, primary, None)] = f"the primary key index {table.name}_pkey"
        for column in table.columns:
            if column.unique:
                found[(table.name, (column.name,), None)] = (f"the UNIQUE constraint's index "
                                                             f"{table.name}_{column.name}_key")
    return found


def _constraint_index_names(catalog: Catalog, table_name: str) -> set[str]:
    table = catalog.tables[table_name]
    return {f"{table.name}_pkey"} | {f"{table.name}_{c.name}_key" for c in table.columns if c.unique}
