"""One PostgreSQL dialect instance for every parse and render: looking it up per call costs more than a rule."""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from ..errors import error

POSTGRES = Dialect.get_or_raise("postgres")

_PLACEHOLDER_PREFIX = "__nl2sql_scoped__"
_PLACEHOLDER = re.compile(r'"__nl2sql_scoped__([^"]+)"')


def scoped_placeholder(table: str) -> str:
    """The table name ``tenant_scope`` puts where ``render`` will splice the table's scoped select."""
    return _PLACEHOLDER_PREFIX + table


def render(expression: exp.Expression, scoped_sql: Mapping[str, str] | None = None) -> str:
    """The SQL of ``expression``; with ``scoped_sql``, every placeholder table becomes its scoped select.

    Each placeholder the text holds must be one the tree holds as a table: a look-alike a query smuggled in
    (a string, an alias) is refused rather than spliced."""
    sql = expression.sql(dialect=POSTGRES, copy=False)
    if scoped_sql is None or _PLACEHOLDER_PREFIX not in sql:
        return sql
    in_tree = sum(1 for table in expression.find_all(exp.Table) if table.name.startswith(_PLACEHOLDER_PREFIX))
    spliced, in_text = _PLACEHOLDER.subn(lambda match: f"({scoped_sql[match.group(1)]})", sql)
    if in_text != in_tree:
        raise error("reserved_name", f"The query uses the reserved name prefix {_PLACEHOLDER_PREFIX!r}; rename "
                                     "that string, alias or identifier.")
    return spliced
