"""Functions come from an allow-list of pure ones (see ``allowlist.py``): no sleeping, file or large-object
access, dblink, configuration, advisory locks, sequences, or functions that run SQL given as a string."""

from __future__ import annotations

from sqlglot import exp

from ...errors import error
from ..allowlist import function_allowed, function_name
from ..context import GuardContext


def allowed_functions(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    for node in ctx.index(expression).find_all(exp.Func):
        assert isinstance(node, exp.Func)
        if not function_allowed(node):
            raise error("function_not_allowed", f"Function {function_name(node)}() is not on the allow-list of "
                                                "pure functions a report may call.")
    return expression
