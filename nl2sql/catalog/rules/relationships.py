"""A relationship ``a -> b (1:many)`` must join two real tables through a real column: ``b`` holds a column
that points at ``a`` (``<a singular>_id``, or the parent key the tenancy policy uses)."""

from __future__ import annotations

from ...findings import Finding
from ..model import Catalog, Table
from .names import nearest_table


def relationships(catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    for rel in catalog.relationships:
        missing = [name for name in (rel.source, rel.target) if name not in catalog.tables]
        if missing:
            findings.append(Finding("error", "relationship_unknown_table", f"Relationship {rel.source} -> "
                                    f"{rel.target}: " + "; ".join(f"no table {m}{nearest_table(m, catalog)}"
                                                                  for m in missing) + ".", rel.location))
            continue
        if not _backing_columns(catalog.tables[rel.source], catalog.tables[rel.target]):
            findings.append(Finding("error", "relationship_unbacked", f"Relationship {rel.source} -> {rel.target}: "
                                    f"{rel.target} has no column pointing at {rel.source} (expected e.g. "
                                    f"{_singular(rel.source)}_id).", rel.location))
    return findings


def _backing_columns(source: Table, target: Table) -> list[str]:
    singular = _singular(source.name)
    candidates = {f"{singular}_id", f"{source.name}_id", f"parent_{singular}_id"}
    # "agent_conversations" is referred to as "conversation_id": accept the last word of the name too.
    candidates.add(f"{singular.rsplit('_', 1)[-1]}_id")
    return [c.name for c in target.columns if c.name in candidates and c.type.upper().startswith("UUID")]


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") else name
