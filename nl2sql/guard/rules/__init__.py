"""The guard's rules, in order. Each is a pure function ``(expression, GuardContext) -> expression`` that
returns the (possibly rewritten) expression or raises a ``GuardError``. Adding a rule is adding one module and
one line here. Checks come first, rewrites last, so a rewrite only ever sees a query every check accepted."""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from ..context import GuardContext
from .allowed_functions import allowed_functions
from .allowed_types import allowed_types
from .known_columns import known_columns
from .known_tables import known_tables
from .no_locking import no_locking
from .no_select_into import no_select_into
from .plain_tables import plain_tables
from .read_only import read_only
from .row_limit import row_limit
from .tenant_scope import tenant_scope
from .user_parameter import user_parameter

Rule = Callable[[exp.Expression, GuardContext], exp.Expression]

RULES: tuple[Rule, ...] = (
    read_only,
    no_select_into,
    no_locking,
    plain_tables,
    known_tables,
    known_columns,
    allowed_functions,
    allowed_types,
    user_parameter,
    tenant_scope,
    row_limit,
)

#: The rules that must hold again on the final SQL, re-parsed, before it may run.
CHECKS_ON_OUTPUT: tuple[Rule, ...] = (read_only, no_select_into, no_locking, allowed_functions, allowed_types,
                                      user_parameter)

#: The checks that read nothing but the catalog: what ``nl2sql lint`` holds a document's example queries to.
CATALOG_CHECKS: tuple[Rule, ...] = (read_only, no_select_into, no_locking, plain_tables, known_columns,
                                    allowed_functions, allowed_types)

__all__ = ["CATALOG_CHECKS", "CHECKS_ON_OUTPUT", "RULES", "Rule"]
