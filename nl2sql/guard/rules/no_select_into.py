"""``SELECT ... INTO`` creates a table: it looks like a query but writes."""

from __future__ import annotations

from sqlglot import exp

from ...errors import error
from ..context import GuardContext


def no_select_into(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    if ctx.index(expression).first(exp.Into) is not None:
        raise error("select_into", "SELECT ... INTO creates a table; remove the INTO clause to read the rows.")
    return expression
