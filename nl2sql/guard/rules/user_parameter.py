"""``$1`` means the asking user's id (the document's convention) and is bound by the executor. Any other
parameter has nothing to bind to, so it is refused rather than left to fail later."""

from __future__ import annotations

from ...errors import error
from ..context import GuardContext, Statement


def user_parameter(statement: Statement, ctx: GuardContext) -> None:
    for node in statement.tree.all("ParamRef"):
        number = node.get("number", 0)
        if number != 1:
            shown = f"${number}" if number else "?"
            raise error("unknown_parameter", f"Parameter {shown} has no value: the only parameter is $1, the asking "
                                             "user's id.")
