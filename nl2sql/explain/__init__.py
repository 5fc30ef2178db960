"""Plan audit: EXPLAIN the guarded SQL, render the plan as a tree, and report findings with concrete index
suggestions checked against the indexes that already exist.

    report = audit(client, "SELECT ...", user_id=uid, analyze=True)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from ..client import Client
from ..guard.context import Scope
from .checks import CHECKS
from .context import ExplainContext
from .finding import PlanFinding
from .plan import PlanNode, parse_plan, render_tree


@dataclass(frozen=True)
class ExplainReport:
    sql: str
    params: list[str]
    plan: dict[str, Any]
    root: PlanNode
    findings: list[PlanFinding]
    analyzed: bool

    @property
    def total_cost(self) -> float:
        return self.root.total_cost

    def to_dict(self) -> dict[str, Any]:
        return {"sql": self.sql, "params": self.params, "plan": self.plan,
                "findings": [f.to_dict() for f in self.findings], "total_cost": self.total_cost}

    def text(self) -> str:
        lines = [render_tree(self.root), ""]
        if "Execution Time" in self.plan:
            lines.append(f"Planning {self.plan.get('Planning Time', 0):.3f} ms, execution "
                         f"{self.plan['Execution Time']:.3f} ms")
        lines.append(f"Estimated total cost: {self.total_cost:,.2f}")
        if not self.findings:
            lines.append("No findings.")
        for finding in self.findings:
            lines.append(f"{finding.severity}: {finding.message} [{finding.code}] ({finding.node})")
            if finding.suggestion:
                lines.append(f"    suggestion: {finding.suggestion}")
        return "\n".join(lines)


def audit(client: Client, sql: str, *, user_id: str | uuid.UUID, analyze: bool = False,
          scope: Scope = "user") -> ExplainReport:
    query, explained = client.explain(sql, user_id=user_id, analyze=analyze, scope=scope)
    root = parse_plan(explained)
    stats = client.planner_stats()
    ctx = ExplainContext(client.policy, stats.table_rows, stats.indexes)
    findings = [finding for node in root.walk() for check in CHECKS for finding in check(node, ctx)]
    return ExplainReport(query.sql, query.params, explained, root, _dedupe(findings), analyze)


def _dedupe(findings: list[PlanFinding]) -> list[PlanFinding]:
    seen: set[tuple[str, str, str | None]] = set()
    unique = []
    for finding in findings:
        key = (finding.code, finding.node if finding.suggestion is None else "", finding.suggestion)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


__all__ = ["ExplainContext", "ExplainReport", "PlanFinding", "PlanNode", "audit", "parse_plan", "render_tree"]
