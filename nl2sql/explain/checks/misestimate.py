"""With --analyze: the planner's row estimate off by 10x or more, which misleads every choice above it
(stale statistics: run ANALYZE; correlated columns: extended statistics)."""

from __future__ import annotations

from ...findings import Finding
from ..context import ExplainContext
from ..plan import PlanNode


def row_misestimate(node: PlanNode, ctx: ExplainContext) -> list[Finding]:
    if node.actual_rows is None:
        return []
    loops = node.actual_loops or 1
    estimated, actual = node.plan_rows * loops, node.actual_rows * loops
    ratio = (max(estimated, actual) + 1) / (min(estimated, actual) + 1)
    if ratio < ctx.misestimate_factor:
        return []
    direction = "over" if estimated > actual else "under"
    return [Finding.at_node("info", "row_misestimate", f"The planner {direction}estimated rows by {ratio:,.0f}x "
                        f"(estimated {estimated:,.0f}, actual {actual:,.0f}); run ANALYZE on "
                        f"{node.relation or 'the tables involved'} or add extended statistics.", node.label)]
