"""A table owned through a parent chain (``projects`` through its conversation, ``project_steps`` through its
project) is filtered by following the chain: every link (the child's key column, each parent's own link, and the
root's owner column) should start an index, or each query reads every user's rows of that table. The same chain
is what the row-level security policies (``nl2sql rls``) follow, a second time."""

from __future__ import annotations

from ...findings import Finding
from ..context import ExplainContext
from ..plan import PlanNode
from .conditions import create_index


def policy_chain_unindexed(node: PlanNode, ctx: ExplainContext) -> list[Finding]:
    if not node.relation or node.relation not in ctx.policy.tables:
        return []
    rule = ctx.policy.tables[node.relation]
    if rule.parent is None:
        return []  # owned by its own column: tenant_filter_unindexed covers it
    findings = []
    table: str | None = node.relation
    while table is not None:
        link = ctx.owner_column(table)
        if link is not None and not ctx.has_index_on(table, link):
            findings.append(Finding.at_node("warning", "policy_chain_unindexed", f"{node.relation} is owned through "
                                        f"{_chain(node.relation, ctx)}; {table}.{link} has no index starting with "
                                        "it, so following the chain reads every user's rows.", node.label,
                                        create_index(table, [link])))
        table = ctx.policy.tables[table].parent
    return findings


def _chain(table: str, ctx: ExplainContext) -> str:
    steps = [table]
    parent = ctx.policy.tables[table].parent
    while parent is not None:
        steps.append(parent)
        parent = ctx.policy.tables[parent].parent
    return " -> ".join(steps)
