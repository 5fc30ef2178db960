"""A nested loop over two large inputs does outer x inner work; a hash or merge join would not."""

from __future__ import annotations

from ...findings import Finding
from ..context import ExplainContext
from ..plan import PlanNode


def nested_loop_large(node: PlanNode, ctx: ExplainContext) -> list[Finding]:
    if node.node_type != "Nested Loop" or len(node.children) != 2:
        return []
    outer, inner = node.children
    outer_rows = outer.actual_total_rows if outer.actual_total_rows is not None else outer.plan_rows
    inner_rows = inner.actual_rows if inner.actual_rows is not None else inner.plan_rows
    work = outer_rows * inner_rows
    if work < ctx.nested_loop_rows:
        return []
    return [Finding.at_node("warning", "nested_loop_large", f"Nested loop over ~{outer_rows:,.0f} outer and ~"
                        f"{inner_rows:,.0f} inner rows (~{work:,.0f} comparisons); a join condition an index or a "
                        "hash join can use would avoid it.", node.label)]
