"""A frame into SQL, built as PostgreSQL's own parse tree (pglast's nodes) and printed by pglast's printer:
every identifier, literal and operator is a node, never pasted text, and the printer quotes and parenthesises
as PostgreSQL reads it back. Joins follow only the lexicon's documented links. The result goes through the
guard like any other SQL (it scopes every table to the asking user's rows, so the SQL here carries no user
filter of its own).

pglast is the parser the guard already loaded; building with it adds a few milliseconds to the first composed
answer, where a second SQL library would add its whole import."""

from __future__ import annotations

from pglast import ast
from pglast.enums.nodes import JoinType, LimitOption
from pglast.enums.parsenodes import A_Expr_Kind, SortByDir, SortByNulls
from pglast.enums.primnodes import BoolExprType, CoercionForm, NullTestType
from pglast.stream import RawStream

from .frame import Duration, Filter, Frame, Group, Measure
from .lexicon import Attribute, Join, Lexicon
from .windows import TimeWindow

#: The lexicon's types -> PostgreSQL's own type names (``int`` is ``int4``).
_CASTS = {"int": "int4", "numeric": "numeric"}
_OPERATORS = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def alias_for(table: str) -> str:
    """``tasks`` -> ``t``, ``agent_conversations`` -> ``ac``, ``project_steps`` -> ``ps``."""
    return "".join(part[0] for part in table.split("_") if part)


# -- nodes -------------------------------------------------------------------------------------------------------
def _names(*parts: str) -> tuple[ast.String, ...]:
    return tuple(ast.String(sval=part) for part in parts)


def _column(alias: str, name: str) -> ast.ColumnRef:
    return ast.ColumnRef(fields=_names(alias, name))


def _table(name: str, alias: str) -> ast.RangeVar:
    """A catalog table (named as the catalog keys it) under ``alias``; the guard puts in its schema."""
    return ast.RangeVar(relname=name, inh=True, relpersistence="p", alias=ast.Alias(aliasname=alias))


def _string(value: str) -> ast.A_Const:
    return ast.A_Const(isnull=False, val=ast.String(sval=value))


def _number(value: int | float) -> ast.A_Const:
    if isinstance(value, int):
        return ast.A_Const(isnull=False, val=ast.Integer(ival=value))
    return ast.A_Const(isnull=False, val=ast.Float(fval=repr(value)))


def _operator(name: str, left: ast.Node, right: ast.Node) -> ast.A_Expr:
    return ast.A_Expr(kind=A_Expr_Kind.AEXPR_OP, name=_names(name), lexpr=left, rexpr=right)


def _and(*parts: ast.Node) -> ast.Node:
    return parts[0] if len(parts) == 1 else ast.BoolExpr(boolop=BoolExprType.AND_EXPR, args=parts)


def _not(node: ast.Node) -> ast.BoolExpr:
    return ast.BoolExpr(boolop=BoolExprType.NOT_EXPR, args=(node,))


def _call(name: str, *args: ast.Node, star: bool = False, distinct: bool = False,
          where: ast.Node | None = None) -> ast.FuncCall:
    return ast.FuncCall(funcname=_names(name), args=args or None, agg_star=star, agg_distinct=distinct,
                        agg_filter=where, funcformat=CoercionForm.COERCE_EXPLICIT_CALL)


def _count_all(where: ast.Node | None = None) -> ast.FuncCall:
    return _call("count", star=True, where=where)


def _cast(node: ast.Node, type_name: str) -> ast.TypeCast:
    return ast.TypeCast(arg=node, typeName=ast.TypeName(names=_names("pg_catalog", type_name), typemod=-1))


def _interval(text: str) -> ast.TypeCast:
    return _cast(_string(text), "interval")


def _sort(node: ast.Node, *, desc: bool = False) -> ast.SortBy:
    """Ascending puts NULLs last by default; descending says so, so the rows that have a value come first."""
    return ast.SortBy(node=node, sortby_dir=SortByDir.SORTBY_DESC if desc else SortByDir.SORTBY_DEFAULT,
                      sortby_nulls=SortByNulls.SORTBY_NULLS_LAST if desc else SortByNulls.SORTBY_NULLS_DEFAULT)


def _output(node: ast.Node, name: str | None = None) -> ast.ResTarget:
    return ast.ResTarget(name=name, val=node)


def _since(window: TimeWindow) -> ast.Node:
    """Where the window starts: ``now() - '7 days'``, ``date_trunc('month', now())``, or yesterday's start."""
    now = _call("now")
    if window.kind == "rolling":
        amount, unit = (window.amount * 7, "day") if window.unit == "week" else (window.amount, window.unit)
        return _operator("-", now, _interval(f"{amount} {unit}s"))
    start = _call("date_trunc", _string(window.unit), now)
    if window.kind == "calendar":
        return start
    return _operator("-", start, _interval("1 day"))


