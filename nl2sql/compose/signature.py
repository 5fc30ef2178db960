"""What a query does, read from PostgreSQL's own parse of its SQL (pglast, as the guard reads it): the tables,
columns and JSON keys it reads, the literals it compares each column with, its aggregates, grouping, order and
limit, the timestamps its time window and time buckets apply to, and each predicate that chooses rows. The
coverage check compares a question's words with this.

A verified answer is checked here before it runs, so reading it must not cost more than running it: pglast is
already loaded for the guard, where sqlglot would add its whole import to every ``nl2sql ask``."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pglast import parser as pg_parser

from ..guard.allowlist import AGGREGATES
from ..guard.tree import bare_struct, integer_value, names


@dataclass(frozen=True)
class Condition:
    """One predicate of the query's WHERE / JOIN ON / HAVING: what it filters, so a question can be checked to
    have asked for it. kind: eq (column = literal, IN), null, notnull, has (JSON key present), compare, window,
    flag (a boolean column), other."""

    kind: str
    table: str = ""
    column: str = ""
    key: str = ""
    literals: tuple[str, ...] = ()


@dataclass
class Signature:
    """What a verified query does, read from its SQL."""

    tables: set[str] = field(default_factory=set)
    columns: set[tuple[str, str]] = field(default_factory=set)  # (table, column)
    keys: set[tuple[str, str, str]] = field(default_factory=set)  # (table, column, json key)
    numbers: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)  # count sum avg min max extract date_trunc distinct filter
    grouped: bool = False
    ordered: bool = False
    window_columns: set[tuple[str, str]] = field(default_factory=set)  # compared with now()
    group_columns: set[tuple[str, str]] = field(default_factory=set)
    bucket_columns: set[tuple[str, str]] = field(default_factory=set)  # date_trunc(unit, column)
    order_columns: set[tuple[str, str]] = field(default_factory=set)
    limit: int | None = None  # the outer LIMIT
    aggregated: bool = False  # an aggregate outside any subquery's FROM
    compares: bool = False  # a comparison other than a time window
    nulls: bool = False
    conditions: list[Condition] = field(default_factory=list)
    #: literal -> the (table, column, json key) it is compared with, anywhere (WHERE, FILTER, CASE ...)
    literal_columns: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)


#: Function name -> what the coverage check calls it (``date_part('epoch', x)`` is an extract).
_FUNCTIONS = {"count": "count", "sum": "sum", "avg": "avg", "min": "min", "max": "max", "extract": "extract",
              "date_part": "extract", "date_trunc": "date_trunc"}
_ORDERING = frozenset({"<", "<=", ">", ">="})
_EQUALS = frozenset({"="})
_JSON_OPERATORS = frozenset({"->", "->>", "?"})
#: A path, not a value: the key of ``x ->> 'key'`` is not a literal the query compares anything with.
_PATH_OPERATORS = frozenset({"->", "->>", "#>", "#>>"})
#: ``x = ANY (...)`` and ``x > ALL (...)`` compare as ``=`` and ``>`` do.
_OPERATOR_KINDS = frozenset({"AEXPR_OP", "AEXPR_OP_ANY", "AEXPR_OP_ALL"})
_NOW = frozenset({"now", "date_trunc"})
_CURRENT_TIMESTAMP = frozenset({"SVFOP_CURRENT_TIMESTAMP", "SVFOP_CURRENT_TIMESTAMP_N"})


@dataclass(eq=False)
class _Node:
    """A node of the parse tree: its kind, its fields as pglast's JSON has them, its parent and children."""

    kind: str
    fields: dict[str, Any]
    parent: _Node | None
    children: list[_Node] = field(default_factory=list)

    def find_all(self, *kinds: str) -> Iterator[_Node]:
        """This node and its descendants of ``kinds``, breadth first."""
        queue = deque([self])
        while queue:
            node = queue.popleft()
            if node.kind in kinds:
                yield node
            queue.extend(node.children)

    def find(self, *kinds: str) -> _Node | None:
        return next(self.find_all(*kinds), None)

    def operator(self) -> str:
        """An ``A_Expr``'s operator (``=``, ``->>``, ...)."""
        if self.kind != "A_Expr":
            return ""
        return (names(self.fields.get("name")) or [""])[-1]

    def is_operator(self, operators: frozenset[str]) -> bool:
        """A binary operator (plain, ``ANY`` or ``ALL``) among ``operators``."""
        return self.kind == "A_Expr" and self.fields.get("kind") in _OPERATOR_KINDS and self.operator() in operators

    def is_ordering(self) -> bool:
        """``<``, ``<=``, ``>``, ``>=``, also against a subquery (``x > ALL (SELECT ...)``)."""
        if self.kind == "SubLink":
            return (names(self.fields.get("operName")) or [""])[-1] in _ORDERING
        return self.is_operator(_ORDERING)

    def is_path(self) -> bool:
        """The key of a JSON path step (``'key'`` in ``x ->> 'key'``)."""
        parent = self.parent
        return parent is not None and parent.operator() in _PATH_OPERATORS and parent.child("rexpr") is self

    def is_modifier(self) -> bool:
        """A type's modifier (``varchar(10)``, ``interval '1' day``), or ``LIMIT ALL`` (a null): no value."""
        parent = self.parent
        if parent is None:
            return False
        return parent.kind == "TypeName" or (parent.kind == "SelectStmt" and parent.child("limitCount") is self
                                             and bool(self.fields.get("isnull")))

    def function(self) -> str:
        if self.kind != "FuncCall":
            return ""
        return names(self.fields["funcname"])[-1].lower()

    def children_in(self, *names: str) -> list[_Node]:
        """The children under these fields (each item of a list field), in the order of the tree."""
        values = [self.fields.get(name) for name in names]
        wanted = {id(_inner(v)) for value in values for v in (value if isinstance(value, list) else [value])}
        wanted.discard(id(None))
        return [c for c in self.children if id(c.fields) in wanted]

    def child(self, name: str) -> _Node | None:
        return next(iter(self.children_in(name)), None)


