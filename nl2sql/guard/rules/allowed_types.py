"""Casts and type names only to ordinary value types (``allowlist.TYPES``). ``'pg_authid'::regclass`` and friends
read the system catalogs; a type from another schema could run its input function."""

from __future__ import annotations

from ...errors import error
from ..allowlist import BUILTIN_SCHEMA, TYPES
from ..context import GuardContext, Statement
from ..tree import names


def allowed_types(statement: Statement, ctx: GuardContext) -> None:
    for node in statement.tree.all("TypeName"):
        qualified = names(node.get("names"))
        shown = ".".join(qualified)
        if node.get("pct_type") or node.get("setof") or not qualified:
            raise error("type_not_allowed", f"Type {shown} is not allowed in a query.")
        if (len(qualified) > 1 and qualified[:-1] != [BUILTIN_SCHEMA]) or qualified[-1] not in TYPES:
            raise error("type_not_allowed", f"Type {shown.removeprefix('pg_catalog.')} is not allowed in a query; "
                                            "use ordinary value types (numbers, text, dates, json, uuid).")
