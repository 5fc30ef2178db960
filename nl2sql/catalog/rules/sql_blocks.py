"""Every SQL statement in the document must parse and be a table, an index or a query."""

from __future__ import annotations

from ...findings import Finding
from ..model import Catalog


def sql_blocks(catalog: Catalog) -> list[Finding]:
    return [Finding("error", "sql_unparsed", f"SQL the document shows cannot be read: {block.reason.rstrip('.')}.",
                    block.location) for block in catalog.unparsed]
