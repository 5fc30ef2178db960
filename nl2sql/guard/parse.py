"""Exactly one statement, parsed as PostgreSQL."""

from __future__ import annotations

from typing import cast

from sqlglot import exp
from sqlglot.errors import SqlglotError

from ..errors import error
from .dialect import POSTGRES


def parse_single(sql: str) -> exp.Expression:
    if not sql or not sql.strip():
        raise error("empty_statement", "The SQL is empty.")
    try:
        statements = [s for s in POSTGRES.parse(sql) if s is not None]
    except SqlglotError as exc:
        raise error("syntax_error", f"The SQL does not parse as PostgreSQL: {_first_line(exc)}") from exc
    if not statements:
        raise error("empty_statement", "The SQL holds no statement (only comments or semicolons).")
    if len(statements) > 1:
        raise error("multiple_statements", f"Exactly one statement may run; found {len(statements)}. Remove "
                                           "everything after the first semicolon.")
    return cast(exp.Expression, statements[0])


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
