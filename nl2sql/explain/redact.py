"""What an ordinary user may see of a plan: its shape, never a number.

A plan's numbers come from every user's rows: estimates and costs from table-wide statistics, ``Rows Removed by
Filter`` is exactly the other users' row count, and even "actual rows" of a scan under a parent-chain policy can
count every user's rows before the semi-join drops them. So a user sees node types, relations, indexes, join
methods and conditions (their own SQL), and findings worded without numbers; an admin sees the full plan.
"""

from __future__ import annotations

from typing import Any

from ..findings import Finding

#: Plan keys without numbers derived from data.
SHAPE_KEYS = frozenset({"Node Type", "Parent Relationship", "Relation Name", "Schema", "Alias", "Index Name",
                        "Join Type", "Strategy", "Partial Mode", "Scan Direction", "Filter", "Index Cond",
                        "Recheck Cond", "Hash Cond", "Merge Cond", "Join Filter", "Sort Key", "Group Key",
                        "Subplan Name", "Command", "Parallel Aware", "Async Capable", "Inner Unique",
                        "CTE Name", "Function Name", "Sort Method", "Presorted Key"})

_MESSAGES = {
    "seq_scan_selective": "Sequential scan of {relation} keeps few of its rows; an index on the filtered columns "
                          "would read only those.",
    "tenant_filter_unindexed": "The tenant filter on {relation} has no index starting with its owner column, so "
                               "each query reads every user's rows.",
    "policy_chain_unindexed": "{relation} is owned through a chain of parent tables, and a link of it has no "
                              "index, so following the chain reads every user's rows.",
    "spill_to_disk": "A sort or hash spilled to disk: raise work_mem or sort fewer rows.",
    "nested_loop_large": "A nested loop over large inputs; a join condition an index or a hash join can use would "
                         "avoid it.",
    "row_misestimate": "The planner's row estimate is far from the actual rows; run ANALYZE on {relation}.",
}


def shape_only(explained: dict[str, Any]) -> dict[str, Any]:
    """The EXPLAIN document with only the plan's shape (no costs, estimates, counts, timings or buffers)."""
    return {"Plan": _node(explained["Plan"])}


def _node(node: dict[str, Any]) -> dict[str, Any]:
    out = {key: value for key, value in node.items() if key in SHAPE_KEYS}
    if node.get("Plans"):
        out["Plans"] = [_node(child) for child in node["Plans"]]
    return out


#: Findings whose own message names only tables and columns (from the policy and the catalog, never from data).
_NUMBER_FREE = frozenset({"policy_chain_unindexed"})


def without_numbers(finding: Finding, relation: str | None) -> Finding:
    if finding.code in _NUMBER_FREE:
        return finding
    template = _MESSAGES.get(finding.code, "A plan finding (details are shown to admins).")
    return Finding(finding.severity, finding.code, template.format(relation=relation or "a table"),
                   node=finding.node, suggestion=finding.suggestion)
