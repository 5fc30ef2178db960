"""The cost gate: refuse a query whose planner estimate is above a ceiling, naming the step that costs most."""

from __future__ import annotations

from typing import Any

from ..errors import error


def check_cost(explained: dict[str, Any], max_cost: float) -> None:
    plan = explained["Plan"]
    total = float(plan.get("Total Cost", 0.0))
    if total > max_cost:
        node = costliest_node(plan)
        where = f" on {node['Relation Name']}" if node.get("Relation Name") else ""
        # The estimate itself is not shown: it comes from statistics over every user's rows.
        raise error("cost_exceeded", f"The planner estimates this query costs more than the ceiling of "
                                     f"{max_cost:,.0f}. Costliest step: {node.get('Node Type')}{where}. Narrow the "
                                     "query (a time window, a filter, a LIMIT before joins) or raise the ceiling.")


def costliest_node(plan: dict[str, Any]) -> dict[str, Any]:
    """The node that adds the most cost by itself (its total minus its children's totals)."""
    best, stack = plan, [plan]
    while stack:
        node = stack.pop()
        if _self_cost(node) > _self_cost(best):
            best = node
        stack.extend(node.get("Plans", []))
    return best


def _self_cost(node: dict[str, Any]) -> float:
    return float(node.get("Total Cost", 0.0)) - sum(float(c.get("Total Cost", 0.0)) for c in node.get("Plans", []))
