"""Only a query may run: SELECT, WITH, set operations. Anything that writes, defines or controls is refused,
including a data-modifying statement hidden in a CTE."""

from __future__ import annotations

from sqlglot import exp

from ...errors import error
from ..context import GuardContext

_STATEMENTS = (exp.DML, exp.DDL, exp.Command, exp.Transaction, exp.Commit, exp.Rollback, exp.Set, exp.Copy,
               exp.Grant, exp.Revoke, exp.Describe, exp.Analyze, exp.TruncateTable, exp.Use, exp.Kill, exp.Cache,
               exp.Uncache, exp.Refresh, exp.Pragma, exp.Declare, exp.Comment, exp.Execute, exp.Show, exp.Drop,
               exp.Alter)


def read_only(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    if not isinstance(expression, (exp.Select, exp.SetOperation, exp.Subquery)):
        raise error("not_read_only", f"Only read-only queries may run; this is a {_kind(expression)} statement. "
                                     "Start the query with SELECT or WITH.")
    for node in ctx.index(expression).find_all(*_STATEMENTS):
        where = "inside a WITH clause" if node.find_ancestor(exp.CTE) else "inside the query"
        raise error("not_read_only", f"A {_kind(node)} statement {where} would change the database; only "
                                     "SELECT is allowed.")
    return expression


def _kind(node: exp.Expression) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    return node.key.upper()
