"""PostgreSQL's identifier rule, shared by the catalog parser and the guard."""

from __future__ import annotations

from sqlglot import exp


def identifier_name(node: exp.Expression | str | None) -> str:
    """Unquoted identifiers fold to lower case, quoted ones keep their case."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.lower()
    if isinstance(node, exp.Identifier):
        return str(node.this) if node.quoted else str(node.this).lower()
    return node.name.lower()