def window_predicate(window: TimeWindow, column: ast.Node, *, negate: bool = False) -> ast.Node:
    """``column`` inside the window, or (``negate``) before it: "not active in the last 2 days"."""
    if negate:
        return _operator("<", column, _since(window))
    condition: ast.Node = _operator(">=", column, _since(window))
    if window.kind == "yesterday":
        condition = _and(condition, _operator("<", column, _call("date_trunc", _string("day"), _call("now"))))
    return condition


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
    def column(self, attribute: Attribute, *, typed: bool = True) -> ast.Node:
        node: ast.Node = _column(self.aliases[attribute.table], attribute.column)
        if attribute.json_key is None:
            return node
        extracted = _operator("->>", node, _string(attribute.json_key))
        if typed and attribute.type in _CASTS:
            return _cast(extracted, _CASTS[attribute.type])
        return extracted

    def literal(self, value: str | int | float | bool) -> ast.Node:
        if isinstance(value, bool):
            return ast.A_Const(isnull=False, val=ast.Boolean(boolval=value))
        if isinstance(value, (int, float)):
            return _number(value)
        return _string(value)

    def condition(self, item: Filter) -> ast.Node:
        attribute = item.attribute
        if item.op in ("has", "hasnot"):
            assert attribute.json_key is not None
            present = _operator("?", _column(self.aliases[attribute.table], attribute.column),
                                _string(attribute.json_key))
            return present if item.op == "has" else _not(present)
        first = item.values[0] if item.values else None
        numeric = isinstance(first, (int, float)) and not isinstance(first, bool)
        column = self.column(attribute, typed=numeric or item.op in ("<", "<=", ">", ">="))
        if item.op in ("null", "notnull"):
            test = NullTestType.IS_NULL if item.op == "null" else NullTestType.IS_NOT_NULL
            return ast.NullTest(arg=column, nulltesttype=test)
        if item.op == "contains":
            text = str(item.values[0]).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            return ast.A_Expr(kind=A_Expr_Kind.AEXPR_ILIKE, name=_names("~~*"), lexpr=column,
                              rexpr=_string(f"%{text}%"))
        if item.op in ("in", "not in"):
            return ast.A_Expr(kind=A_Expr_Kind.AEXPR_IN, name=_names("=" if item.op == "in" else "<>"),
                              lexpr=column, rexpr=tuple(self.literal(v) for v in item.values))
        return _operator(_OPERATORS[item.op], column, self.literal(item.values[0]))

    def duration(self, duration: Duration) -> ast.Node:
        elapsed = _operator("-", self.column(duration.end), self.column(duration.start))
        return ast.FuncCall(funcname=_names("pg_catalog", "extract"), args=(_string("epoch"), elapsed),
                            funcformat=CoercionForm.COERCE_SQL_SYNTAX)

    def measure(self, measure: Measure) -> tuple[ast.Node, str]:
        kind = measure.kind
        if kind == "count":
            counted = _count_all() if self.parent is None else \
                _call("count", _column(self.aliases[self.frame.table], "id"))
            return counted, self.frame.table
        if kind == "count_distinct":
            assert measure.attribute is not None
            return _call("count", self.column(measure.attribute), distinct=True), \
                f"distinct_{measure.attribute.name}"
        if kind in ("percent", "share"):
            condition = _and(*[self.condition(f) for f in measure.condition])
            if kind == "percent":
                part = _operator("*", ast.A_Const(isnull=False, val=ast.Float(fval="100.0")),
                                 _count_all(where=condition))
                total = ast.A_Expr(kind=A_Expr_Kind.AEXPR_NULLIF, name=_names("="), lexpr=_count_all(),
                                   rexpr=_number(0))
                return _operator("/", part, total), "percent"
            return _cast(_call("avg", _cast(condition, "int4")), "numeric"), "share"
        prefix = {"sum": "total", "avg": "average", "min": "min", "max": "max"}[kind]
        if measure.duration is not None:
            value: ast.Node = _call(kind, self.duration(measure.duration))
            if measure.duration.divisor != 1:
                value = _operator("/", value, _number(measure.duration.divisor))
            return value, f"{prefix}_{measure.duration.unit}"
        assert measure.attribute is not None
        name = measure.attribute.name
        label = name if name.startswith(prefix + "_") else f"{prefix}_{name}"
        return _call(kind, self.column(measure.attribute)), label

    def group_columns(self, group: Group) -> list[tuple[ast.Node, str]]:
        if group.parent is not None:
            parent = self.lexicon.entities[group.parent.parent]
            alias = self.aliases[group.parent.parent]
            columns: list[tuple[ast.Node, str]] = [(_column(alias, group.parent.key), f"{_stem(parent.table)}_id")]
            if parent.label:
                columns.append((_column(alias, parent.label), parent.label))
            return columns
        assert group.attribute is not None
        if group.bucket is not None:
            return [(_call("date_trunc", _string(group.bucket), self.column(group.attribute)), group.bucket)]
        return [(self.column(group.attribute), group.attribute.name)]

    # -- the query -------------------------------------------------------------------------------------------
    def build(self) -> ast.SelectStmt:
        frame = self.frame
        conditions = [self.condition(f) for f in frame.filters]
        if frame.window is not None:
            conditions.append(window_predicate(frame.window.window, self.column(frame.window.column),
                                               negate=frame.window.negate))
        source: ast.Node = _table(frame.table, self.aliases[frame.table])
        if self.parent is not None:  # every parent row, its children's rows (if any) beside it
            parent_alias = self.aliases[self.parent.parent]
            on = _operator("=", _column(self.aliases[frame.table], self.parent.column),
                           _column(parent_alias, self.parent.key))
            source = ast.JoinExpr(jointype=JoinType.JOIN_LEFT, larg=_table(self.parent.parent, parent_alias),
                                  rarg=source, quals=_and(on, *conditions))
            conditions = []
        for join in self.joins:
            on = _operator("=", _column(self.aliases[join.parent], join.key),
                           _column(self.aliases[frame.table], join.column))
            source = ast.JoinExpr(jointype=JoinType.JOIN_INNER, larg=source,
                                  rarg=_table(join.parent, self.aliases[join.parent]), quals=on)
        query = ast.SelectStmt(fromClause=(source,))
        if frame.measure.kind == "rows":
            self._rows(query)
        elif frame.measure.kind == "values":
            conditions += self._values(query)
        else:
            self._aggregate(query)
        if conditions:
            query.whereClause = _and(*conditions)
        return query

    def _limit(self, query: ast.SelectStmt) -> None:
        if self.frame.limit:
            query.limitCount = _number(self.frame.limit)
            query.limitOption = LimitOption.LIMIT_OPTION_COUNT

    def _rows(self, query: ast.SelectStmt) -> None:
        frame = self.frame
        entity = self.lexicon.entities[frame.table]
        alias = self.aliases[frame.table]
        shown = [_output(_column(alias, c)) for c in entity.show]
        names = set(entity.show)
        extra = [f.attribute for f in frame.filters] + ([frame.order.attribute] if frame.order and
                                                        frame.order.attribute else [])
        for attribute in extra:
            if attribute.name not in names and attribute.type not in ("json",):
                shown.append(_output(self.column(attribute), attribute.name))
                names.add(attribute.name)
        if frame.order is not None and frame.order.duration is not None:
            shown.append(_output(self.duration(frame.order.duration), "seconds"))
        query.targetList = tuple(shown)
        query.sortClause = (self._ordering(),)
        self._limit(query)

    def _ordering(self) -> ast.SortBy:
        frame = self.frame
        order = frame.order
        if order is None:
            default = self.lexicon.attributes[f"{frame.table}.{self.lexicon.entities[frame.table].time}"]
            return _sort(self.column(default), desc=True)
        target = self.duration(order.duration) if order.duration is not None else \
            self.column(order.attribute) if order.attribute is not None else _count_all()
        return _sort(target, desc=order.direction == "desc")

    def _values(self, query: ast.SelectStmt) -> list[ast.Node]:
        """The select list of a "which values" query; returns the conditions it adds (no value is NULL)."""
        frame = self.frame
        query.targetList = tuple(_output(self.column(a), a.name) for a in frame.columns)
        conditions: list[ast.Node] = []
        if frame.distinct:
            query.distinctClause = (None,)
            conditions = [ast.NullTest(arg=self.column(a), nulltesttype=NullTestType.IS_NOT_NULL)
                          for a in frame.columns]
            query.sortClause = tuple(_sort(self.column(a)) for a in frame.columns)
        elif frame.order is not None:
            query.sortClause = (self._ordering(),)
        self._limit(query)
        return conditions

    def _aggregate(self, query: ast.SelectStmt) -> None:
        frame = self.frame
        value, name = self.measure(frame.measure)
        grouped = [column for group in frame.groups for column in self.group_columns(group)]
        query.targetList = (*[_output(e, n) for e, n in grouped], _output(value, name))
        if not grouped:
            return
        query.groupClause = tuple(e for e, _ in grouped)
        if frame.order is not None and frame.order.count:
            query.sortClause = (_sort(value, desc=frame.order.direction == "desc"),)
        elif any(g.bucket for g in frame.groups):
            query.sortClause = tuple(_sort(e) for e, _ in grouped)
        else:
            query.sortClause = (_sort(value, desc=True),)
        self._limit(query)


def build(frame: Frame, lexicon: Lexicon) -> ast.SelectStmt:
    return _Builder(frame, lexicon).build()


def to_sql(statement: ast.Node) -> str:
    """The statement as text, printed by pglast (PostgreSQL reads it back as this very tree)."""
    return str(RawStream()(statement))


def _unique(alias: str, taken: dict[str, str]) -> str:
    candidate, n = alias, 2
    while candidate in taken.values():
        candidate, n = f"{alias}{n}", n + 1
    return candidate


def _stem(table: str) -> str:
    return table[:-1] if table.endswith("s") else table
