"""Every SQL statement in the document must parse and be a table, an index or a query."""

from __future__ import annotations

from ...catalog import Catalog
from ..finding import Finding


def sql_blocks(catalog: Catalog) -> list[Finding]:
    return [Finding("error", "sql_unparsed", f"SQL the document shows cannot be read: {block.reason.rstrip('.')}.",
                    block.location) for block in catalog.unparsed]
