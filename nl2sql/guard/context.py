"""What every guard rule may read: PostgreSQL's parse of the statement, its name resolution, the catalog, the
policy, the limits, and the scope the query runs in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from ..catalog import Catalog
from ..policy import TenancyPolicy
from .resolve import Resolver
from .tree import Tree

Scope = Literal["user", "all"]


@dataclass(frozen=True)
class GuardContext:
    catalog: Catalog
    #: None when only the catalog is consulted (``nl2sql lint`` holding example queries to the rules).
    policy: TenancyPolicy | None
    #: Rows the caller may see; the LIMIT the guard enforces is one more, so the executor can tell "truncated".
    max_rows: int
    #: "user" limits every table to the asking user's rows; "all" is an unscoped report, which only the client
    #: grants, after reading the admin role from the database.
    scope: Scope = "user"

    @property
    def row_cap(self) -> int:
        return self.max_rows + 1


@dataclass(eq=False)
class Statement:
    """One statement as PostgreSQL reads it, with its names resolved as PostgreSQL resolves them. Rules only
    read it; rewrites describe edits to its text. Nothing ever changes the tree, so no rule can see a stale one."""

    tree: Tree
    catalog: Catalog

    @cached_property
    def names(self) -> Resolver:
        return Resolver(self.tree, self.catalog)

    @cached_property
    def tables(self) -> list:  # type: ignore[type-arg]
        """Every ``RangeVar`` naming a stored relation (not a CTE), in source order."""
        return sorted(self.names.tables(), key=lambda node: node.location)
