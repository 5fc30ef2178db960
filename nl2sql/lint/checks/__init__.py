"""Lint checks, in report order. Each is a pure function ``Catalog -> list[Finding]``; adding a check is
adding one module and one line here."""

from __future__ import annotations

from collections.abc import Callable

from ...catalog import Catalog
from ..finding import Finding
from .aliases import aliases
from .examples import examples
from .foreign_keys import foreign_keys
from .indexes import indexes
from .relationships import relationships
from .sql_blocks import sql_blocks
from .where_patterns import where_patterns

Check = Callable[[Catalog], list[Finding]]

CHECKS: tuple[Check, ...] = (sql_blocks, indexes, aliases, relationships, examples, where_patterns, foreign_keys)

__all__ = ["CHECKS", "Check"]
