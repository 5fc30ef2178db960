"""``SELECT ... INTO`` creates a table: it looks like a query but writes."""

from __future__ import annotations

from ...errors import error
from ..context import GuardContext, Statement


def no_select_into(statement: Statement, ctx: GuardContext) -> None:
    if statement.tree.first("IntoClause") is not None:
        raise error("select_into", "SELECT ... INTO creates a table; remove the INTO clause to read the rows.")
