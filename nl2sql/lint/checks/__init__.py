"""Lint checks, in report order. Each is a pure function ``Catalog -> list[Finding]``: the catalog's own rules
(``catalog/rules/``) and the example-query check, which holds examples to the guard. Adding a check is adding one
module and one line here."""

from __future__ import annotations

from collections.abc import Callable

from ...catalog import Catalog
from ...catalog.rules import aliases, foreign_keys, indexes, relationships, sql_blocks, where_patterns
from ...findings import Finding
from .examples import examples

Check = Callable[[Catalog], list[Finding]]

CHECKS: tuple[Check, ...] = (sql_blocks, indexes, aliases, relationships, examples, where_patterns, foreign_keys)

__all__ = ["CHECKS", "Check"]
