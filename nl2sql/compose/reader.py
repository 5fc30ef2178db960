"""Reading: a question's signs into a frame, or an honest "not understood". Every sign that means something
must end up in the frame (as the table, a filter, the window, the measure, a grouping, the order) or the
question is not answered: a word left over is a word the answer would ignore.

The passes run in a fixed order, each consuming the signs it explains:

    table -> absence of a related row -> linked tables -> values -> comparisons -> presence -> text
    -> timestamps and window -> top / by -> grouping -> measure -> order -> nothing left over
"""

from __future__ import annotations

from dataclasses import replace

from .coverage import attached_table, same_clause
from .frame import Duration, Filter, Frame, Group, Measure, Order, Window
from .grammar import SOFT
from .lexicon import Attribute, Join, Lexicon
from .signs import Meaning, Sign
from .words import singular

_AGGREGATES = ("count", "amount", "sum", "avg", "max", "min", "percent", "share", "when", "distinct")
_UNITS = {"second": 1, "minute": 60, "hour": 3600}
_SKIP_ARTICLES = frozenset({"a", "an", "the", "any", "their", "its", "my", "of", "to", "linked", "attached"})


class NotUnderstood(Exception):
    """The question cannot be answered by composition: ``words`` are the ones not understood (may be empty when
    the words are known but do not fit together)."""

    def __init__(self, message: str, words: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message, self.words = message, words


def read(signs: list[Sign], lexicon: Lexicon) -> Frame:
    return _Reader(signs, lexicon).read()


class _Reader:
    def __init__(self, signs: list[Sign], lexicon: Lexicon) -> None:
        self.signs, self.lexicon = signs, lexicon
        self.notes: list[tuple[str, str]] = []
        self.filters: list[Filter] = []
        self.groups: list[Group] = []
        self.order: Order | None = None
        self.limit: int | None = None
        self.window: Window | None = None
        self.time_columns: list[tuple[Sign, Attribute]] = []

    # -- driver ----------------------------------------------------------------------------------------------
    def read(self) -> Frame:
        unknown = tuple(s.text for s in self.signs if s.unknown)
        if unknown:
            raise NotUnderstood("Not understood: " + ", ".join(repr(w) for w in unknown) + ".", unknown)
        for sign in self.signs:
            if sign.filler:
                sign.used = True
        self.table, self.table_sign = self._table()
        self.reach: dict[str, Join | None] = dict(self.lexicon.reachable(self.table))
        self._absence_of_related()
        self._linked_tables()
        self._values()
        self._comparisons()
        self._presence()
        self._text()
        self._timestamps()
        self._window()
        self._top_by()
        self._grouping()
        if not any(s.kinds() & {"order", "when", "duration", "longest"} for s in self._content()):
            self._states()  # "what fraction of my conversations have ended": a state the measure may count
        measure, columns, distinct = self._measure()
        self._order(measure)
        if self.order is not None and measure.kind == "rows" and any(g for g in self.groups):
            raise NotUnderstood("Rows were asked for, grouped: ask for a count or a total per group.")
        frame = Frame(self.table, self.table_sign.text if self.table_sign else "", measure, self.filters,
                      self.window, self.groups, self.order, self.limit, columns, distinct, self.notes)
        self._leftovers()
        return frame

    # -- helpers ---------------------------------------------------------------------------------------------
    def _content(self) -> list[Sign]:
        return [s for s in self.signs if not s.filler]

    def _next(self, sign: Sign, *, skip: frozenset[str] = _SKIP_ARTICLES) -> Sign | None:
        for other in self.signs[self.signs.index(sign) + 1:]:
            if other.filler and other.text in skip:
                continue
            return other
        return None

    def _prev(self, sign: Sign, *, skip: frozenset[str] = _SKIP_ARTICLES) -> Sign | None:
        for other in reversed(self.signs[:self.signs.index(sign)]):
            if other.filler and other.text in skip:
                continue
            return other
        return None

    def _use(self, sign: Sign, role: str) -> None:
        sign.used = True
        if role:
            sign.role = role
            self.notes.append((sign.text, role))

    def _attr(self, key: str) -> Attribute:
        return self.lexicon.attributes[key]

    def _attributes(self, sign: Sign, *, numeric: bool = False) -> list[Attribute]:
        """The attributes a sign can name on the question's tables, best first (the main table's own, the spelling
        that matches exactly, the preferred one)."""
        found = list({m.target: self._attr(m.target) for m in sign.of("attr")}.values())
        found = [a for a in found if a.table in self.reach and (not numeric or a.numeric)]
        surface = {m.target: m.surface for m in sign.of("attr")}
        found.sort(key=lambda a: (a.table != self.table, surface.get(a.key) != sign.text, not a.prefer))
        return found

    def _one_attribute(self, sign: Sign, *, numeric: bool = False) -> Attribute | None:
        found = self._attributes(sign, numeric=numeric)
        if not found:
            return None
        best = found[0]
        ties = [a for a in found[1:] if (a.table == self.table) == (best.table == self.table)
                and a.prefer == best.prefer]
        exact = {m.target for m in sign.of("attr") if m.surface == sign.text}
        ties = [a for a in ties if (a.key in exact) == (best.key in exact)]
        if ties:
            names = ", ".join(a.key for a in [best, *ties])
            raise NotUnderstood(f"{sign.text!r} could be {names}; say which.", (sign.text,))
        return best

    def _is(self, sign: Sign | None, *kinds: str) -> bool:
        return sign is not None and any(sign.has(kind) for kind in kinds)

    # -- table -----------------------------------------------------------------------------------------------
    def _table(self) -> tuple[str, Sign | None]:
        """The table the question is about: the first table named that is not the object of "per", "each" or
        "without" (those are groupings and absences); else the table a verb names ("chatted" with an agent);
        else the one table all named columns or values belong to."""
        for sign in self._content():
            if sign.has("entity") and not self._governed(sign):
                table = self._entity_of(sign)
                self._use(sign, f"table {table}")
                return table, sign
        for sign in self._content():
            if sign.has("verb"):
                table = sign.of("verb")[0].target
                self._use(sign, f"table {table}")
                return table, sign
        for kind in ("attr", "value"):
            named = [s for s in self._content() if s.has(kind)]
            if not named:
                continue
            # the tables from which every named column (or value) can be reached
            tables = [t for t in self.lexicon.entities
                      if all(any(self._attr(m.target).table in dict(self.lexicon.reachable(t)) for m in s.of(kind))
                             for s in named)]
            if len(tables) > 1:  # a column of the table itself beats one of its parent
                own = [t for t in tables if all(any(self._attr(m.target).table == t for m in s.of(kind))
                                                for s in named)]
                tables = own if len(own) == 1 else tables
            if len(tables) > 1:  # "tokens per agent": the table whose numbers are measured
                numeric = {self._attr(m.target).table for s in named for m in s.of(kind)
                           if self._attr(m.target).numeric}
                measured = [t for t in tables if numeric and numeric == {t}]
                tables = measured if len(measured) == 1 else tables
            if len(tables) == 1:
                return tables[0], None
            words = ", ".join(repr(s.text) for s in named)
            raise NotUnderstood(f"{words} could be about {', '.join(sorted(tables)) or 'no single table'}; name the "
                                "table (tasks, conversations, projects, ...).")
        raise NotUnderstood("The question names no table, column or value this schema has.")

    def _entity_of(self, sign: Sign) -> str:
        tables = sorted({m.target for m in sign.of("entity")})
        if len(tables) > 1:
            raise NotUnderstood(f"{sign.text!r} could be {', '.join(tables)}.", (sign.text,))
        return tables[0]

    def _governed(self, sign: Sign) -> bool:
        before = self._prev(sign)
        return self._is(before, "group", "neg")

    # -- other tables ----------------------------------------------------------------------------------------
    def _absence_of_related(self) -> None:
        """"tasks without a conversation", "not linked to any conversation": the link is empty."""
        for sign in self._content():
            if not sign.has("neg") or sign.used:
                continue
            after = self._next(sign)
            if after is None or not after.has("entity") or after.used:
                continue
            parent = self._entity_of(after)
            join = self.lexicon.parent_join(self.table, parent)
            if join is None:
                raise NotUnderstood(f"{self.table} has no documented link to {parent}.", (after.text,))
            column = self._attr(f"{self.table}.{join.column}")
            self.filters.append(Filter(column, "null", (), f"{sign.text} {after.text}"))
            self._use(sign, "")
            self._use(after, f"{self.table}.{join.column} IS NULL (no {parent})")

    def _linked_tables(self) -> None:
        """Other tables named: the same table again, or a parent of the question's table (the deliverables of
        "versions of my deliverables"; filters on it join it). Anything else is not understood."""
        for sign in self._content():
            if not sign.has("entity") or sign.used or self._governed(sign):
                continue
            table = self._entity_of(sign)
            if table == self.table:
                self._use(sign, "")
            elif table in self.reach:
                self._use(sign, f"{table} (each {self.table} row belongs to one)")
            else:
                raise NotUnderstood(f"{sign.text!r} ({table}) is not linked to {self.table} by a documented "
                                    "relationship this question can use.", (sign.text,))

    # -- filters ---------------------------------------------------------------------------------------------
    def _values(self) -> None:
        chosen: list[tuple[Sign, Attribute, str]] = []
        for sign in self._content():
            options = [m for m in sign.of("value") if self._attr(m.target).table in self.reach]
            if not options:
                continue
            if sign.has("entity") and not sign.used:
                continue  # a table's own name ("plan"?) is read as the table
            attribute, value = self._pick_value(sign, options)
            chosen.append((sign, attribute, value))
        by_attribute: dict[str, list[tuple[Sign, str]]] = {}
        for sign, attribute, value in chosen:
            by_attribute.setdefault(attribute.key, []).append((sign, value))
        for key, items in by_attribute.items():
            attribute = self._attr(key)
            values = tuple(dict.fromkeys(v for _, v in items))
            words = " / ".join(s.text for s, _ in items)
            self.filters.append(Filter(attribute, "=" if len(values) == 1 else "in", values, words))
            for sign, value in items:
                self._use(sign, f"{_display(attribute)} = {value!r}")
                self._label(sign, attribute)

    def _pick_value(self, sign: Sign, options: list[Meaning]) -> tuple[Attribute, str]:
        if len({(m.target, m.value) for m in options}) == 1:
            return self._attr(options[0].target), options[0].value
        noun = attached_table(self.signs, sign)  # "steps of failed projects": failed is the projects'
        if noun is not None:
            attached = [m for m in options if self._attr(m.target).table == noun]
            if len({m.target for m in attached}) == 1:
                return self._attr(attached[0].target), attached[0].value
        labels = [s for s in (self._prev(sign), self._next(sign)) if s is not None]
        labelled = [m for m in options if any(self._labels(s, self._attr(m.target)) for s in labels)]
        if len({m.target for m in labelled}) == 1:
            return self._attr(labelled[0].target), labelled[0].value
        own = [m for m in options if self._attr(m.target).table == self.table]
        pool = own or options
        preferred = [m for m in pool if self._attr(m.target).prefer]
        pool = preferred or pool
        if len({m.target for m in pool}) == 1:
            return self._attr(pool[0].target), pool[0].value
        names = ", ".join(sorted({m.target for m in pool}))
        raise NotUnderstood(f"{sign.text!r} is a value of {names}; say which.", (sign.text,))

    def _labels(self, sign: Sign, attribute: Attribute) -> bool:
        """``sign`` names the column a value belongs to ("error code" in "error code TIMEOUT") or is a noun the
        value stands before ("agents" in "function agents")."""
        if any(m.target == attribute.key for m in sign.of("attr")):
            return True
        return (sign.has("attr") and tuple(sign.text.split()) in attribute.heads) or \
            any(tuple(m.surface.split()) in attribute.heads for m in sign.of("attr"))

    def _label(self, value_sign: Sign, attribute: Attribute) -> None:
        for other in (self._prev(value_sign), self._next(value_sign)):
            if other is not None and not other.used and self._labels(other, attribute):
                self._use(other, "")
                return

    def _comparisons(self) -> None:
        """"progress above 50", "a rating below 3", "rated 5 stars", "4 or more"."""
        for sign in self._content():
            if sign.used or not (sign.has("compare") or sign.has("compare_after")):
                continue
            after_kind = sign.has("compare_after") and not sign.has("compare")
            number = self._prev(sign) if after_kind else self._next(sign)
            if number is None or number.number is None or number.used:
                self._use(sign, "")  # "over the web channel": not a comparison
                continue
            target = self._prev(number if after_kind else sign, skip=_SKIP_ARTICLES | {"with", "have", "has"})
            if target is None or not target.has("attr"):
                raise NotUnderstood(f"{sign.text!r} {number.text}: compared with what?", (sign.text,))
            attribute = self._one_attribute(target, numeric=True)
            if attribute is None:
                raise NotUnderstood(f"{target.text!r} is not a number that can be compared.", (target.text,))
            op = (sign.of("compare") or sign.of("compare_after"))[0].target
            self.filters.append(Filter(attribute, op, (number.number,), f"{target.text} {sign.text} {number.text}"))
            self._use(target, f"{_display(attribute)} {op} {number.number}")
            self._use(sign, "")
            self._use(number, "")
            unit = self._next(number)
            if unit is not None and not unit.used and self._labels(unit, attribute):
                self._use(unit, "")
        for sign in self._content():  # "rated 5 stars": a number right after a numeric column ("got 4 stars")
            if sign.used or sign.number is None:
                continue
            before = self._prev(sign)
            after = self._next(sign)
            if (before is None or before.used or not before.has("attr")) and after is not None and \
                    not after.used and after.has("attr") and not after.has("entity") and \
                    self._one_attribute(after, numeric=True) is not None:
                before = after
            if before is None or before.used or not before.has("attr") or self._is(before, "top"):
                continue
            attribute = self._one_attribute(before, numeric=True)
            if attribute is None:
                continue
            self.filters.append(Filter(attribute, "=", (sign.number,), f"{before.text} {sign.text}"))
            self._use(before, f"{_display(attribute)} = {sign.number}")
            self._use(sign, "")
            unit = self._next(sign)
            if unit is not None and not unit.used and self._labels(unit, attribute):
                self._use(unit, "")

    def _presence(self) -> None:
        """"with a rating" / "without an error code" / "current versions": a column that is (not) set."""
        for sign in self._content():
            if sign.used or not sign.has("attr"):
                continue
            before = self._prev(sign)
            negated = self._is(before, "neg")
            with_word = self._is(before, "with")
            attribute = self._one_attribute(sign) if (negated or with_word) else None
            if attribute is None:
                attribute = self._flag(sign)
                if attribute is None:
                    continue
                negated = negated and before is not None and not before.used
                self.filters.append(Filter(attribute, "=", (not negated,), sign.text))
                self._use(sign, f"{_display(attribute)} is {str(not negated).lower()}")
                if negated and before is not None:
                    self._use(before, "")
                continue
            if attribute.type == "bool":
                op, role = "=", f"{_display(attribute)} is {str(not negated).lower()}"
                self.filters.append(Filter(attribute, op, (not negated,), f"{before.text} {sign.text}"
                                           if before else sign.text))
            else:
                op = ("hasnot" if negated else "has") if attribute.json_key else ("null" if negated else "notnull")
                role = f"{_display(attribute)} {'is not set' if negated else 'is set'}"
                self.filters.append(Filter(attribute, op, (), f"{before.text if before else ''} {sign.text}"))
            self._use(sign, role)
            if before is not None:
                self._use(before, "")

    def _flag(self, sign: Sign) -> Attribute | None:
        """A yes/no column named as an adjective ("current versions"): it is true."""
        if self._is(self._prev(sign), "group"):
            return None
        flags = [a for a in self._attributes(sign) if a.type == "bool"]
        return flags[0] if len(flags) == 1 else None

    def _text(self) -> None:
        """'prompt contains "pricing"'."""
        for sign in self._content():
            if not sign.has("contains") or sign.used:
                continue
            quoted = self._next(sign)
            target = self._prev(sign, skip=_SKIP_ARTICLES | {"whose", "that", "which", "where"})
            if quoted is None or quoted.quoted is None or target is None or not target.has("attr"):
                raise NotUnderstood(f"{sign.text!r}: say which text (e.g. prompt) contains which quoted words.",
                                    (sign.text,))
            attribute = self._one_attribute(target)
            if attribute is None or attribute.type != "text":
                raise NotUnderstood(f"{target.text!r} is not text that can contain words.", (target.text,))
            self.filters.append(Filter(attribute, "contains", (quoted.quoted,), f"{target.text} {sign.text}"))
            self._use(target, f"{_display(attribute)} contains {quoted.quoted!r}")
            self._use(sign, "")
            self._use(quoted, "")

    # -- time ------------------------------------------------------------------------------------------------
    def _timestamps(self) -> None:
        """Words naming a timestamp ("completed", "started", "ended", "active") choose the one a window or a
        time bucket applies to; with neither, a timestamp other than the table's own default is a state
        ("conversations that ended": ended_at is set). Words for an unset timestamp ("open") are a state too."""
        for sign in self._content():
            for meaning in sign.of("absent"):
                column = self.lexicon.timestamp(self.table, meaning.target)
                if column is not None and not sign.used:
                    self.filters.append(Filter(column, "null", (), sign.text))
                    self._use(sign, f"{_display(column)} is not set")
            columns = [c for m in sign.of("time") if (c := self.lexicon.timestamp(self.table, m.target))]
            if columns:
                self.time_columns.append((sign, columns[0]))

    def _window(self) -> None:
        windows = [s for s in self._content() if s.window is not None]
        if len(windows) > 1:
            raise NotUnderstood("Two time windows: ask about one.", tuple(s.text for s in windows))
        if windows:
            sign = windows[0]
            assert sign.window is not None
            default = self.lexicon.timestamp(self.table, self.lexicon.entities[self.table].time)
            if default is None:
                raise NotUnderstood(f"{self.table} has no timestamp for {sign.text!r}.", (sign.text,))
            content = self._content()
            near = [(s, c) for s, c in self.time_columns
                    if same_clause(content, content.index(s), content.index(sign))]
            chooser: Sign | None = None
            column = default
            if near:
                chooser, column = min(near, key=lambda item: abs(content.index(item[0]) - content.index(sign)))
            negate = False
            for candidate in (self._prev(sign), self._prev(chooser) if chooser else None):
                if candidate is not None and candidate.has("neg") and not candidate.used:
                    negate = True
                    self._use(candidate, "")
            self.window = Window(sign.window, column, chooser.text if chooser else "", negate)
            how = "before" if negate else "within"
            self._use(sign, f"{_display(column)} {how} {sign.window.label}" + (
                "" if chooser else f" ({column.column}: the default timestamp of {self.table})"))
            if chooser is not None:
                self._use(chooser, f"chose {_display(column)} for the window")

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
            self._use(target, f"ordered by {_display(attribute)}, {'highest' if way == 'desc' else 'lowest'} first")
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
            if number is not None and number.number is not None:
                self.limit = number.number
                self._use(number, "")
            by = next((s for s in self.signs[self.signs.index(sign) + 1:] if s.has("group") and not s.used), None)
            target = self._next(by) if by else None
            attribute = self._one_attribute(target, numeric=True) if target is not None and target.has("attr") \
                else None
            if by is None or target is None or attribute is None:
                continue  # "top agent by deliverables": read as a count order later
            self.order = Order("desc", attribute, words=f"{sign.text} ... {by.text} {target.text}")
            self._use(sign, f"highest {_display(attribute)} first")
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
        self._use(target, f"grouped by {_display(attribute)}")
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
        self._use(sign, f"grouped by {unit} of {_display(column)}")

    def _time_column(self) -> Attribute:
        if self.window is not None:
            return self.window.column
        if self.time_columns:
            sign, column = self.time_columns[0]
            self._use(sign, f"chose {_display(column)}")
            return column
        default = self.lexicon.timestamp(self.table, self.lexicon.entities[self.table].time)
        if default is None:
            raise NotUnderstood(f"{self.table} has no timestamp to group by.")
        return default

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
            self._use(free[0], f"sum of {_display(numeric[0])}")
            return Measure("sum", numeric[0], words=free[0].text), [], False
        if self.groups:
            return Measure("count", words=""), [], False
        if free and not (kinds & {"most", "least", "max", "min", "superlative", "top"}):
            return self._projection(free)
        return Measure("rows"), [], False

    def _numbered(self, sign: Sign) -> bool:
        """A number stands right before the word ("the 2 slowest"): that many rows."""
        before = self._prev(sign)
        return before is not None and before.number is not None and not before.used

    def _wants_rows(self, kinds: set[str]) -> bool:
        return bool(kinds & {"list", "which"}) or (self.table_sign is not None and "what" in kinds
                                                    and self._singular())

    def _first_numeric(self, sign: Sign) -> Attribute | None:
        found = self._attributes(sign, numeric=True)
        return found[0] if found else None

    def _is_superlative_target(self, sign: Sign) -> bool:
        before = self._prev(sign)
        return self._is(before, "most", "least", "max", "min", "top")

    def _singular(self) -> bool:
        """The question names its table in the singular ("the oldest task"): one row is asked for."""
        sign = self.table_sign
        if sign is None or not sign.has("entity"):
            return False
        last = sign.text.split()[-1]
        return singular(last) == last and not last.endswith("s")

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
            self._use(order, f"{'latest' if kind == 'max' else 'earliest'} {_display(column)}")
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
                if name not in _UNITS:
                    raise NotUnderstood(f"A duration in {name}s is not supported; ask in seconds, minutes or hours.")
                divisor, unit = _UNITS[name], name + "s"
                self._use(sign, f"in {unit}")
        duration = Duration(start, end, divisor, unit)
        for sign in signs:
            if sign.kinds() & {"duration", "between"} and not sign.used:
                self._use(sign, f"duration {_display(start)} -> {_display(end)}")
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
            self._use(free[0], f"count of distinct {_display(attribute)}")
            return Measure("count_distinct", attribute, words=f"{sign.text} {distinct.text} {free[0].text}")
        if kind == "count" and not numeric:
            for column in free:  # "project status counts": a count per status
                attribute = self._one_attribute(column)
                if attribute is None or not attribute.values:
                    raise NotUnderstood(f"{column.text!r} is not counted or summed here; ask 'how many' of a "
                                        "table.", (column.text,))
                self.groups.append(Group(attribute, words=column.text))
                self._use(column, f"grouped by {_display(attribute)}")
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
        self._use(target, f"{names[kind]} {_display(attribute)}")
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
        self._use(categories[0], f"grouped by {_display(attribute)}")
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
            self._use(sign, f"shows {_display(attribute)}")
        distinct = self.table != "users" and all(a.values for a in columns)
        return Measure("values", words=" ".join(s.text for s in free)), columns, distinct

    # -- order -----------------------------------------------------------------------------------------------
    def _order(self, measure: Measure) -> None:
        signs = [s for s in self._content() if not s.used]
        for sign in signs:
            if sign.has("superlative"):
                meaning = sign.of("superlative")[0]
                attribute = self._attr(meaning.target)
                if attribute.table not in self.reach:
                    raise NotUnderstood(f"{sign.text!r} is about {attribute.table}, not {self.table}.", (sign.text,))
                self._set_order(Order(meaning.value, attribute, words=sign.text), sign,
                                f"{'highest' if meaning.value == 'desc' else 'lowest'} {_display(attribute)} first")
            elif sign.kinds() & {"most", "least", "max", "min"}:
                target = self._next(sign)
                numeric = self._one_attribute(target, numeric=True) if target is not None and \
                    target.has("attr") else None
                if numeric is None or target is None:
                    continue
                direction = "desc" if sign.kinds() & {"most", "max"} else "asc"
                self._set_order(Order(direction, numeric, words=f"{sign.text} {target.text}"), sign,
                                f"{'highest' if direction == 'desc' else 'lowest'} {_display(numeric)} first")
                self._use(target, "")
            elif sign.has("order"):
                column = self._order_column()
                direction = sign.of("order")[0].target
                self._set_order(Order(direction, column, words=sign.text), sign,
                                f"{'newest' if direction == 'desc' else 'oldest'} first by {_display(column)}")
        if self.order is not None and measure.kind not in ("rows", "values") and not self.order.count:
            raise NotUnderstood("An order was asked for a single number.", (self.order.words,))

    def _set_order(self, order: Order, sign: Sign, role: str) -> None:
        if self.order is not None:
            raise NotUnderstood("Two orders in one question.", (sign.text,))
        self.order = order
        self._use(sign, role)
        near = [self._prev(sign), self._next(sign)]
        if self.table_sign is not None:  # "the 5 tasks that used the most tokens"
            near.append(self._prev(self.table_sign))
        number = next((s for s in near if s is not None and s.number is not None and not s.used), None)
        if number is not None:
            self.limit = number.number
            self._use(number, f"first {number.number}")
        elif self.limit is None and self._singular():
            self.limit = 1

    def _order_column(self) -> Attribute:
        for sign, column in self.time_columns:
            if not sign.used or sign.role.startswith("chose"):
                self._use(sign, "")
                return column
        default = self.lexicon.timestamp(self.table, self.lexicon.entities[self.table].time)
        if default is None:
            raise NotUnderstood(f"{self.table} has no timestamp to order by.")
        return default

    # -- nothing left over -----------------------------------------------------------------------------------
    def _states(self) -> None:
        """A timestamp named without a window, bucket or order: other than the table's own default, a state
        ("conversations that ended": ended_at is set); the default one says nothing ("tasks I created")."""
        for sign, column in self.time_columns:
            if sign.used:
                continue
            default = self.lexicon.entities[self.table].time
            if sign.has("value") and not sign.used:
                continue
            if column.column == default:
                self._use(sign, f"({column.column}: every {self.table} row has one)")
            else:
                self.filters.append(Filter(column, "notnull", (), sign.text))
                self._use(sign, f"{_display(column)} is set")

    def _leftovers(self) -> None:
        self._states()
        left = [s for s in self._content() if not s.used and not (s.kinds() <= SOFT | {"filler"})]
        if left:
            raise NotUnderstood("Not understood how " + ", ".join(repr(s.text) for s in left) + " fits this question.",
                                tuple(s.text for s in left))


def _display(attribute: Attribute) -> str:
    if attribute.json_key:
        return f"{attribute.table}.{attribute.column}->>'{attribute.json_key}'"
    return f"{attribute.table}.{attribute.column}"


def replace_measure(frame: Frame, measure: Measure) -> Frame:
    return replace(frame, measure=measure)
