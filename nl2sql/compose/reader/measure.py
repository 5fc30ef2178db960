"""What the question asks for: rows, columns, a count, a total, an average, a minimum or maximum, a
percentage or share, the duration between two timestamps, the time of the first or last row."""

from __future__ import annotations

from ..frame import Duration, Filter, Group, Measure, Order, Window
from ..lexicon import Attribute
from ..signs import Sign
from .base import UNITS, Base, NotUnderstood, display


class Measures(Base):
    # -- measure ---------------------------------------------------------------------------------------------
    def _measure(self) -> tuple[Measure, list[Attribute], bool]:
        signs = [s for s in self._content() if not s.used]
        kinds = {k for s in signs for k in s.kinds()}
        if "when" in kinds:
            return self._when(signs)
        if kinds & {"percent", "share"}:
            return self._share(signs), [], False
        if kinds & {"duration"} or kinds & {"longest"}:
            return self._duration(signs, kinds), [], False
        aggregate = next((s for s in signs if s.kinds() & {"count", "amount", "sum", "avg", "max", "min"}), None)
        free = [s for s in signs if s.has("attr")]
        if aggregate is not None:
            return self._aggregate(aggregate, signs, free), [], False
        if kinds & {"most", "least"}:
            measure = self._count_superlative(signs, free)
            if measure is not None:
                return measure, [], False
        if kinds & {"distinct"}:
            raise NotUnderstood("'different' needs 'how many': e.g. 'how many different models'.")
        numeric = [a for s in free if (a := self._first_numeric(s)) is not None and not self._is_superlative_target(s)]
        if free and len(free) == 1 and numeric and numeric[0].additive and not self._wants_rows(kinds):
            self._use(free[0], f"sum of {display(numeric[0])}")
            return Measure("sum", numeric[0], words=free[0].text), [], False
        if self.groups:
            return Measure("count", words=""), [], False
        if free and not (kinds & {"most", "least", "max", "min", "superlative", "top"}):
            return self._projection(free)
        return Measure("rows"), [], False

    def _when(self, signs: list[Sign]) -> tuple[Measure, list[Attribute], bool]:
        when = next(s for s in signs if s.has("when"))
        self._use(when, "")
        order = next((s for s in signs if s.has("order")), None)
        columns = [c for _, c in self.time_columns]
        attrs = [a for s in signs for a in self._attributes(s) if a.type == "timestamp"]
        column = next(iter(columns or attrs), None)
        if column is None:
            raise NotUnderstood("'when': which time (created, started, completed, ended, last active)?", ("when",))
        for sign, c in self.time_columns:
            if c == column:
                self._use(sign, "")
        for sign in signs:
            if any(a == column for a in self._attributes(sign)):
                self._use(sign, "")
        if order is not None:
            kind = "max" if order.of("order")[0].target == "desc" else "min"
            self._use(order, f"{'latest' if kind == 'max' else 'earliest'} {display(column)}")
            return Measure(kind, column, words=f"when ... {order.text}"), [], False
        if self.table == "users":
            return Measure("values", column, words="when"), [column], False
        raise NotUnderstood("'when' of many rows: ask for the first or the last.", ("when",))

    def _share(self, signs: list[Sign]) -> Measure:
        sign = next(s for s in signs if s.kinds() & {"percent", "share"})
        kind = "percent" if sign.has("percent") else "share"
        condition = [f for f in self.filters if f.op in ("=", "in", "null", "notnull", "has", "hasnot", "<", ">",
                                                         "<=", ">=")]
        if not condition:
            raise NotUnderstood(f"{sign.text!r} of what? e.g. 'percentage of tasks that failed'.", (sign.text,))
        if len(condition) > 1:
            position = self.signs.index(self.table_sign) if self.table_sign else 0
            after = [f for f in condition if self._filter_position(f) > position]
            condition = after or condition[-1:]
        for f in condition:
            self.filters.remove(f)
        if self.window is not None and self.window.chosen_by and any(self.window.chosen_by in f.words
                                                                     for f in condition):
            # "share of completed tasks this month": "completed" is what is measured, the month is the tasks'
            default = self.lexicon.timestamp(self.table, self.lexicon.entities[self.table].time)
            assert default is not None
            self.window = Window(self.window.window, default, "", self.window.negate)
        self._use(sign, "percentage (0-100)" if kind == "percent" else "fraction (0-1)")
        return Measure(kind, condition=tuple(condition), words=sign.text)

    def _filter_position(self, item: Filter) -> int:
        for index, sign in enumerate(self.signs):
            if sign.text and sign.text in item.words:
                return index
        return -1

    def _duration(self, signs: list[Sign], kinds: set[str]) -> Measure:
        entity = self.lexicon.entities[self.table]
        named = [c for _, c in self.time_columns]
        if len(named) >= 2 and any(s.has("between") or s.has("from") for s in signs):
            start, end = named[0], named[1]
            for sign, _ in self.time_columns[:2]:
                self._use(sign, "")
        elif entity.duration is not None:
            start, end = (self._attr(f"{self.table}.{c}") for c in entity.duration)
        else:
            raise NotUnderstood(f"How long: {self.table} has no documented start and end.")
        divisor, unit = 1, "seconds"
        for sign in signs:
            if sign.has("unit") and not sign.used:
                name = sign.of("unit")[0].target
                if name not in UNITS:
                    raise NotUnderstood(f"A duration in {name}s is not supported; ask in seconds, minutes or hours.")
                divisor, unit = UNITS[name], name + "s"
                self._use(sign, f"in {unit}")
        duration = Duration(start, end, divisor, unit)
        for sign in signs:
            if sign.kinds() & {"duration", "between"} and not sign.used:
                self._use(sign, f"duration {display(start)} -> {display(end)}")
        # "how long do my conversations last": "last" after the table is the verb
        for sign in signs:
            if sign.has("order") and not sign.used and sign.text == "last" and self.table_sign is not None \
                    and self.signs.index(sign) > self.signs.index(self.table_sign):
                self._use(sign, "")
        longest = next((s for s in signs if s.has("longest") and not s.used), None)
        aggregate = next((s for s in signs if s.kinds() & {"avg", "max", "min", "sum"} and not s.used), None)
        asks_number = bool(kinds & {"duration", "avg", "max", "min", "sum", "count"})
        if longest is not None and (self._wants_rows(kinds) or self._numbered(longest) or not asks_number):
            direction = longest.of("longest")[0].target
            self._set_order(Order(direction, duration=duration, words=longest.text), longest,
                            f"ordered by duration, {'longest' if direction == 'desc' else 'shortest'} first")
            return Measure("rows")
        if aggregate is not None:
            kind = next(k for k in ("avg", "max", "min", "sum") if aggregate.has(k))
        elif longest is not None:
            kind = "max" if longest.of("longest")[0].target == "desc" else "min"
            aggregate = longest
        else:
            kind = "avg"
        if aggregate is not None:
            self._use(aggregate, {"avg": "average", "max": "longest", "min": "shortest", "sum": "total"}[kind])
        return Measure(kind, duration=duration, words="duration")

    def _aggregate(self, sign: Sign, signs: list[Sign], free: list[Sign]) -> Measure:
        kind = next(k for k in ("count", "amount", "sum", "avg", "max", "min") if sign.has(k))
        distinct = next((s for s in signs if s.has("distinct")), None)
        numeric = [(s, a) for s in free if (a := self._first_numeric(s)) is not None]
        others = [s for s in signs if s.kinds() & {"count", "amount", "sum", "avg", "max", "min"} and s is not sign]
        if kind == "count" and distinct is not None:
            if len(free) != 1:
                raise NotUnderstood("'how many different' what?", (distinct.text,))
            attribute = self._one_attribute(free[0])
            assert attribute is not None
            self._use(sign, "")
            self._use(distinct, "")
            self._use(free[0], f"count of distinct {display(attribute)}")
            return Measure("count_distinct", attribute, words=f"{sign.text} {distinct.text} {free[0].text}")
        if kind == "count" and not numeric:
            for column in free:  # "project status counts": a count per status
                attribute = self._one_attribute(column)
                if attribute is None or not attribute.values:
                    raise NotUnderstood(f"{column.text!r} is not counted or summed here; ask 'how many' of a "
                                        "table.", (column.text,))
                self.groups.append(Group(attribute, words=column.text))
                self._use(column, f"grouped by {display(attribute)}")
            self._use(sign, f"count of {self.table}")
            return Measure("count", words=sign.text)
        if kind in ("count", "amount"):
            kind = "sum"
        if kind == "sum" and not numeric and not free:
            self._use(sign, f"count of {self.table}")  # "total tasks in the last 30 days"
            return Measure("count", words=sign.text)
        if len(numeric) != 1:
            what = ", ".join(repr(s.text) for s in free) or "nothing numeric"
            raise NotUnderstood(f"{sign.text!r} of what? ({what})", (sign.text,))
        target, attribute = numeric[0]
        if others:
            for other in others:
                if other.has("count") and kind == "avg":
                    raise NotUnderstood("An average of counts needs a nested query; ask for the counts per group.",
                                        (other.text,))
            raise NotUnderstood("Two measures in one question: ask for one.", tuple(s.text for s in others))
        names = {"sum": "total", "avg": "average", "max": "highest", "min": "lowest"}
        self._use(sign, "")
        self._use(target, f"{names[kind]} {display(attribute)}")
        return Measure(kind, attribute, words=f"{sign.text} {target.text}")

    def _count_superlative(self, signs: list[Sign], free: list[Sign]) -> Measure | None:
        """"which model did I use the most": the value with the most rows."""
        most = next(s for s in signs if s.kinds() & {"most", "least"})
        categories = [s for s in free if any(a.values for a in self._attributes(s))]
        if len(free) != 1 or len(categories) != 1 or self._first_numeric(free[0]) is not None:
            return None
        attribute = self._one_attribute(categories[0])
        assert attribute is not None
        direction = "desc" if most.has("most") else "asc"
        self.groups.append(Group(attribute, words=categories[0].text))
        self.order = Order(direction, count=True, words=most.text)
        self.limit = self.limit or 1
        self._use(categories[0], f"grouped by {display(attribute)}")
        self._use(most, f"the {'most' if direction == 'desc' else 'fewest'} {self.table}")
        return Measure("count", words=most.text)

    def _projection(self, free: list[Sign]) -> tuple[Measure, list[Attribute], bool]:
        """Columns asked for ("which error codes", "project names with their status", "my display name")."""
        columns = []
        for sign in free:
            attribute = self._one_attribute(sign)
            if attribute is None:
                raise NotUnderstood(f"{sign.text!r} is not a column of {self.table} or of a table it belongs to.",
                                    (sign.text,))
            columns.append(attribute)
            self._use(sign, f"shows {display(attribute)}")
        distinct = self.table != "users" and all(a.values for a in columns)
        return Measure("values", words=" ".join(s.text for s in free)), columns, distinct
