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
from ...identifiers import plain_or_quoted, quote
from ..context import GuardContext, Statement
from ..edits import Edit, Tokens
from ..tree import Node

_DOT = "ASCII_46"
_STAR = "ASCII_42"


def tenant_scope(statement: Statement, ctx: GuardContext, tokens: Tokens) -> list[Edit]:
    edits = []
    for ref in statement.tables:
        table = ctx.catalog.tables[ref.get("relname")]
        name = _name_tokens(ref, tokens)
        start, end = name[0].start, name[-1].end + 1
        if ctx.scope == "all":
            edits.append(Edit(start, end, f"{plain_or_quoted(table.schema)}.{quote(table.name)}"))
            continue
        assert ctx.policy is not None
        replacement = f"({ctx.policy.scoped_sql[table.name]})"
        before = tokens.before(ref.location) if not ref.get("inh", False) or _in_table_statement(ref) else None
        if not ref.get("inh", False):  # ONLY tasks, ONLY (tasks): the derived table has no children either
            if before is not None and before.name == "ASCII_40":  # "("
                end = _expect(tokens.after(ref.location, len(name)), "ASCII_41").end + 1
                before = tokens.before(tokens.byte_location(before.start))
            if before is None or before.name != "ONLY":
                raise _misplaced()
            start = before.start
            before = tokens.before(tokens.byte_location(before.start)) if _in_table_statement(ref) else None
        if before is not None and before.name == "TABLE":  # TABLE tasks means SELECT * FROM tasks
            start, replacement = before.start, "SELECT * FROM " + replacement
        if not ref.get("alias"):
            replacement += f" AS {quote(table.name)}"
        edits.append(Edit(start, end, replacement))
    return edits


def _in_table_statement(ref: Node) -> bool:
    """``TABLE name``: PostgreSQL reads it as a select list ``*`` with no position of its own."""
    select = ref.parent
    if select is None or select.kind != "SelectStmt" or ref.key != "fromClause":
        return False
    targets = select.get("targetList") or []
    return len(targets) == 1 and targets[0].get("ResTarget", {}).get("location", 0) == -1


def _name_tokens(ref: Node, tokens: Tokens) -> list[pg_parser.Token]:
    """The tokens of ``[catalog.][schema.]name`` as written (quoted, unicode-escaped or plain), with what
    belongs to the name after it: ``UESCAPE '!'`` of a unicode-escaped part, and ``*`` (an old spelling of
    "with inheritance children", which the derived table does not need)."""
    parts = 1 + bool(ref.get("schemaname")) + bool(ref.get("catalogname"))
    sequence = tokens.at(ref.location, 4 * parts + 1)
    found: list[pg_parser.Token] = []
    position = 0
    for part in range(parts):
        if part:
            found.append(_expect(_get(sequence, position), _DOT))
            position += 1
        found.append(_expect_any(_get(sequence, position)))
        position += 1
        following = _get(sequence, position)
        if following is not None and following.name == "UESCAPE":
            found += [following, _expect(_get(sequence, position + 1), "SCONST")]
            position += 2
    following = _get(sequence, position)
    if following is not None and following.name == _STAR:
        found.append(following)
    return found


def _get(sequence: list[pg_parser.Token], position: int) -> pg_parser.Token | None:
    return sequence[position] if position < len(sequence) else None


def _expect_any(found: pg_parser.Token | None) -> pg_parser.Token:
    if found is None:
        raise _misplaced()
    return found


def _expect(found: pg_parser.Token | None, name: str) -> pg_parser.Token:
    if found is None or found.name != name:
        raise _misplaced()
    return found


def _misplaced() -> Exception:
    return error("meaning_changed", "A table name is not written where PostgreSQL reported it; nothing ran.")
