"""What a query does, read from its SQL: the tables, columns and JSON keys it reads, the literals it compares
each column with, its aggregates, grouping, order and limit, the timestamps its time window and time buckets
apply to, and each predicate that chooses rows. The coverage check compares a question's words with this."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import sqlglot
from sqlglot import exp


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
    strings: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)  # count sum avg min max extract date_trunc distinct filter
    grouped: bool = False
    ordered: bool = False
    limited: bool = False
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


@lru_cache(maxsize=512)
def signature(sql: str) -> Signature:
    tree = sqlglot.parse_one(sql, read="postgres")
    found = Signature()
    aliases: dict[str, str] = {}
    for ref in tree.find_all(exp.Table):
        found.tables.add(ref.name)
        aliases[ref.alias_or_name] = ref.name
    for column in tree.find_all(exp.Column):
        owner = aliases.get(column.table, "") if column.table else ""
        tables = [owner] if owner else sorted(found.tables)
        for name in tables:
            found.columns.add((name, column.name))
        parent = column.parent
        if isinstance(parent, (exp.JSONExtractScalar, exp.JSONExtract, exp.JSONBContainsTopKey)):
            for key in _json_keys(parent):
                for name in tables:
                    found.keys.add((name, column.name, key))
    for constant in tree.find_all(exp.Literal):
        (found.strings if constant.is_string else found.numbers).add(str(constant.this))
    names = {"count": exp.Count, "sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max,
             "extract": exp.Extract, "date_trunc": exp.TimestampTrunc, "distinct": exp.Distinct,
             "filter": exp.Filter}
    found.functions = {name for name, node in names.items() if tree.find(node) is not None}
    if any(isinstance(f, exp.Anonymous) and str(f.this).lower() == "date_trunc" for f in tree.find_all(exp.Anonymous)):
        found.functions.add("date_trunc")
    found.grouped = tree.args.get("group") is not None  # the outer query's own (a subquery's is internal)
    for trunc in tree.find_all(exp.TimestampTrunc):
        for column in trunc.find_all(exp.Column):
            owner = aliases.get(column.table, "") if column.table else ""
            for name in ([owner] if owner else sorted(found.tables)):
                found.bucket_columns.add((name, column.name))
    found.ordered = tree.args.get("order") is not None
    found.compares = any(not (c.find(exp.CurrentTimestamp) or c.find(exp.TimestampTrunc))
                         for c in tree.find_all(exp.GT, exp.GTE, exp.LT, exp.LTE))
    found.aggregated = any(isinstance(e.unalias(), exp.AggFunc) or e.find(exp.AggFunc) is not None
                           for e in tree.expressions) if isinstance(tree, exp.Select) else False
    select = tree.expressions if isinstance(tree, exp.Select) else []
    for clause, target in ((tree.args.get("group"), found.group_columns),
                           (tree.args.get("order"), found.order_columns)):
        if clause is None:
            continue
        for item in clause.expressions:
            node: exp.Expr = item.this if isinstance(item, exp.Ordered) else item
            if isinstance(node, exp.Literal) and not node.is_string and str(node.this).isdigit() and \
                    0 < int(str(node.this)) <= len(select):
                node = select[int(str(node.this)) - 1]  # GROUP BY 1
            if isinstance(node, exp.Column) and not node.table:  # an output alias: ORDER BY tasks
                node = next((e for e in select if e.alias_or_name == node.name), node)
            for column in node.find_all(exp.Column):
                owner = aliases.get(column.table, "") if column.table else ""
                for name in ([owner] if owner else sorted(found.tables)):
                    target.add((name, column.name))
    limit = tree.args.get("limit")
    found.limited = limit is not None
    if isinstance(limit, exp.Limit) and isinstance(limit.expression, exp.Literal) and limit.expression.is_int:
        found.limit = int(str(limit.expression.this))
    found.nulls = tree.find(exp.Null) is not None
    found.conditions = _conditions(tree, aliases)
    for equality in tree.find_all(exp.EQ, exp.In):
        condition = _condition(equality, aliases)
        if condition is not None and condition.kind == "eq":
            for text in condition.literals:
                found.literal_columns.setdefault(text, set()).add((condition.table, condition.column,
                                                                   condition.key))
    for comparison in tree.find_all(exp.GTE, exp.GT, exp.LT, exp.LTE):
        if comparison.find(exp.CurrentTimestamp) is not None or comparison.find(exp.TimestampTrunc) is not None:
            for column in comparison.find_all(exp.Column):
                owner = aliases.get(column.table, "")
                if owner:
                    found.window_columns.add((owner, column.name))
    return found


def _conditions(tree: exp.Expr, aliases: dict[str, str]) -> list[Condition]:
    """The predicates that choose rows: WHERE, JOIN ON and HAVING of the query and its subqueries, split at AND;
    a join's key equality (column = column) and the user's own id ($1) are not choices the question makes."""
    roots: list[exp.Expr] = []
    for node in tree.find_all(exp.Where, exp.Having):
        roots.append(node.this)
    for join in tree.find_all(exp.Join):
        if join.args.get("on") is not None:
            roots.append(join.args["on"])
    found = []
    for root in roots:
        for part in root.flatten() if isinstance(root, exp.And) else [root]:
            condition = _condition(part, aliases)
            if condition is not None:
                found.append(condition)
    return found


def _condition(node: exp.Expr, aliases: dict[str, str]) -> Condition | None:
    if node.find(exp.Placeholder) is not None or node.find(exp.Parameter) is not None:
        return None
    if isinstance(node, exp.EQ) and isinstance(node.this, exp.Column) and isinstance(node.expression, exp.Column):
        return None
    if node.find(exp.CurrentTimestamp) is not None or node.find(exp.TimestampTrunc) is not None:
        return Condition("window")
    negated = isinstance(node, exp.Not)
    inner = node.this if negated else node
    column = inner.find(exp.Column)
    table = aliases.get(column.table, "") if column is not None and column.table else ""
    name = column.name if column is not None else ""
    keys = _json_keys(column.parent) if column is not None and isinstance(
        column.parent, (exp.JSONExtractScalar, exp.JSONExtract, exp.JSONBContainsTopKey)) else []
    key = keys[0] if keys else ""
    if isinstance(inner, exp.Is):
        return Condition("notnull" if negated or inner.args.get("negate") else "null", table, name)
    if isinstance(inner, exp.JSONBContainsTopKey):
        literal = inner.expression
        return Condition("has", table, name, str(literal.this) if isinstance(literal, exp.Literal) else "")
    if isinstance(inner, (exp.EQ, exp.In)) and not negated:
        literals = tuple(str(lit.this) for lit in inner.find_all(exp.Literal) if lit.is_string)
        if literals:
            return Condition("eq", table, name, key, literals)
    if isinstance(inner, (exp.GT, exp.GTE, exp.LT, exp.LTE, exp.EQ)):
        return Condition("compare", table, name, key)
    if isinstance(inner, exp.Column):
        return Condition("flag", table, name)
    return Condition("other", table, name, key)


def _json_keys(node: exp.Expr) -> list[str]:
    path = node.args.get("expression")
    if isinstance(path, exp.JSONPath):
        return [str(part.this) for part in path.expressions if isinstance(part, exp.JSONPathKey)]
    if isinstance(path, exp.Literal):
        return [str(path.this)]
    return []
