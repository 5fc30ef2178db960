"""Reading plan conditions: which columns a Filter or Index Cond compares, equality first."""

from __future__ import annotations

import re

_COMPARISON = re.compile(r"\(?\b([a-z_][a-z0-9_]*)\s+(=|<>|<=|>=|<|>|~~\*?|= ANY)\s")


def compared_columns(condition: str | None) -> list[str]:
    """Columns a condition compares with a value, equality comparisons first (the order an index wants)."""
    if not condition:
        return []
    found = [(m.group(1), m.group(2)) for m in _COMPARISON.finditer(condition)]
    ordered = [c for c, op in found if op in ("=", "= ANY")] + [c for c, op in found if op not in ("=", "= ANY")]
    unique: list[str] = []
    for column in ordered:
        if column not in unique and column not in ("true", "false", "null"):
            unique.append(column)
    return unique


def create_index(table: str, columns: list[str]) -> str:
    return f"CREATE INDEX ON public.{table} ({', '.join(columns)});"
