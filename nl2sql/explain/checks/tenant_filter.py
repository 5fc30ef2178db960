"""The tenant filter (every scoped select compares the owner column with the user's id) should be served by
an index that starts with the owner column; otherwise every query scans every user's rows."""

from __future__ import annotations

from ...findings import Finding, Severity
from ..context import ExplainContext
from ..plan import PlanNode
from .conditions import compared_columns, create_index

_SCANS = ("Seq Scan", "Bitmap Heap Scan", "Index Scan", "Index Only Scan")


def tenant_filter_unindexed(node: PlanNode, ctx: ExplainContext) -> list[Finding]:
    if node.node_type not in _SCANS or not node.relation:
        return []
    owner = ctx.owner_column(node.relation)
    if owner is None or ctx.has_index_on(node.relation, owner):
        return []
    if owner not in compared_columns(node.filter) + compared_columns(node.index_cond):
        return []
    rows = ctx.table_rows.get(node.relation, 0.0)
    severity: Severity = "warning" if rows >= ctx.large_table_rows else "info"
    return [Finding.at_node(severity, "tenant_filter_unindexed", f"The tenant filter on {node.relation}.{owner} has no "
                        f"index starting with {owner}, so each query reads every user's rows"
                        + (f" (~{rows:,.0f})." if rows else "."),
                        node.label, create_index(node.relation, [owner]))]
