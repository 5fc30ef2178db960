"""Functions come from an allow-list of pure ones (``allowlist.py``), by PostgreSQL's own name, unqualified or
qualified with ``pg_catalog`` only: no sleeping, file or large-object access, dblink, configuration, advisory
locks, sequences, or functions that run SQL given as a string. The SQL-standard value functions are limited to
the clock."""

from __future__ import annotations

from ...errors import error
from ..allowlist import BUILTIN_SCHEMA, FUNCTIONS, VALUE_FUNCTIONS
from ..context import GuardContext, Statement
from ..tree import names


def allowed_functions(statement: Statement, ctx: GuardContext) -> None:
    for node in statement.tree.all("FuncCall"):
        qualified = names(node.get("funcname"))
        name = qualified[-1]
        if len(qualified) > 1 and qualified[:-1] != [BUILTIN_SCHEMA]:
            raise error("function_not_allowed", f"Function {'.'.join(qualified)}() is not allowed: functions may "
                                                "only be PostgreSQL's built-in ones (unqualified, or pg_catalog.).")
        if name not in FUNCTIONS:
            raise error("function_not_allowed", f"Function {name}() is not on the allow-list of pure functions "
                                                "a report may call.")
    for node in statement.tree.all("SQLValueFunction"):
        if node.get("op") not in VALUE_FUNCTIONS:
            shown = str(node.get("op", "")).removeprefix("SVFOP_").lower()
            raise error("function_not_allowed", f"{shown} is not allowed in a report; only the date and time "
                                                "value functions (current_date, now(), ...) are.")
