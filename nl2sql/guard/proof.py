"""The proof, on the text that will run, read by PostgreSQL's own parser.

The final text is parsed afresh (pglast) and must be:

1. exactly one query statement;
2. the user's statement as PostgreSQL read it, node for node, except that every stored table of the user's
   statement is, in the final one, exactly its policy's scoped select (node for node as the policy wrote it),
   or in an unscoped report the same documented table qualified with its schema;
3. limited by a constant no larger than the cap (outermost LIMIT, or the wrapper's).

Since the two statements are otherwise identical, every other table reference of the final text stands where
the user's text has a CTE reference, in the same WITH scopes, so PostgreSQL resolves it to the same CTE; the
checks ran on the user's statement, so they hold on the final one. Any other difference means a rewrite
changed the query: ``meaning_changed``, and nothing runs.

Comparisons are made on PostgreSQL's JSON with source positions removed, so equal subtrees compare equal as
plain values (at C speed); only the paths to the rewritten tables are walked in Python.
"""

from __future__ import annotations

from typing import Any

from ..errors import Nl2SqlError, error
from ..policy import TenancyPolicy
from .context import GuardContext, Statement
from .rewrites.row_limit import WRAP_ALIAS
from .tree import Fields, Node, integer_value, load_json, parse_json, without_positions

Signatures = dict[str, Fields]  # table -> its scoped select as PostgreSQL parses the policy's text, no positions


def scoped_signatures(policy: TenancyPolicy, max_depth: int) -> Signatures:
    """How PostgreSQL reads each table's scoped select: what the proof expects in place of every table."""
    return {name: _statement(load_json(without_positions(parse_json(sql, max_depth)), max_depth))
            for name, sql in policy.scoped_sql.items()}


def prove(final_sql: str, original: Statement, ctx: GuardContext, signatures: Signatures, *, wrapped: bool,
          max_depth: int) -> None:
    try:
        final = _statement(load_json(without_positions(parse_json(final_sql, max_depth)), max_depth))
    except Nl2SqlError as exc:
        raise _failed(f"the guarded SQL does not parse ({exc.message})") from None
    _prove_limit(final, ctx.row_cap)
    guarded = _unwrapped(final) if wrapped else final
    user = _statement(load_json(without_positions(original.tree.json), max_depth))
    for ref in original.tables:
        _prove_table(ref, user, guarded, ctx, signatures)
    for root in (user, guarded):
        root.pop("limitCount", None)
        root.pop("limitOption", None)
    if user != guarded:
        raise _failed("PostgreSQL would read the guarded SQL differently from yours, beyond the intended "
                      "rewrites")


def _statement(document: Fields) -> Fields:
    statements = document.get("stmts") or []
    if len(statements) != 1 or "SelectStmt" not in statements[0].get("stmt", {}):
        raise _failed("the guarded SQL is not exactly one query")
    root: Fields = statements[0]["stmt"]["SelectStmt"]
    return root


def _failed(why: str) -> Nl2SqlError:
    return error("meaning_changed", f"Internal safety check failed: {why}. The query was not run; please report "
                                    "it as a bug.")


def _prove_table(ref: Node, user: Fields, guarded: Fields, ctx: GuardContext, signatures: Signatures) -> None:
    """The table ``ref`` stands, in the guarded statement, where the policy says it must; both sides then hold
    the same marker, so the rest of the trees can be compared as values."""
    user_slot, guarded_slot = _slot(user, ref), _slot(guarded, ref)
    if user_slot is None or guarded_slot is None:
        raise _failed("a table of your query is missing from the guarded SQL")
    (container, key), (other_container, other_key) = user_slot, guarded_slot
    mine, theirs = container[key], other_container[other_key]
    fields = mine.get("RangeVar")
    relname = fields.get("relname", "") if isinstance(fields, dict) else ""
    if ctx.scope == "user":
        replacement = theirs.get("RangeSubselect") if isinstance(theirs, dict) else None
        subquery = (replacement or {}).get("subquery", {}).get("SelectStmt")
        ok = subquery is not None and signatures.get(relname) == subquery
    else:
        replacement = theirs.get("RangeVar") if isinstance(theirs, dict) else None
        table = ctx.catalog.table(relname)
        ok = replacement is not None and table is not None and replacement.get("relname") == relname and \
            replacement.get("schemaname") == table.schema and not replacement.get("catalogname")
    if not ok or replacement is None:
        raise error("unscoped_reference", f"Internal safety check failed: {relname} is not under its tenant "
                                          "filter in the guarded SQL. The query was not run.")
    default = {"aliasname": relname}
    if (fields.get("alias") or default) != (replacement.get("alias") or default):
        raise _failed(f"the alias of {relname} changed")
    marker = {"Table": relname}
    container[key] = marker
    other_container[other_key] = marker


def _slot(root: Fields, ref: Node) -> tuple[Any, Any] | None:
    """Where ``ref``'s wrapper dict sits in another copy of the same tree: (container, key or index)."""
    value: Any = root
    slot: tuple[Any, Any] | None = None
    path = ref.path()
    for position, step in enumerate(path):
        if not isinstance(value, dict) or step.key not in value:
            return None
        container: Any = value
        key: Any = step.key
        value = value[step.key]
        if step.index >= 0:
            if not isinstance(value, list) or step.index >= len(value):
                return None
            container, key = value, step.index
            value = value[step.index]
        slot = (container, key)
        if position == len(path) - 1:
            break  # the table itself: what stands there is for the caller to judge
        if not step.bare:
            if not isinstance(value, dict) or step.kind not in value:
                return None
            value = value[step.kind]
    return slot


def _prove_limit(root: Fields, cap: int) -> None:
    count = (root.get("limitCount") or {}).get("A_Const")
    value = integer_value(count) if count else None
    if value is None or value > cap or root.get("limitOption") != "LIMIT_OPTION_COUNT":
        raise error("unscoped_reference", "Internal safety check failed: the guarded SQL has no row limit. The "
                                          "query was not run.")


def _unwrapped(root: Fields) -> Fields:
    """The user's query inside ``SELECT * FROM (...) AS "limited" LIMIT n``."""
    items = root.get("fromClause") or []
    inner = items[0].get("RangeSubselect", {}) if len(items) == 1 else {}
    if (inner.get("alias") or {}).get("aliasname") != WRAP_ALIAS or "SelectStmt" not in inner.get("subquery", {}):
        raise _failed("the row-limit wrapper is not where it was put")
    statement: Fields = inner["subquery"]["SelectStmt"]
    return statement