def _inner(value: Any) -> Any:
    """The fields of a wrapped node (``{"ColumnRef": {...}}``), else None."""
    if isinstance(value, dict) and len(value) == 1:
        (key, inner), = value.items()
        if key[:1].isupper() and isinstance(inner, dict):
            return inner
    return None


def _read(sql: str) -> _Node:
    """The first statement's tree. Verified SQL is the project's own and small; the walk is iterative anyway."""
    (kind, fields), = json.loads(pg_parser.parse_sql_json(sql))["stmts"][0]["stmt"].items()
    root = _Node(kind, fields, None)
    pending = [root]
    while pending:
        owner = pending.pop()
        scan: deque[tuple[str, Any]] = deque(owner.fields.items())
        while scan:
            key, item = scan.popleft()
            inner = _inner(item)
            struct = bare_struct(owner.kind, key) if isinstance(item, dict) and item else None
            if struct is not None:  # a struct the JSON inlines without its kind (a set operation's larg)
                owner.children.append(_Node(struct, item, owner))
            elif inner is not None:
                owner.children.append(_Node(next(iter(item)), inner, owner))
            elif isinstance(item, dict):
                scan.extendleft(reversed(list(item.items())))  # an inlined value (alias, A_Const's sval)
            elif isinstance(item, list):
                scan.extendleft(reversed([(key, element) for element in item]))
        pending += owner.children
    return root


def _column(node: _Node) -> tuple[str, str] | None:
    """A column reference as (qualifier, name); ``*`` and ``t.*`` have the name ``*``; a bare ``*`` is none."""
    parts = names(node.fields["fields"])
    if parts == ["*"]:
        return None
    return (parts[-2] if len(parts) > 1 else ""), parts[-1]


def _literal(node: _Node) -> tuple[str, str] | None:
    """An ``A_Const`` as (string | number | null, its text)."""
    fields = node.fields
    if "sval" in fields:
        return "string", str(fields["sval"].get("sval", ""))
    if "ival" in fields:
        return "number", str(integer_value(fields))
    if "fval" in fields:
        return "number", str(fields["fval"].get("fval", ""))
    if fields.get("isnull"):
        return "null", ""
    return None


def _strings(node: _Node) -> tuple[str, ...]:
    found = (_literal(n) for n in node.find_all("A_Const") if not n.is_path())
    return tuple(text for kind, text in (f for f in found if f is not None) if kind == "string")


