"""Every result is bounded. The enforced LIMIT is ``max_rows + 1``: the executor returns at most ``max_rows``
rows and uses the extra one to report, truthfully, whether the answer was cut.

A query without a LIMIT gets one appended; a constant LIMIT above the cap (or ``LIMIT ALL``) has its value
replaced; anything else (an expression, ``WITH TIES``) is wrapped: ``SELECT * FROM (<query>) AS "limited"
LIMIT n``, which keeps the query's own order and limit inside.
"""

from __future__ import annotations

from ..context import GuardContext, Statement
from ..edits import Edit, Tokens, statement_span
from ..tree import integer_value

WRAP_ALIAS = "limited"


def row_limit(statement: Statement, ctx: GuardContext, tokens: Tokens) -> list[Edit]:
    root = statement.tree.root
    cap = ctx.row_cap
    start, end = statement_span(statement.tree)
    count = root.get("limitCount")
    if root.get("limitOption") == "LIMIT_OPTION_WITH_TIES":
        return wrap(start, end, cap)
    if count is None:
        return [Edit(end, end, f"\nLIMIT {cap}")]
    const = count.get("A_Const")
    if const is None:
        return wrap(start, end, cap)
    value = integer_value(const)
    if value is not None and value <= cap:
        return []
    location = int(const.get("location", -1))
    if location < 0 or not (const.get("isnull") or value is not None or "fval" in const):
        return wrap(start, end, cap)
    token = tokens.at(location)[0]
    if token.name not in ("ICONST", "FCONST", "ALL", "NULL_P"):
        return wrap(start, end, cap)
    return [Edit(token.start, token.end + 1, str(cap))]


def wrap(start: int, end: int, cap: int) -> list[Edit]:
    return [Edit(start, start, "SELECT * FROM (\n", wraps=True),
            Edit(end, end, f'\n) AS "{WRAP_ALIAS}" LIMIT {cap}', wraps=True)]
