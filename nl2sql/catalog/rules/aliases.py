"""Table aliases must name tables the document creates, and each alias must mean one table."""

from __future__ import annotations

from ...findings import Finding
from ..model import Catalog
from .names import nearest_table


def aliases(catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    meaning: dict[str, str] = {}
    for alias in catalog.aliases:
        if alias.table not in catalog.tables:
            findings.append(Finding("error", "alias_unknown_table", f"Alias {alias.alias} = {alias.table}: no such "
                                    f"table{nearest_table(alias.table, catalog)}.", alias.location))
        elif meaning.setdefault(alias.alias, alias.table) != alias.table:
            findings.append(Finding("error", "alias_ambiguous", f"Alias {alias.alias} is given to both "
                                    f"{meaning[alias.alias]} and {alias.table}.", alias.location))
    return findings
