"""Only a query may run: SELECT, WITH, VALUES, set operations. Anything that writes, defines or controls is
refused, including a data-modifying statement hidden in a CTE."""

from __future__ import annotations

from ...errors import error
from ..context import GuardContext, Statement

_WRITES = ("InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt")


def read_only(statement: Statement, ctx: GuardContext) -> None:
    root = statement.tree.root
    if root.kind != "SelectStmt":
        raise error("not_read_only", f"Only read-only queries may run; this is a {_kind(root.kind)} statement. "
                                     "Start the query with SELECT or WITH.")
    for node in statement.tree.all(*_WRITES):
        where = "inside a WITH clause" if any(a.kind == "CommonTableExpr" for a in node.ancestors()) \
            else "inside the query"
        raise error("not_read_only", f"A {_kind(node.kind)} statement {where} would change the database; only "
                                     "SELECT is allowed.")


def _kind(kind: str) -> str:
    words = kind.removesuffix("Stmt")
    spaced = "".join(f" {c}" if c.isupper() and i else c for i, c in enumerate(words)).upper().strip()
    return spaced or kind.upper()
