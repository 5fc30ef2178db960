"""The guard's rewrites, in order. Each is a pure function ``(Statement, GuardContext, Tokens) -> [Edit]``
describing edits of the user's text; none changes the tree. Adding a rewrite is adding one module and one line."""

from __future__ import annotations

from collections.abc import Callable

from ..context import GuardContext, Statement
from ..edits import Edit, Tokens
from .row_limit import row_limit
from .tenant_scope import tenant_scope

Rewrite = Callable[[Statement, GuardContext, Tokens], list[Edit]]

REWRITES: tuple[Rewrite, ...] = (tenant_scope, row_limit)

__all__ = ["REWRITES", "Rewrite"]
