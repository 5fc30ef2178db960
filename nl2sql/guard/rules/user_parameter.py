"""``$1`` means the asking user's id (the document's convention) and is bound by the executor. Any other
parameter or placeholder has nothing to bind to, so it is refused rather than left to fail later."""

from __future__ import annotations

from sqlglot import exp

from ...errors import error
from ..context import GuardContext


def user_parameter(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    for node in ctx.index(expression).find_all(exp.Parameter, exp.Placeholder):
        if isinstance(node, exp.Parameter) and node.this.name == "1" and isinstance(node.this, exp.Literal):
            continue
        raise error("unknown_parameter", f"Parameter {node.sql(dialect='postgres')} has no value: the only "
                                         "parameter is $1, the asking user's id.")
    return expression
