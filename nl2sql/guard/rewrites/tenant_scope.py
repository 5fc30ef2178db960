"""Tenant isolation: every reference to a stored table, at any depth, is replaced by a derived table holding
only the asking user's rows, e.g. ``FROM tasks t`` -> ``FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1
OFFSET 0) t``.

The replacement has the table's name (or the user's alias) and all of its columns, so the query means exactly
what it would mean on a database holding only that user's rows: outer joins, aggregates, ``OR`` in the WHERE
clause, CTEs named like tables (resolved by PostgreSQL's rules, see ``resolve.py``) keep their meaning. The
filter is inside the derived table, below an optimisation fence (``OFFSET 0``), so the caller's predicates
never run on anyone else's rows.

In an unscoped report (scope "all") the reference is only qualified with its schema: the executor pins
``search_path`` to ``pg_catalog``, so every table in the text that runs names its schema.
"""

from __future__ import annotations

from pglast import parser as pg_parser

from ...errors import error
from ..context import GuardContext, Statement
from ..edits import Edit, Tokens, quote_identifier
from ..tree import Node

_DOT = "ASCII_46"


def tenant_scope(statement: Statement, ctx: GuardContext, tokens: Tokens) -> list[Edit]:
    edits = []
    for ref in statement.tables:
        table = ctx.catalog.tables[ref.get("relname")]
        name = _name_tokens(ref, tokens)
        start, end = name[0].start, name[-1].end + 1
        if ctx.scope == "all":
            edits.append(Edit(start, end, f"{table.schema}.{quote_identifier(table.name)}"))
            continue
        assert ctx.policy is not None
        replacement = f"({ctx.policy.scoped_sql[table.name]})"
        keyword = tokens.before(ref.location) if not ref.get("inh", False) or _in_table_statement(ref) else None
        if not ref.get("inh", False):  # ONLY tasks: the derived table has no inheritance children either
            if keyword is None or keyword.name != "ONLY":
                raise _misplaced()
            start = keyword.start
            keyword = tokens.before(_byte_location(statement, keyword.start)) if _in_table_statement(ref) else None
        if keyword is not None and keyword.name == "TABLE":  # TABLE tasks means SELECT * FROM tasks
            start, replacement = keyword.start, "SELECT * FROM " + replacement
        if not ref.get("alias"):
            replacement += f" AS {quote_identifier(table.name)}"
        edits.append(Edit(start, end, replacement))
    return edits


def _in_table_statement(ref: Node) -> bool:
    """``TABLE name``: PostgreSQL reads it as a select list ``*`` with no position of its own."""
    select = ref.parent
    if select is None or select.kind != "SelectStmt" or ref.key != "fromClause":
        return False
    targets = select.get("targetList") or []
    return len(targets) == 1 and targets[0].get("ResTarget", {}).get("location", 0) == -1


def _byte_location(statement: Statement, char_offset: int) -> int:
    return len(statement.tree.text[:char_offset].encode("utf-8"))


def _name_tokens(ref: Node, tokens: Tokens) -> list[pg_parser.Token]:
    """The tokens of ``[catalog.][schema.]name`` as written (quoted, unicode-escaped or plain)."""
    parts = 1 + bool(ref.get("schemaname")) + bool(ref.get("catalogname"))
    found = tokens.at(ref.location, 2 * parts - 1)
    if any(token.name != _DOT for token in found[1::2]):
        raise _misplaced()
    return found


def _misplaced() -> Exception:
    return error("meaning_changed", "A table name is not written where PostgreSQL reported it; nothing ran.")
