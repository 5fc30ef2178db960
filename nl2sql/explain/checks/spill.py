"""Sorts and hashes that did not fit in work_mem and spilled to disk (seen with --analyze)."""

from __future__ import annotations

from ...findings import Finding
from ..context import ExplainContext
from ..plan import PlanNode


def spill_to_disk(node: PlanNode, ctx: ExplainContext) -> list[Finding]:
    raw = node.raw
    sort_on_disk = raw.get("Sort Space Type") == "Disk" or str(raw.get("Sort Method", "")).startswith("external")
    batches = max(int(raw.get("Hash Batches", 1) or 1), int(raw.get("Original Hash Batches", 1) or 1))
    if sort_on_disk:
        return [Finding.at_node("warning", "spill_to_disk", f"{node.node_type} spilled to disk "
                            f"({raw.get('Sort Space Used', '?')} kB): raise work_mem or sort fewer rows.", node.label)]
    if batches > 1:
        return [Finding.at_node("warning", "spill_to_disk", f"The hash ran in {batches} batches (it did not fit in "
                            "work_mem): raise work_mem or hash the smaller input.", node.label)]
    return []
