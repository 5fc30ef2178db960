"""A frame into SQL, with sqlglot's builder: every identifier, literal and operator is a node, never pasted
text. Joins follow only the lexicon's documented links. The result goes through the guard like any other SQL
(it scopes every table to the asking user's rows, so the SQL here carries no user filter of its own)."""

from __future__ import annotations

from sqlglot import exp

from .frame import Duration, Filter, Frame, Group, Measure
from .lexicon import Attribute, Join, Lexicon

_CASTS = {"int": "INT", "numeric": "DECIMAL"}


def table_as(name: str, alias: str) -> exp.Table:
    """``name AS alias``, built as nodes (``exp.to_table`` would parse the name as SQL text)."""
    return exp.Table(this=exp.to_identifier(name), alias=exp.TableAlias(this=exp.to_identifier(alias)))


def alias_for(table: str) -> str:
    """``tasks`` -> ``t``, ``agent_conversations`` -> ``ac``, ``project_steps`` -> ``ps``."""
    return "".join(part[0] for part in table.split("_") if part)


class _Builder:
    def __init__(self, frame: Frame, lexicon: Lexicon) -> None:
        self.frame, self.lexicon = frame, lexicon
        self.aliases = {frame.table: alias_for(frame.table)}
        self.joins: list[Join] = []
        self.parent = next((g.parent for g in frame.groups if g.parent is not None), None)
        if self.parent is not None:
            self.aliases[self.parent.parent] = alias_for(self.parent.parent)
        for table in sorted(frame.tables() - {frame.table}):
            join = lexicon.parent_join(frame.table, table)
            if join is None:
                raise ValueError(f"no documented link from {frame.table} to {table}")  # the reader prevents this
            self.joins.append(join)
            self.aliases[table] = _unique(alias_for(table), self.aliases)

    # -- expressions -----------------------------------------------------------------------------------------
    def column(self, attribute: Attribute, *, typed: bool = True) -> exp.Expr:
        node: exp.Expr = exp.column(attribute.column, table=self.aliases[attribute.table])
        if attribute.json_key is None:
            return node
        extracted = exp.JSONExtractScalar(this=node, expression=exp.JSONPath(
            expressions=[exp.JSONPathRoot(), exp.JSONPathKey(this=attribute.json_key)]), only_json_types=True)
        if typed and attribute.type in _CASTS:
            return exp.cast(exp.Paren(this=extracted), _CASTS[attribute.type])
        return extracted

    def literal(self, attribute: Attribute, value: str | int | float | bool) -> exp.Expr:
        if isinstance(value, bool):
            return exp.true() if value else exp.false()
        if isinstance(value, (int, float)):
            return exp.Literal.number(value)
        return exp.Literal.string(value)

    def condition(self, item: Filter) -> exp.Expr:
        attribute = item.attribute
        if item.op in ("has", "hasnot"):
            base = exp.column(attribute.column, table=self.aliases[attribute.table])
            assert attribute.json_key is not None
            present = exp.JSONBContainsTopKey(this=base, expression=exp.Literal.string(attribute.json_key))
            return present if item.op == "has" else exp.Not(this=present)
        first = item.values[0] if item.values else None
        numeric = isinstance(first, (int, float)) and not isinstance(first, bool)
        column = self.column(attribute, typed=numeric or item.op in ("<", "<=", ">", ">="))
        if item.op in ("null", "notnull"):
            node: exp.Expr = exp.Is(this=column, expression=exp.Null())
            return node if item.op == "null" else exp.Not(this=node)
        if item.op == "contains":
            text = str(item.values[0]).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            return exp.ILike(this=column, expression=exp.Literal.string(f"%{text}%"))
        if item.op in ("in", "not in"):
            found = exp.In(this=column, expressions=[self.literal(attribute, v) for v in item.values])
            return found if item.op == "in" else exp.Not(this=found)
        value = self.literal(attribute, item.values[0])
        operators: dict[str, type[exp.Expr]] = {"=": exp.EQ, "!=": exp.NEQ, "<": exp.LT, "<=": exp.LTE,
                                                ">": exp.GT, ">=": exp.GTE}
        return operators[item.op](this=column, expression=value)

    def duration(self, duration: Duration) -> exp.Expr:
        return exp.Extract(this=exp.Var(this="EPOCH"),
                           expression=exp.Sub(this=self.column(duration.end), expression=self.column(duration.start)))

    def measure(self, measure: Measure) -> tuple[exp.Expr, str]:
        kind = measure.kind
        if kind == "count":
            counted = exp.Count(this=exp.Star()) if self.parent is None else \
                exp.Count(this=exp.column("id", table=self.aliases[self.frame.table]))
            return counted, self.frame.table
        if kind == "count_distinct":
            assert measure.attribute is not None
            return exp.Count(this=exp.Distinct(expressions=[self.column(measure.attribute)])), \
                f"distinct_{measure.attribute.name}"
        if kind in ("percent", "share"):
            condition = exp.and_(*[self.condition(f) for f in measure.condition])
            if kind == "percent":
                part = exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=condition))
                return exp.Div(this=exp.Mul(this=exp.Literal.number("100.0"), expression=part),
                               expression=exp.Nullif(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(0)),
                               typed=True), "percent"  # typed: PostgreSQL's own numeric division
            flag = exp.cast(exp.Paren(this=condition), "INT")
            return exp.cast(exp.Avg(this=flag), "DECIMAL"), "share"
        functions: dict[str, type[exp.Func]] = {"sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max}
        prefix = {"sum": "total", "avg": "average", "min": "min", "max": "max"}[kind]
        if measure.duration is not None:
            value: exp.Expr = functions[kind](this=self.duration(measure.duration))
            if measure.duration.divisor != 1:
                value = exp.Div(this=value, expression=exp.Literal.number(measure.duration.divisor), typed=True)
            return value, f"{prefix}_{measure.duration.unit}"
        assert measure.attribute is not None
        name = measure.attribute.name
        return functions[kind](this=self.column(measure.attribute)), \
            name if name.startswith(prefix + "_") else f"{prefix}_{name}"

    def group_columns(self, group: Group) -> list[tuple[exp.Expr, str]]:
        if group.parent is not None:
            parent = self.lexicon.entities[group.parent.parent]
            alias = self.aliases[group.parent.parent]
            columns: list[tuple[exp.Expr, str]] = [(exp.column(group.parent.key, table=alias),
                                                    f"{_stem(parent.table)}_id")]
            if parent.label:
                columns.append((exp.column(parent.label, table=alias), parent.label))
            return columns
        assert group.attribute is not None
        if group.bucket is not None:
            return [(exp.TimestampTrunc(this=self.column(group.attribute), unit=exp.Var(this=group.bucket.upper())),
                     group.bucket)]
        return [(self.column(group.attribute), group.attribute.name)]

    # -- the query -------------------------------------------------------------------------------------------
    def build(self) -> exp.Select:
        frame = self.frame
        conditions = [self.condition(f) for f in frame.filters]
        if frame.window is not None:
            conditions.append(frame.window.window.predicate(self.column(frame.window.column),
                                                            negate=frame.window.negate))
        main = table_as(frame.table, self.aliases[frame.table])
        if self.parent is not None:
            parent_alias = self.aliases[self.parent.parent]
            query = exp.select().from_(table_as(self.parent.parent, parent_alias), copy=False)
            on: exp.Expr = exp.EQ(this=exp.column(self.parent.column, table=self.aliases[frame.table]),
                                        expression=exp.column(self.parent.key, table=parent_alias))
            query = query.join(main, on=exp.and_(on, *conditions, copy=False), join_type="left", copy=False)
            conditions = []
        else:
            query = exp.select().from_(main, copy=False)
        for join in self.joins:
            on = exp.EQ(this=exp.column(join.key, table=self.aliases[join.parent]),
                        expression=exp.column(join.column, table=self.aliases[frame.table]))
            query = query.join(table_as(join.parent, self.aliases[join.parent]), on=on, copy=False)
        if conditions:
            query = query.where(exp.and_(*conditions, copy=False), copy=False)
        if frame.measure.kind == "rows":
            return self._rows(query)
        if frame.measure.kind == "values":
            return self._values(query)
        return self._aggregate(query)

    def _rows(self, query: exp.Select) -> exp.Select:
        frame = self.frame
        entity = self.lexicon.entities[frame.table]
        alias = self.aliases[frame.table]
        shown: list[exp.Expr] = [exp.column(c, table=alias) for c in entity.show]
        names = set(entity.show)
        extra = [f.attribute for f in frame.filters] + ([frame.order.attribute] if frame.order and
                                                        frame.order.attribute else [])
        for attribute in extra:
            if attribute.name not in names and attribute.type not in ("json",):
                shown.append(exp.alias_(self.column(attribute), attribute.name))
                names.add(attribute.name)
        if frame.order is not None and frame.order.duration is not None:
            shown.append(exp.alias_(self.duration(frame.order.duration), "seconds"))
        query = query.select(*shown, copy=False)
        query = query.order_by(self._ordering(), copy=False)
        return query.limit(frame.limit, copy=False) if frame.limit else query

    def _ordering(self) -> exp.Ordered:
        frame = self.frame
        order = frame.order
        if order is None:
            default = self.lexicon.attributes[f"{frame.table}.{self.lexicon.entities[frame.table].time}"]
            return exp.Ordered(this=self.column(default), desc=True, nulls_first=False)
        target = self.duration(order.duration) if order.duration is not None else \
            self.column(order.attribute) if order.attribute is not None else exp.Count(this=exp.Star())
        return exp.Ordered(this=target, desc=order.direction == "desc", nulls_first=False)

    def _values(self, query: exp.Select) -> exp.Select:
        frame = self.frame
        columns = [exp.alias_(self.column(a), a.name) for a in frame.columns]
        query = query.select(*columns, copy=False)
        if frame.distinct:
            query = query.distinct(copy=False)
            query = query.where(exp.and_(*[exp.Not(this=exp.Is(this=self.column(a), expression=exp.Null()))
                                           for a in frame.columns], copy=False), copy=False)
            query = query.order_by(*[self.column(a) for a in frame.columns], copy=False)
        elif frame.order is not None:
            query = query.order_by(self._ordering(), copy=False)
        return query.limit(frame.limit, copy=False) if frame.limit else query

    def _aggregate(self, query: exp.Select) -> exp.Select:
        frame = self.frame
        value, name = self.measure(frame.measure)
        grouped = [column for group in frame.groups for column in self.group_columns(group)]
        query = query.select(*[exp.alias_(e, n, copy=False) for e, n in grouped],
                             exp.alias_(value, name, copy=False), copy=False)
        if grouped:
            query = query.group_by(*[e.copy() for e, _ in grouped], copy=False)
            if frame.order is not None and frame.order.count:
                query = query.order_by(exp.Ordered(this=value.copy(), desc=frame.order.direction == "desc",
                                                   nulls_first=False), copy=False)
            elif any(g.bucket for g in frame.groups):
                query = query.order_by(*[e.copy() for e, _ in grouped], copy=False)
            else:
                query = query.order_by(exp.Ordered(this=value.copy(), desc=True, nulls_first=False), copy=False)
        return query.limit(frame.limit, copy=False) if frame.limit and grouped else query


def build(frame: Frame, lexicon: Lexicon) -> exp.Select:
    return _Builder(frame, lexicon).build()


def _unique(alias: str, taken: dict[str, str]) -> str:
    candidate, n = alias, 2
    while candidate in taken.values():
        candidate, n = f"{alias}{n}", n + 1
    return candidate


def _stem(table: str) -> str:
    return table[:-1] if table.endswith("s") else table
