"""Plan checks, in report order. Each is a pure function ``(node, ExplainContext) -> list[Finding]``
applied to every node; adding a check is adding one module and one line here."""

from __future__ import annotations

from collections.abc import Callable

from ...findings import Finding
from ..context import ExplainContext
from ..plan import PlanNode
from .misestimate import row_misestimate
from .nested_loop import nested_loop_large
from .policy_chain import policy_chain_unindexed
from .seq_scan import seq_scan_selective
from .spill import spill_to_disk
from .tenant_filter import tenant_filter_unindexed

Check = Callable[[PlanNode, ExplainContext], list[Finding]]

CHECKS: tuple[Check, ...] = (seq_scan_selective, tenant_filter_unindexed, policy_chain_unindexed, spill_to_disk,
                             nested_loop_large, row_misestimate)

__all__ = ["CHECKS", "Check"]
