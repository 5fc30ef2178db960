"""Grouping by a column, by each row of a parent table or by a time bucket; and "top N by", "ordered by",
where "by" orders instead."""

from __future__ import annotations

from ..frame import Filter, Group, Order
from ..signs import Sign
from .base import Base, NotUnderstood, display


class Grouping(Base):
    # -- grouping --------------------------------------------------------------------------------------------
    def _order_by(self) -> None:
        """"ordered by cost", "sorted by last activity, oldest first": biggest / newest first unless told."""
        for sign in self._content():
            if not sign.has("orderby") or sign.used:
                continue
            target = self._next(sign)
            direction = next((s for s in self._content() if not s.used and (
                s.has("direction") or (s.has("order") and s.text.endswith(" first")))), None)
            order_word = target if target is not None and target.has("order") else None
            if order_word is not None:
                target = self._next(order_word)
            if target is None:
                raise NotUnderstood(f"{sign.text!r} what?", (sign.text,))
            columns = [c for m in target.of("time") if (c := self.lexicon.timestamp(self.table, m.target))]
            attribute = columns[0] if columns else self._one_attribute(target) if target.has("attr") else None
            if attribute is None:
                raise NotUnderstood(f"Cannot order {self.table} by {target.text!r}.", (target.text,))
            way = (direction.of("direction") or direction.of("order"))[0].target if direction is not None else \
                order_word.of("order")[0].target if order_word is not None else "desc"
            self.order = Order(way, attribute, words=f"{sign.text} {target.text}")
            self._use(sign, "")
            self._use(target, f"ordered by {display(attribute)}, {'highest' if way == 'desc' else 'lowest'} first")
            for used in (direction, order_word):
                if used is not None:
                    self._use(used, "")

    def _top_by(self) -> None:
        """"top 3 jobs by spend": "by" orders, it does not group."""
        self._order_by()
        for sign in self._content():
            if not sign.has("top") or sign.used:
                continue
            number = self._next(sign)
            if number is not None and isinstance(number.number, int):
                self.limit = number.number
                self._use(number, "")
            by = next((s for s in self.signs[self.signs.index(sign) + 1:] if s.has("group") and not s.used), None)
            target = self._next(by) if by else None
            attribute = self._one_attribute(target, numeric=True) if target is not None and target.has("attr") \
                else None
            if by is None or target is None or attribute is None:
                continue  # "top agent by deliverables": read as a count order later
            self.order = Order("desc", attribute, words=f"{sign.text} ... {by.text} {target.text}")
            self._use(sign, f"highest {display(attribute)} first")
            self._use(by, "")
            self._use(target, "")
            if self.limit is None:
                self.limit = 1 if self._singular() else None

    def _grouping(self) -> None:
        for sign in self._content():
            if sign.has("bucket") and not sign.used:
                self._bucket(sign, sign.of("bucket")[0].target)
                continue
            if sign.has("breakdown") and not sign.used:  # "status breakdown of tasks": the column before it
                before = self._prev(sign)
                if before is None or not before.has("attr") or before.used:
                    raise NotUnderstood(f"{sign.text!r} of what? e.g. 'status breakdown of tasks'.", (sign.text,))
                self._group_by_attribute(sign, before)
                continue
            if not sign.has("group") or sign.used:
                continue
            target = self._next(sign)
            if target is None:
                raise NotUnderstood(f"{sign.text!r} what?", (sign.text,))
            if target.has("group"):  # "for each" + "by" spelled twice
                self._use(sign, "")
                continue
            if target.has("value") and target.used:
                self._use(sign, "")  # "used by claude-sonnet": "by" names the value, it does not group
                continue
            if target.has("unit") and not target.used:
                self._use(sign, "")
                self._bucket(target, target.of("unit")[0].target)
                continue
            if target.has("entity"):
                self._group_by_table(sign, target)
                continue
            if target.has("attr") and not target.used:
                self._group_by_attribute(sign, target)
                continue
            raise NotUnderstood(f"{sign.text!r} {target.text!r}: cannot group by that.", (sign.text, target.text))

    def _group_by_attribute(self, sign: Sign, target: Sign) -> None:
        attribute = self._one_attribute(target)
        if attribute is None:
            raise NotUnderstood(f"{target.text!r} is not a column of {self.table} or of a table it belongs to.",
                                (target.text,))
        self.groups.append(Group(attribute, words=f"{sign.text} {target.text}"))
        self._use(sign, "")
        self._use(target, f"grouped by {display(attribute)}")
        # "by method and status": the next column after "and" groups too
        following = self._next(target)
        if following is not None and following.has("and"):
            more = self._next(following)
            if more is not None and more.has("attr") and not more.used:
                self._use(following, "")
                self._group_by_attribute(following, more)

    def _group_by_table(self, sign: Sign, target: Sign) -> None:
        table = self._entity_of(target)
        if table == self.table:  # "mean spend per job": per row, no grouping
            self._use(sign, "")
            self._use(target, f"per {self.table} row")
            return
        join = self.lexicon.parent_join(self.table, table)
        if join is None:
            raise NotUnderstood(f"{self.table} rows do not belong to {table} by a documented relationship.",
                                (target.text,))
        self.groups.append(Group(parent=join, words=f"{sign.text} {target.text}"))
        self._use(sign, "")
        self._use(target, f"grouped by each {table} row (via {self.table}.{join.column})")

    def _bucket(self, sign: Sign, unit: str) -> None:
        column = self._time_column()
        self.groups.append(Group(column, bucket=unit, words=sign.text))
        if column.column != self.lexicon.entities[self.table].time and self.window is None:
            self.filters.append(Filter(column, "notnull", (), sign.text))  # tasks never started have no day
        self._use(sign, f"grouped by {unit} of {display(column)}")
