"""The guard's checks, in order. Each is a pure function ``(Statement, GuardContext) -> None`` that reads
PostgreSQL's parse of the query and raises a ``GuardError`` when the query is not provably safe. Adding a rule
is adding one module and one line here. The first rules give the most specific reasons (a write, SELECT INTO, a
lock) before the closed list of syntax refuses anything else it does not know."""

from __future__ import annotations

from collections.abc import Callable

from ..context import GuardContext, Statement
from .allowed_functions import allowed_functions
from .allowed_operators import allowed_operators
from .allowed_types import allowed_types
from .known_columns import known_columns
from .known_syntax import known_syntax
from .known_tables import known_tables
from .no_locking import no_locking
from .no_select_into import no_select_into
from .read_only import read_only
from .user_parameter import user_parameter

Rule = Callable[[Statement, GuardContext], None]

RULES: tuple[Rule, ...] = (
    read_only,
    no_select_into,
    no_locking,
    known_syntax,
    known_tables,
    known_columns,
    allowed_functions,
    allowed_operators,
    allowed_types,
    user_parameter,
)

__all__ = ["RULES", "Rule"]
