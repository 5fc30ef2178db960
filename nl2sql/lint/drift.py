"""Drift: where the document and the live database disagree. The document's tables must exist with their
columns and types; tables and columns only the database has are reported too, and so are documented
indexes (that could be created) the database lacks."""

from __future__ import annotations

from ..catalog import Catalog
from ..catalog.rules.indexes import index_problem
from ..db.introspect import LiveSchema
from ..findings import Finding

# The document's spelling of a type -> information_schema's. Types not listed are not compared.
_TYPES = {"UUID": "uuid", "TEXT": "text", "JSONB": "jsonb", "JSON": "json", "INT": "integer",
          "INTEGER": "integer", "BIGINT": "bigint", "SMALLINT": "smallint", "BOOLEAN": "boolean",
          "VARCHAR": "character varying", "TIMESTAMPTZ": "timestamp with time zone",
          "TIMESTAMP": "timestamp without time zone", "DATE": "date", "NUMERIC": "numeric",
          "DECIMAL": "numeric", "DOUBLE": "double precision", "REAL": "real"}


def drift(catalog: Catalog, live: LiveSchema) -> list[Finding]:
    findings: list[Finding] = []
    for table in catalog.tables.values():
        columns = live.columns.get(table.name)
        if columns is None:
            findings.append(Finding("error", "drift_missing_table", f"Table {table.name} is documented but the "
                                    "database has no such table.", table.location))
            continue
        for column in table.columns:
            actual = columns.get(column.name)
            if actual is None:
                findings.append(Finding("error", "drift_missing_column", f"{table.name}.{column.name} is documented "
                                        "but the database has no such column.", table.location))
            elif (expected := _expected_type(column.type)) is not None and expected != actual:
                findings.append(Finding("warning", "drift_type_mismatch", f"{table.name}.{column.name} is "
                                        f"documented as {column.type} but the database has {actual}.",
                                        table.location))
        for extra in sorted(set(columns) - set(table.column_names)):
            findings.append(Finding("warning", "drift_undocumented_column", f"{table.name}.{extra} exists in the "
                                    "database but not in the document, so nobody can ask about it.",
                                    table.location))
    for extra in sorted(set(live.columns) - set(catalog.tables)):
        findings.append(Finding("info", "drift_undocumented_table", f"Table {extra} exists in the database but "
                                "not in the document.", None))
    for index in catalog.indexes:
        if index_problem(index, catalog) is None and index.name not in live.indexes.get(index.table, set()):
            findings.append(Finding("warning", "drift_missing_index", f"Index {index.name} is documented but the "
                                    "database does not have it.", index.location))
    return findings


def _expected_type(documented: str) -> str | None:
    text = documented.upper().strip()
    if text.endswith("[]"):
        return "ARRAY"
    return _TYPES.get(text.split("(")[0].strip())
