"""What every guard rule may read: the catalog, the policy, the limits, and whom the query is for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlglot import exp

from ..catalog import Catalog
from ..policy import TenancyPolicy
from .names import NodeIndex

Scope = Literal["user", "all"]


@dataclass(frozen=True)
class GuardContext:
    catalog: Catalog
    policy: TenancyPolicy
    #: Rows the caller may see; the LIMIT the guard enforces is one more, so the executor can tell "truncated".
    max_rows: int
    #: "user" rewrites every table to the asking user's rows; "all" is an unscoped report, which only the
    #: service grants, after reading the admin role from the database.
    scope: Scope = "user"
    #: The proof's expected scoped selects (``verify.scoped_signatures``); built once per ``Guard``.
    signatures: dict[str, tuple[object, ...]] = field(default_factory=dict, compare=False, repr=False)
    _index: dict[str, NodeIndex] = field(default_factory=dict, compare=False, repr=False)

    def index(self, expression: exp.Expression) -> NodeIndex:
        """The node index of ``expression``, built once and shared by the rules that only read the tree."""
        cached = self._index.get("tree")
        if cached is None or cached.root is not expression:
            cached = self._index["tree"] = NodeIndex(expression)
        return cached

    def forget_index(self) -> None:
        """Called by a rule that rewrites the tree in place."""
        self._index.clear()
