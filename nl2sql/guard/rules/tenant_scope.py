"""Tenant isolation: every reference to a table, at any depth, is replaced by a derived table holding only
the asking user's rows, e.g. ``FROM tasks t`` -> ``FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1
OFFSET 0) AS t``.

Because the replacement has the same name, alias and columns as the table, the query means exactly what it
would mean on a database holding only that user's rows: outer joins, aggregates, ``OR`` in the WHERE clause,
CTEs named like tables (resolved as PostgreSQL does, see ``names.py``) all keep their meaning. The filter is
not something the query can widen: it is inside the derived table, below an optimisation fence.

The rule puts a placeholder table in each place (``scoped_placeholder``) and ``dialect.render`` splices the
policy's scoped select text in: building and rendering a subquery tree per reference cost more than the rest
of the guard. What runs is still only what ``verify`` parses afresh and proves.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp

from ..context import GuardContext
from ..dialect import scoped_placeholder

# Arguments of a table node that belong to the surrounding FROM clause (a parenthesised join), not to the table.
_CARRIED = ("joins", "laterals")


def tenant_scope(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    if ctx.scope == "all":
        return expression
    _drop_schema_from_columns(ctx.index(expression).find_all(exp.Column))
    for ref in ctx.index(expression).relations:
        table = ref.node
        # The table node is discarded, so its alias (or name, as the alias) moves over instead of being copied.
        alias = table.args.get("alias") or exp.TableAlias(this=table.this)
        scoped = exp.Table(this=exp.to_identifier(scoped_placeholder(ref.name), quoted=True), alias=alias)
        for key in _CARRIED:
            if table.args.get(key):
                scoped.set(key, table.args[key])
        table.replace(scoped)
    ctx.forget_index()
    return expression


def _drop_schema_from_columns(columns: Iterator[exp.Expression]) -> None:
    # ``public.tasks.id`` names the table; once ``tasks`` is a derived table only ``tasks.id`` resolves.
    for column in columns:
        if column.args.get("db") is not None:
            column.set("db", None)
            column.set("catalog", None)
