"""A sequential scan of a large table that keeps few of its rows: an index on the filtered columns would read
only those rows."""

from __future__ import annotations

from ...findings import Finding
from ..context import ExplainContext
from ..plan import PlanNode
from .conditions import compared_columns, create_index


def seq_scan_selective(node: PlanNode, ctx: ExplainContext) -> list[Finding]:
    if node.node_type != "Seq Scan" or not node.relation or not node.filter:
        return []
    rows = ctx.table_rows.get(node.relation, 0.0)
    if rows < ctx.large_table_rows or node.plan_rows > rows * ctx.selective_fraction:
        return []
    columns = compared_columns(node.filter)
    suggestion = None
    if columns and not ctx.has_index_on(node.relation, columns[0]):
        suggestion = create_index(node.relation, columns[:2])
    return [Finding.at_node("warning", "seq_scan_selective", f"Sequential scan of {node.relation} (~{rows:,.0f} rows) "
                        f"keeps ~{node.plan_rows:,.0f} of them; an index on {', '.join(columns[:2]) or 'the filter'} "
                        "would read only those.", node.label, suggestion)]
