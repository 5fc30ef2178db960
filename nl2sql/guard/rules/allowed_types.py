"""Casts only to ordinary value types. ``'pg_authid'::regclass`` and friends read the system catalogs."""

from __future__ import annotations

from sqlglot import exp

from ...errors import error
from ..allowlist import CAST_TYPES
from ..context import GuardContext


def allowed_types(expression: exp.Expression, ctx: GuardContext) -> exp.Expression:
    for node in ctx.index(expression).find_all(exp.DataType, exp.ObjectIdentifier):
        # ObjectIdentifier (regclass & co) subclasses DataType in sqlglot: test it first.
        if isinstance(node, exp.ObjectIdentifier) or getattr(node.this, "name", None) not in CAST_TYPES:
            raise error("type_not_allowed", f"Type {node.sql(dialect='postgres')} is not allowed in a query; "
                                            "use ordinary value types (numbers, text, dates, json, uuid).")
    return expression
