"""``FOR UPDATE`` / ``FOR SHARE`` take row locks that block other sessions' writes."""

from __future__ import annotations

from sqlglot import exp

from ...errors import error
from ..context import GuardContext


def no_locking(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    if ctx.index(expression).first(exp.Lock) is not None:
        raise error("locking_clause", "FOR UPDATE / FOR SHARE lock rows; a report never needs them. Remove the "
                                      "locking clause.")
    return expression
