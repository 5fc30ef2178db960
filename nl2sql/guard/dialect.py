"""One PostgreSQL dialect instance for every parse and render: looking it up per call costs more than a rule."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

POSTGRES = Dialect.get_or_raise("postgres")


def render(expression: exp.Expression) -> str:
    return expression.sql(dialect=POSTGRES, copy=False)
