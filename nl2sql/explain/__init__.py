"""Plan audit: EXPLAIN the guarded SQL, render the plan as a tree, and report findings with concrete index
suggestions checked against the indexes that already exist.

    report = audit(client, "SELECT ...", user_id=uid, analyze=True)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from ..client import Client
from ..findings import Finding
from ..guard.context import Scope
from .checks import CHECKS
from .context import ExplainContext
from .plan import PlanNode, parse_plan, render_tree
from .redact import shape_only, without_numbers


@dataclass(frozen=True)
class ExplainReport:
    sql: str
    params: list[str]
    plan: dict[str, Any]
    root: PlanNode
    findings: list[Finding]
    analyzed: bool
    #: True for an ordinary user: the plan's shape only, no number that could come from other users' rows
    #: (see ``redact.py``); admins see the full plan.
    shape_only: bool = False

    @property
    def total_cost(self) -> float | None:
        return None if self.shape_only else self.root.total_cost

    def to_dict(self) -> dict[str, Any]:
        return {"sql": self.sql, "params": self.params, "plan": self.plan,
                "findings": [f.to_dict() for f in self.findings], "total_cost": self.total_cost,
                "shape_only": self.shape_only}

    def text(self) -> str:
        lines = [render_tree(self.root, numbers=not self.shape_only), ""]
        if "Execution Time" in self.plan:
            lines.append(f"Planning {self.plan.get('Planning Time', 0):.3f} ms, execution "
                         f"{self.plan['Execution Time']:.3f} ms")
        if self.total_cost is not None:
            lines.append(f"Estimated total cost: {self.total_cost:,.2f}")
        else:
            lines.append("Plan shape only: costs, estimates and row counts come from every user's rows and are "
                         "shown to admins.")
        if not self.findings:
            lines.append("No findings.")
        for finding in self.findings:
            lines.append(f"{finding.severity}: {finding.message} [{finding.code}] ({finding.node})")
            if finding.suggestion:
                lines.append(f"    suggestion: {finding.suggestion}")
        return "\n".join(lines)


def audit(client: Client, sql: str, *, user_id: str | uuid.UUID, analyze: bool = False,
          scope: Scope = "user") -> ExplainReport:
    """The plan of the guarded SQL and its findings: in full for an admin (or an unscoped report, which only an
    admin may run), its shape only for anyone else."""
    query, explained = client.explain(sql, user_id=user_id, analyze=analyze, scope=scope)
    root = parse_plan(explained)
    stats = client.planner_stats()
    ctx = ExplainContext(client.policy, stats.table_rows, stats.indexes)
    findings = _dedupe([(node, finding) for node in root.walk() for check in CHECKS
                        for finding in check(node, ctx)])
    if scope == "all" or client.is_admin(query.user_id):
        return ExplainReport(query.sql, query.params, explained, root, [f for _, f in findings], analyze)
    shape = shape_only(explained)
    return ExplainReport(query.sql, query.params, shape, parse_plan(shape),
                         [without_numbers(f, node.relation) for node, f in findings], analyze, shape_only=True)


def _dedupe(findings: list[tuple[PlanNode, Finding]]) -> list[tuple[PlanNode, Finding]]:
    seen: set[tuple[str, str | None, str | None]] = set()
    unique = []
    for node, finding in findings:
        key = (finding.code, finding.node if finding.suggestion is None else "", finding.suggestion)
        if key not in seen:
            seen.add(key)
            unique.append((node, finding))
    return unique


__all__ = ["ExplainContext", "ExplainReport", "Finding", "PlanNode", "audit", "parse_plan", "render_tree"]
