"""What the plan checks may read besides the plan: table sizes, existing indexes, the tenancy policy."""

from __future__ import annotations

from dataclasses import dataclass

from ..policy import TenancyPolicy


@dataclass(frozen=True)
class ExplainContext:
    policy: TenancyPolicy
    #: table -> estimated rows (pg_class.reltuples)
    table_rows: dict[str, float]
    #: table -> column lists of its existing indexes, in index order
    indexes: dict[str, list[tuple[str, ...]]]
    #: A table with at least this many rows is large enough for a full scan to matter.
    large_table_rows: float = 10_000
    #: A predicate keeping at most this fraction of a table is selective.
    selective_fraction: float = 0.1
    #: Estimated rows off by this factor or more is a misestimate.
    misestimate_factor: float = 10.0
    #: Outer rows x inner rows of a nested loop above this is large.
    nested_loop_rows: float = 1_000_000

    def owner_column(self, table: str) -> str | None:
        rule = self.policy.tables.get(table)
        if rule is None:
            return None
        return rule.owner_column or rule.via

    def has_index_on(self, table: str, column: str) -> bool:
        return any(columns and columns[0] == column for columns in self.indexes.get(table, []))
