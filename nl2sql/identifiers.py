"""PostgreSQL's identifier rule, for the catalog parser (the guard reads names already folded by PostgreSQL's
own scanner), and how generated SQL writes a name or a string so PostgreSQL reads back exactly that.

An unquoted identifier folds to lower case *in ASCII only* (PostgreSQL leaves every other letter alone in a
multi-byte encoding: the Kelvin sign stays a Kelvin sign, where Python's ``str.lower`` would make it ``k``), and
every identifier is truncated to 63 bytes (NAMEDATALEN - 1)."""

from __future__ import annotations

import re

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


def quote(name: str) -> str:
    """``name`` as a quoted identifier: exactly that name, whatever it holds."""
    return '"' + name.replace('"', '""') + '"'


def string_literal(value: str) -> str:
    """``value`` as a string constant PostgreSQL reads back unchanged whatever ``standard_conforming_strings``
    says: a backslash makes it an escape string (``E'...'``), where both settings agree."""
    quoted = value.replace("'", "''")
    if "\\" in value:
        return "E'" + quoted.replace("\\", "\\\\") + "'"
    return "'" + quoted + "'"


def plain_or_quoted(name: str) -> str:
    """``name`` unquoted when PostgreSQL reads it back unchanged (lower-case ASCII, not a keyword we meet), else
    quoted: how schema names are written in generated SQL (``public.``)."""
    return name if _PLAIN.fullmatch(name) and name not in _RESERVED else quote(name)


_PLAIN = re.compile(r"[a-z_][a-z0-9_]*")
_RESERVED = frozenset({"all", "and", "any", "as", "from", "select", "table", "user", "where", "order", "group"})
