"""Reading plan conditions (``Filter``, ``Index Cond``: PostgreSQL's own deparsed expressions) with sqlglot:
which columns a condition compares with a value, equality first (the order an index wants)."""

from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

_EQUALITY = (exp.EQ, exp.In)
_ORDERED = (exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Like, exp.ILike)


def compared_columns(condition: str | None) -> list[str]:
    """Columns a condition compares with a value, equality comparisons first."""
    return list(_compared(condition)) if condition else []


@lru_cache(maxsize=1024)
def _compared(condition: str) -> tuple[str, ...]:
    try:
        tree = sqlglot.parse_one(condition, dialect="postgres")
    except SqlglotError:
        return ()
    equal = [c for node in tree.find_all(*_EQUALITY) if (c := _column_against_value(node))]
    other = [c for node in tree.find_all(*_ORDERED) if (c := _column_against_value(node))]
    return tuple(dict.fromkeys(equal + other))


def _column_against_value(node: exp.Expr) -> str | None:
    """The column a comparison tests against something that is not another column of the row."""
    sides = [node.this, node.args.get("expression"), *(node.args.get("expressions") or [])]
    columns = [_bare(side) for side in sides if side is not None and isinstance(_bare(side), exp.Column)]
    values = [side for side in sides if side is not None and not isinstance(_bare(side), exp.Column)]
    if len(columns) == 1 and values:
        column = columns[0]
        assert isinstance(column, exp.Column)
        return column.name
    return None


def _bare(node: exp.Expression) -> exp.Expression:
    while isinstance(node, (exp.Paren, exp.Cast)):
        node = node.this
    return node


def create_index(table: str, columns: list[str]) -> str:
    return f"CREATE INDEX ON public.{table} ({', '.join(columns)});"
