"""What ``explain`` audits: SQL as given, or a question (drafted or matched first)."""

from __future__ import annotations

_SQL_STARTS = frozenset("select with values table insert update delete merge drop create alter truncate grant "
                        "revoke copy call do".split())


def looks_like_sql(text: str) -> bool:
    """SQL starts with a statement keyword (or a parenthesis); anything else is a question, drafted first.
    A write statement counts as SQL, so the guard refuses it with its own code."""
    first = text.lstrip().split(None, 1)[0].lower() if text.strip() else ""
    return first.startswith("(") or first in _SQL_STARTS
