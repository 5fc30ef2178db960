"""The user's own values for every category attribute (statuses, methods, models, agents, channels ...), read
in one query through the guard, so nobody learns another user's values. Built with sqlglot's builder."""

from __future__ import annotations

from sqlglot import exp

from .build import alias_for
from .lexicon import Lexicon

#: Values longer than this are not words anyone types; they are not offered as filters.
MAX_VALUE_LENGTH = 60


def values_query(lexicon: Lexicon) -> str | None:
    """``SELECT attribute, value`` over every category attribute, or None when there is none."""
    branches: list[exp.Select] = []
    for attribute in lexicon.value_attributes():
        alias = alias_for(attribute.table)
        column: exp.Expr = exp.column(attribute.column, table=alias)
        if attribute.json_key is not None:
            column = exp.JSONExtractScalar(this=column, expression=exp.JSONPath(
                expressions=[exp.JSONPathRoot(), exp.JSONPathKey(this=attribute.json_key)]), only_json_types=True)
        value = exp.cast(column, "TEXT")
        branches.append(exp.select(exp.alias_(exp.Literal.string(attribute.key), "attribute"),
                                   exp.alias_(value, "value"))
                        .from_(exp.to_table(attribute.table).as_(alias))
                        .where(exp.Not(this=exp.Is(this=column.copy(), expression=exp.Null())))
                        .group_by(value.copy()))
    if not branches:
        return None
    query: exp.Expr = branches[0]
    for branch in branches[1:]:
        query = exp.union(query, branch, distinct=False)
    return query.sql(dialect="postgres")


def parse_values(rows: list[tuple[object, ...]]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for attribute, value in rows:
        if isinstance(value, str) and 0 < len(value) <= MAX_VALUE_LENGTH:
            found.setdefault(str(attribute), set()).add(value)
    return {k: frozenset(v) for k, v in found.items()}
