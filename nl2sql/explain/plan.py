"""PostgreSQL's EXPLAIN (FORMAT JSON) as a tree of typed nodes, and its text rendering."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PlanNode:
    id: int
    node_type: str
    relation: str | None
    alias: str | None
    index_name: str | None
    total_cost: float
    plan_rows: float
    actual_rows: float | None  # per loop, as PostgreSQL reports it
    actual_loops: float | None
    actual_time_ms: float | None
    filter: str | None
    index_cond: str | None
    raw: dict[str, Any]
    children: list[PlanNode] = field(default_factory=list)

    @property
    def label(self) -> str:
        on = f" on {self.relation}" if self.relation else ""
        using = f" using {self.index_name}" if self.index_name else ""
        return f"{self.node_type}{using}{on} (node {self.id})"

    def walk(self) -> Iterator[PlanNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def actual_total_rows(self) -> float | None:
        if self.actual_rows is None:
            return None
        return self.actual_rows * (self.actual_loops or 1)


def parse_plan(explained: dict[str, Any]) -> PlanNode:
    counter = iter(range(1, 1_000_000))

    def build(node: dict[str, Any]) -> PlanNode:
        built = PlanNode(
            id=next(counter), node_type=str(node.get("Node Type", "?")), relation=node.get("Relation Name"),
            alias=node.get("Alias"), index_name=node.get("Index Name"), total_cost=float(node.get("Total Cost", 0)),
            plan_rows=float(node.get("Plan Rows", 0)), actual_rows=_float(node.get("Actual Rows")),
            actual_loops=_float(node.get("Actual Loops")), actual_time_ms=_float(node.get("Actual Total Time")),
            filter=node.get("Filter"), index_cond=node.get("Index Cond") or node.get("Recheck Cond"), raw=node)
        built.children = [build(child) for child in node.get("Plans", [])]
        return built

    return build(explained["Plan"])


def render_tree(root: PlanNode, *, numbers: bool = True) -> str:
    lines: list[str] = []

    def visit(node: PlanNode, prefix: str, last: bool, top: bool) -> None:
        branch = "" if top else ("└─ " if last else "├─ ")
        detail = f"cost={node.total_cost:,.2f} rows={node.plan_rows:,.0f}"
        if node.actual_rows is not None:
            detail += f" actual rows={node.actual_total_rows:,.0f}"
            if node.actual_time_ms is not None:
                detail += f" time={node.actual_time_ms:,.3f} ms"
        lines.append(f"{prefix}{branch}{node.label}" + (f"  [{detail}]" if numbers else ""))
        condition = node.index_cond or node.filter
        child_prefix = prefix + ("" if top else ("   " if last else "│  "))
        if condition:
            lines.append(f"{child_prefix}   {'cond' if node.index_cond else 'filter'}: {condition}")
        for index, child in enumerate(node.children):
            visit(child, child_prefix, index == len(node.children) - 1, False)

    visit(root, "", True, True)
    return "\n".join(lines)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