def _is_now(node: _Node) -> bool:
    """``now()``, ``CURRENT_TIMESTAMP`` or ``date_trunc(...)`` somewhere in ``node``: a time window."""
    return any(n.function() in _NOW or (n.kind == "SQLValueFunction" and n.fields.get("op") in _CURRENT_TIMESTAMP)
               for n in node.find_all("FuncCall", "SQLValueFunction"))


def _aggregates(target: _Node) -> bool:
    """A select-list item that aggregates the query's rows: an aggregate call that is not a window function,
    outside any subquery (a scalar subquery aggregates its own rows, not the query's)."""
    pending = [target]
    while pending:
        node = pending.pop()
        if node.kind == "SubLink":
            continue
        if node.function() in AGGREGATES and "over" not in node.fields:
            return True
        pending += node.children
    return False


def _json_key(node: _Node | None) -> str | None:
    """The key of ``x -> 'key'``, ``x ->> 'key'`` or ``x ? 'key'``."""
    if node is None or node.operator() not in _JSON_OPERATORS:
        return None
    right = node.child("rexpr")
    literal = _literal(right) if right is not None and right.kind == "A_Const" else None
    return literal[1] if literal is not None and literal[0] == "string" else ""


class _Reader:
    def __init__(self, root: _Node) -> None:
        self.aliases: dict[str, str] = {}
        self.tables: set[str] = set()
        for ref in root.find_all("RangeVar"):
            name = str(ref.fields["relname"])
            self.tables.add(name)
            self.aliases[str(ref.fields.get("alias", {}).get("aliasname", name))] = name

    def owners(self, qualifier: str) -> list[str]:
        """The tables a column may belong to: its qualifier's table, or (unqualified, or qualified by a
        subquery's alias) every table the query reads."""
        owner = self.aliases.get(qualifier, "") if qualifier else ""
        return [owner] if owner else sorted(self.tables)

    def columns_in(self, node: _Node) -> Iterable[tuple[str, str]]:
        for ref in node.find_all("ColumnRef"):
            column = _column(ref)
            if column is not None:
                yield from ((owner, column[1]) for owner in self.owners(column[0]))

    def condition(self, node: _Node, *, membership: bool = False) -> Condition | None:
        """What one predicate filters. ``membership``: read ``x NOT IN (...)`` as the list it names (for the
        literals a column is compared with), not as a negation."""
        if node.find("ParamRef") is not None:
            return None  # the user's own id
        operator = node.operator()
        if node.kind == "A_Expr" and operator == "=" and node.fields.get("kind") == "AEXPR_OP" and all(
                side is not None and side.kind == "ColumnRef" for side in (node.child("lexpr"), node.child("rexpr"))):
            return None  # a join's key equality
        if _is_now(node):
            return Condition("window")
        negated = node.kind == "BoolExpr" and node.fields.get("boolop") == "NOT_EXPR"
        inner = node.children[0] if negated and node.children else node
        membership_test = inner.kind == "A_Expr" and inner.fields.get("kind") == "AEXPR_IN"
        if membership_test and inner.operator() == "<>" and not membership:
            negated = True
        ref = inner.find("ColumnRef")
        column = _column(ref) if ref is not None else None
        qualifier, name = column if column is not None else ("", "")
        table = self.aliases.get(qualifier, "") if qualifier else ""
        key = (_json_key(ref.parent) if ref is not None else None) or ""
        if inner.kind == "NullTest":
            null = (inner.fields.get("nulltesttype") == "IS_NULL") != negated
            return Condition("null" if null else "notnull", table, name)
        if inner.operator() == "?":
            return Condition("other" if negated else "has", table, name, _json_key(inner) or "")
        if (membership_test or inner.is_operator(_EQUALS)) and not negated:
            literals = _strings(inner)
            if literals:
                return Condition("eq", table, name, key, literals)
        if inner.is_ordering() or inner.is_operator(_EQUALS):
            return Condition("compare", table, name, key)
        if inner.kind == "ColumnRef":
            return Condition("flag", table, name)
        return Condition("other", table, name, key)


def _comparisons(root: _Node) -> Iterator[_Node]:
    return (n for n in root.find_all("A_Expr", "SubLink") if n.is_ordering())


def _conjuncts(node: _Node) -> Iterator[_Node]:
    if node.kind == "BoolExpr" and node.fields.get("boolop") == "AND_EXPR":
        for child in node.children:
            yield from _conjuncts(child)
    else:
        yield node


