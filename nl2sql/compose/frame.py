"""The frame: what a question asks, as data. The reader fills it from the question's words, the builder turns
it into SQL, the explanation reads it back. Every part remembers the words that chose it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import Attribute, Join
from .windows import TimeWindow


@dataclass(frozen=True)
class Filter:
    """``attribute op values``. ops: = in < <= > >= null notnull has hasnot contains."""

    attribute: Attribute
    op: str
    values: tuple[str | int | float, ...] = ()
    words: str = ""


@dataclass(frozen=True)
class Window:
    window: TimeWindow
    column: Attribute  # the timestamp it applies to
    chosen_by: str  # the word that chose the timestamp, or "" for the table's default
    negate: bool = False


@dataclass(frozen=True)
class Duration:
    start: Attribute
    end: Attribute
    divisor: int = 1  # 60 for minutes, 3600 for hours
    unit: str = "seconds"


@dataclass(frozen=True)
class Measure:
    """rows | values | count | count_distinct | sum | avg | min | max | percent | share"""

    kind: str
    attribute: Attribute | None = None
    duration: Duration | None = None
    condition: tuple[Filter, ...] = ()  # what a percent / share counts
    words: str = ""


@dataclass(frozen=True)
class Group:
    attribute: Attribute | None = None  # a column
    bucket: str | None = None  # a time bucket: day, week, month ... of ``attribute`` (a timestamp)
    parent: Join | None = None  # each row of a parent table ("steps per project")
    words: str = ""


@dataclass(frozen=True)
class Order:
    """Order by an attribute, a duration, or (``count``) the group's count."""

    direction: str  # asc | desc
    attribute: Attribute | None = None
    duration: Duration | None = None
    count: bool = False
    words: str = ""


@dataclass
class Frame:
    table: str
    table_words: str
    measure: Measure
    filters: list[Filter] = field(default_factory=list)
    window: Window | None = None
    groups: list[Group] = field(default_factory=list)
    order: Order | None = None
    limit: int | None = None
    columns: list[Attribute] = field(default_factory=list)  # what "values" shows
    distinct: bool = False
    notes: list[tuple[str, str]] = field(default_factory=list)  # (words, what they became)

    def describe(self) -> dict[str, object]:
        """The frame as plain data (golden tests compare it): what each part became, by column name."""
        m = self.measure
        measure = m.kind + (f" {_name(m.attribute)}" if m.attribute else "") + (
            f" {_name(m.duration.start)}->{_name(m.duration.end)} /{m.duration.divisor}" if m.duration else "")
        found: dict[str, object] = {"table": self.table, "measure": measure}
        if m.condition:
            found["condition"] = [_filter(f) for f in m.condition]
        if self.filters:
            found["filters"] = [_filter(f) for f in self.filters]
        if self.window is not None:
            w = self.window
            found["window"] = f"{_name(w.column)} {'before' if w.negate else 'within'} {w.window.label}"
        if self.groups:
            found["groups"] = [f"{g.bucket} of {_name(g.attribute)}" if g.bucket and g.attribute else
                               _name(g.attribute) if g.attribute else f"each {g.parent.parent}" if g.parent else ""
                               for g in self.groups]
        if self.order is not None:
            o = self.order
            target = "count" if o.count else _name(o.attribute) if o.attribute else "duration" if o.duration else ""
            found["order"] = f"{target} {o.direction}"
        if self.limit is not None:
            found["limit"] = self.limit
        if self.columns:
            found["columns"] = [_name(a) for a in self.columns] + (["distinct"] if self.distinct else [])
        return found

    @property
    def wants_rows(self) -> bool:
        return self.measure.kind in ("rows", "values")

    def tables(self) -> set[str]:
        found = {self.table}
        attributes = [f.attribute for f in self.filters] + [f.attribute for f in self.measure.condition]
        attributes += [g.attribute for g in self.groups if g.attribute] + list(self.columns)
        attributes += [a for a in (self.measure.attribute, self.order.attribute if self.order else None) if a]
        if self.window is not None:
            attributes.append(self.window.column)
        return found | {a.table for a in attributes}


def _name(attribute: Attribute | None) -> str:
    if attribute is None:
        return ""
    return attribute.key


def _filter(item: Filter) -> str:
    values = ", ".join(str(v) for v in item.values)
    return f"{_name(item.attribute)} {item.op}" + (f" {values}" if values else "")
