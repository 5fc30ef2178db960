"""PostgreSQL's identifier rule, for the catalog parser (the guard reads names already folded by PostgreSQL's
own scanner).

An unquoted identifier folds to lower case *in ASCII only* (PostgreSQL leaves every other letter alone in a
multi-byte encoding: the Kelvin sign stays a Kelvin sign, where Python's ``str.lower`` would make it ``k``), and
every identifier is truncated to 63 bytes (NAMEDATALEN - 1)."""

from __future__ import annotations

from sqlglot import exp

_ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
MAX_IDENTIFIER_BYTES = 63


def fold(name: str) -> str:
    """An unquoted identifier as PostgreSQL folds it."""
    return truncate(name.translate(_ASCII_UPPER))


def truncate(name: str) -> str:
    data = name.encode("utf-8")
    if len(data) <= MAX_IDENTIFIER_BYTES:
        return name
    return data[:MAX_IDENTIFIER_BYTES].decode("utf-8", errors="ignore")


def identifier_name(node: exp.Expression | str | None) -> str:
    """Unquoted identifiers fold to lower case (ASCII only), quoted ones keep their case."""
    if node is None:
        return ""
    if isinstance(node, str):
        return fold(node)
    if isinstance(node, exp.Identifier):
        return truncate(str(node.this)) if node.quoted else fold(str(node.this))
    return fold(node.name)
