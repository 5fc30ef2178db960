"""``FOR UPDATE`` / ``FOR SHARE`` take row locks that block other sessions' writes."""

from __future__ import annotations

from ...errors import error
from ..context import GuardContext, Statement


def no_locking(statement: Statement, ctx: GuardContext) -> None:
    if statement.tree.first("LockingClause") is not None:
        raise error("locking_clause", "FOR UPDATE / FOR SHARE lock rows; a report never needs them. Remove the "
                                      "locking clause.")
