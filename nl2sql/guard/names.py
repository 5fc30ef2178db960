"""Name resolution shared by the rules and the proof: which ``exp.Table`` nodes are real relations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from ..identifiers import identifier_name

__all__ = ["NodeIndex", "RelationRef", "identifier_name", "relation_refs"]


@dataclass(frozen=True)
class RelationRef:
    """A table reference that names a stored relation (not a CTE, not a function in FROM)."""

    node: exp.Table
    name: str
    schema: str  # "" when unqualified
    catalog: str

    @property
    def alias(self) -> str:
        return self.node.alias_or_name


class NodeIndex:
    """Every node of one tree, bucketed by class, from a single walk; the rules share it instead of each
    walking the tree again. Built for one root and valid until a rewrite changes that tree."""

    def __init__(self, root: exp.Expression) -> None:
        self.root = root
        self._buckets: dict[type, list[Any]] = {}
        for node in root.walk():
            self._buckets.setdefault(type(node), []).append(node)
        self._relations: list[RelationRef] | None = None

    def find_all(self, *types: type) -> Iterator[exp.Expression]:
        buckets = self._buckets
        matching = _matching_classes(types)
        if len(matching) < len(buckets):
            for cls in matching:
                nodes = buckets.get(cls)
                if nodes:
                    yield from nodes
        else:
            for cls, nodes in buckets.items():
                if cls in matching:
                    yield from nodes

    def first(self, *types: type) -> exp.Expression | None:
        return next(self.find_all(*types), None)

    @property
    def relations(self) -> list[RelationRef]:
        if self._relations is None:
            self._relations = list(_relation_refs(self.find_all(exp.Table)))
        return self._relations


_MATCHING: dict[tuple[type, ...], frozenset[type]] = {}


def _matching_classes(types: tuple[type, ...]) -> frozenset[type]:
    # Every expression class is defined when sqlglot is imported, so the classes a query matches can be listed
    # once; a lookup per bucket is then a set membership instead of an ``issubclass`` call.
    matching = _MATCHING.get(types)
    if matching is None:
        matching = _MATCHING[types] = frozenset(cls for cls in _all_subclasses(exp.Expression)
                                                if issubclass(cls, types))
    return matching


def _all_subclasses(root: type) -> set[type]:
    found: set[type] = {root}
    pending = [root]
    while pending:
        subclasses: list[type] = pending.pop().__subclasses__()
        for sub in subclasses:
            if sub not in found:
                found.add(sub)
                pending.append(sub)
    return found


def relation_refs(root: exp.Expression) -> Iterator[RelationRef]:
    """Every reference to a stored relation, at any depth, with CTE names resolved by PostgreSQL's scoping."""
    return _relation_refs(root.find_all(exp.Table))


def _relation_refs(tables: Iterator[exp.Expression]) -> Iterator[RelationRef]:
    for table in tables:
        assert isinstance(table, exp.Table)
        if not isinstance(table.this, exp.Identifier):
            continue  # a set-returning function in FROM
        schema = identifier_name(table.args.get("db"))
        name = identifier_name(table.this)
        if not schema and _is_cte_reference(table, name):
            continue
        yield RelationRef(table, name, schema, identifier_name(table.args.get("catalog")))


def _is_cte_reference(table: exp.Table, name: str) -> bool:
    """True when an enclosing WITH defines ``name`` and it is visible where ``table`` stands.

    Visible: in the body of the query that owns the WITH; inside a CTE, the CTEs defined before it, and with
    RECURSIVE every CTE of the list (PostgreSQL lets them refer to themselves and to each other).
    """
    below: Any = None  # the node two steps down the path, i.e. the CTE when ``child`` is a WITH
    child: Any = table
    node: Any = table.parent
    while node is not None:
        with_ = node.args.get("with_")
        if isinstance(with_, exp.With):
            ctes = with_.expressions
            names = [identifier_name(cte.args["alias"].this) for cte in ctes]
            if child is with_:
                position = next(i for i, cte in enumerate(ctes) if cte is below)
                visible = names if with_.args.get("recursive") else names[:position]
            else:
                visible = names
            if name in visible:
                return True
        below, child, node = child, node, node.parent
    return False