@lru_cache(maxsize=512)
def signature(sql: str) -> Signature:
    root = _read(sql)
    reader = _Reader(root)
    found = Signature(tables=set(reader.tables))
    for ref in root.find_all("ColumnRef"):
        column = _column(ref)
        if column is None:
            continue
        owners = reader.owners(column[0])
        found.columns.update((owner, column[1]) for owner in owners)
        key = _json_key(ref.parent)
        if key:
            found.keys.update((owner, column[1], key) for owner in owners)
    for constant in root.find_all("A_Const"):
        # a JSON path's key, a type's modifier (``interval '1' day`` carries the field code 8) and ``LIMIT
        # ALL`` are not values the query uses
        literal = _literal(constant) if not (constant.is_path() or constant.is_modifier()) else None
        if literal is not None and literal[0] == "number":
            found.numbers.add(literal[1])
        found.nulls = found.nulls or (literal is not None and literal[0] == "null")
    found.nulls = found.nulls or root.find("NullTest") is not None
    for call in root.find_all("FuncCall"):
        name = _FUNCTIONS.get(call.function())
        if name:
            found.functions.add(name)
        if call.fields.get("agg_distinct"):
            found.functions.add("distinct")
        if "agg_filter" in call.fields:
            found.functions.add("filter")
        if call.function() == "date_trunc":
            found.bucket_columns.update(reader.columns_in(call))
    if any("distinctClause" in s.fields for s in root.find_all("SelectStmt")):
        found.functions.add("distinct")
    top = root.fields
    simple = top.get("op", "SETOP_NONE") == "SETOP_NONE"
    found.grouped = bool(top.get("groupClause"))
    found.ordered = bool(top.get("sortClause"))
    found.compares = any(not _is_now(c) for c in _comparisons(root))
    targets = root.children_in("targetList") if simple else []
    found.aggregated = any(_aggregates(t) for t in targets)
    for clause, target in (("groupClause", found.group_columns), ("sortClause", found.order_columns)):
        for item in root.children_in(clause):
            node = item.child("node") if item.kind == "SortBy" else item
            if node is None:
                continue
            node = _output(node, targets)
            target.update(reader.columns_in(node))
    count = root.child("limitCount")
    literal = _literal(count) if count is not None and count.kind == "A_Const" else None
    if literal is not None and literal[0] == "number" and literal[1].isdigit():
        found.limit = int(literal[1])
    roots = [child for s in root.find_all("SelectStmt") for child in s.children_in("whereClause", "havingClause")]
    roots += [f for call in root.find_all("FuncCall") if (f := call.child("agg_filter")) is not None]
    roots += [q for j in root.find_all("JoinExpr") if (q := j.child("quals")) is not None]
    found.conditions = [c for r in roots for part in _conjuncts(r) if (c := reader.condition(part)) is not None]
    for equality in root.find_all("A_Expr"):
        if equality.fields.get("kind") == "AEXPR_IN" or equality.is_operator(_EQUALS):
            condition = reader.condition(equality, membership=True)
            if condition is not None and condition.kind == "eq":
                for text in condition.literals:
                    found.literal_columns.setdefault(text, set()).add((condition.table, condition.column,
                                                                       condition.key))
    for comparison in (c for c in _comparisons(root) if _is_now(c)):
        for ref in comparison.find_all("ColumnRef"):
            column = _column(ref)
            if column is not None and column[0] in reader.aliases:
                found.window_columns.add((reader.aliases[column[0]], column[1]))
    return found


def _output(node: _Node, targets: list[_Node]) -> _Node:
    """``GROUP BY 1`` and ``ORDER BY tasks`` (an output name) stand for the select-list item they name."""
    literal = _literal(node) if node.kind == "A_Const" else None
    if literal is not None and literal[0] == "number" and literal[1].isdigit() and 0 < int(literal[1]) <= len(targets):
        return targets[int(literal[1]) - 1]
    column = _column(node) if node.kind == "ColumnRef" else None
    if column is not None and not column[0]:
        for target in targets:
            if _output_name(target) == column[1]:
                return target
    return node


def _output_name(target: _Node) -> str:
    """A select-list item's name: its alias, or the column it is."""
    if target.fields.get("name"):
        return str(target.fields["name"])
    value = target.child("val")
    column = _column(value) if value is not None and value.kind == "ColumnRef" else None
    return column[1] if column is not None else ""
