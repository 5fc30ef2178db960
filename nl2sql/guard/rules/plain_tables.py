"""Table references carry nothing but a name and an alias.

Sampling, time travel, index hints, pivots and the like change which rows a reference reads; the tenant
rewrite could not keep their meaning, so they are refused instead of silently dropped.
"""

from __future__ import annotations

from sqlglot import exp

from ...errors import error
from ..context import GuardContext

# Arguments the tenant rewrite carries over (joins/laterals appear on a parenthesised join) or that cannot
# change which rows are read (ONLY: the documented tables have no inheritance children).
_KEPT = {"this", "db", "catalog", "alias", "joins", "laterals", "only"}


def plain_tables(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    for ref in ctx.index(expression).relations:
        extra = sorted(key for key, value in ref.node.args.items() if value and key not in _KEPT)
        if extra:
            raise error("syntax_not_allowed", f"Table {ref.name}: {', '.join(e.upper() for e in extra)} is not "
                                              "supported; reference the table by name (and alias) only.")
    if ctx.index(expression).first(exp.TableSample) is not None:
        raise error("syntax_not_allowed", "TABLESAMPLE is not supported.")
    return expression
