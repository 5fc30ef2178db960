"""Operators resolve like functions: a user-defined one could call anything. The executor pins ``search_path``
to ``pg_catalog``, so an unqualified operator is a built-in; a qualified one must name ``pg_catalog``."""

from __future__ import annotations

from ...errors import error
from ..allowlist import BUILTIN_SCHEMA
from ..context import GuardContext, Statement
from ..tree import names

# Where the raw parse tree names an operator: an expression, a quantified subquery comparison, ORDER BY USING.
_OPERATOR_FIELDS = {"A_Expr": "name", "SubLink": "operName", "SortBy": "useOp"}


def allowed_operators(statement: Statement, ctx: GuardContext) -> None:
    for node in statement.tree.all(*_OPERATOR_FIELDS):
        qualified = names(node.get(_OPERATOR_FIELDS[node.kind]))
        if len(qualified) > 1 and qualified[:-1] != [BUILTIN_SCHEMA]:
            raise error("operator_not_allowed", f"OPERATOR({'.'.join(qualified)}) is not allowed: only "
                                                "PostgreSQL's built-in operators may be used.")
