"""Every result is bounded. A missing LIMIT is added; a larger one (or LIMIT ALL, or an expression) is lowered.

The enforced LIMIT is ``max_rows + 1``: the executor returns at most ``max_rows`` rows and uses the extra one to
report, truthfully, whether the answer was cut.
"""

from __future__ import annotations

from sqlglot import exp

from ..context import GuardContext


def row_limit(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    cap = ctx.max_rows + 1
    current = expression.args.get("limit")
    if isinstance(current, exp.Fetch):
        count = current.args.get("count")
        if current.args.get("limit_options") and current.args["limit_options"].args.get("with_ties"):
            return _wrap(expression, cap)  # WITH TIES may return more rows than asked for
        current = exp.Limit(expression=count) if count is not None else None
    if current is None:
        expression.set("limit", exp.Limit(expression=exp.Literal.number(cap)))
        return expression
    value = current.expression
    if isinstance(value, exp.Literal) and value.is_int:
        expression.set("limit", exp.Limit(expression=exp.Literal.number(min(int(value.name), cap))))
    else:
        # LIMIT ALL / NULL / an expression: LEAST ignores NULL, so this is the smaller of theirs and ours.
        limit_value = None if isinstance(value, exp.Var) else value
        bounded = exp.Least(this=limit_value, expressions=[exp.Literal.number(cap)]) if limit_value else \
            exp.Literal.number(cap)
        expression.set("limit", exp.Limit(expression=bounded))
    return expression


def _wrap(expression: exp.Expression, cap: int) -> exp.Expression:
    return exp.select("*").from_(exp.Subquery(this=expression, alias=exp.TableAlias(this=exp.to_identifier(
        "limited")))).limit(cap)
