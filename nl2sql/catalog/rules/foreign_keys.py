"""Columns that point at another row (``*_id`` UUIDs) are where joins and the tenant filter land. PostgreSQL
does not index them by itself, whatever a document claims; each one without an index whose first column it
is gets a warning, and a claim to the contrary in the document is an error."""

from __future__ import annotations

import re

from ...findings import Finding
from ..model import Catalog

_CLAIM = re.compile(r"foreign key.*(automatic|auto-?index|indexed)", re.IGNORECASE)


def foreign_keys(catalog: Catalog) -> list[Finding]:
    leading = {(index.table, index.columns[0]) for index in catalog.indexes
               if index.columns and index.table in catalog.tables}
    unindexed = [(table.name, column.name) for table in catalog.tables.values() for column in table.columns
                 if column.name.endswith("_id") and not column.primary_key
                 and column.type.upper().startswith("UUID") and (table.name, column.name) not in leading]
    findings = [Finding("warning", "foreign_key_unindexed", f"{table}.{column} points at other rows but no "
                        f"documented index starts with it; joins and the tenant filter on it scan the table.",
                        catalog.tables[table].location) for table, column in unindexed]
    for note in catalog.notes:
        if _CLAIM.search(note.text) and unindexed:
            findings.append(Finding("error", "claim_foreign_keys_indexed", f"The document says {note.text!r}, but "
                                    "PostgreSQL never indexes foreign key columns by itself and "
                                    f"{len(unindexed)} such column(s) have no index here.", note.location))
    return findings
