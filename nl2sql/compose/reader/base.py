"""What every reading pass shares: the question's signs, the parts of the frame found so far, and the helpers
that look at neighbouring words, mark a word as used (with what it became, for the explanation) and name the
columns a word can mean on the question's tables."""

from __future__ import annotations

from ..frame import Filter, Group, Order, Window
from ..lexicon import Attribute, Join, Lexicon
from ..signs import Sign
from ..words import singular

UNITS = {"second": 1, "minute": 60, "hour": 3600}
#: Filler skipped when looking at a word's neighbour ("a rating", "any conversation", "linked to").
SKIP_ARTICLES = frozenset({"a", "an", "the", "any", "their", "its", "my", "of", "to", "linked", "attached"})


class NotUnderstood(Exception):
    """The question cannot be answered by composition: ``words`` are the ones not understood (may be empty when
    the words are known but do not fit together)."""

    def __init__(self, message: str, words: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message, self.words = message, words


def display(attribute: Attribute) -> str:
    """``tasks.status``, ``tasks.llm_metadata->>'model'``: a column as the explanation shows it."""
    if attribute.json_key:
        return f"{attribute.table}.{attribute.column}->>'{attribute.json_key}'"
    return f"{attribute.table}.{attribute.column}"


class Base:
    table: str
    table_sign: Sign | None
    reach: dict[str, Join | None]

    def __init__(self, signs: list[Sign], lexicon: Lexicon) -> None:
        self.signs, self.lexicon = signs, lexicon
        self.notes: list[tuple[str, str]] = []
        self.filters: list[Filter] = []
        self.groups: list[Group] = []
        self.order: Order | None = None
        self.limit: int | None = None
        self.window: Window | None = None
        self.time_columns: list[tuple[Sign, Attribute]] = []

    # -- helpers ---------------------------------------------------------------------------------------------
    def _content(self) -> list[Sign]:
        return [s for s in self.signs if not s.filler]

    def _next(self, sign: Sign, *, skip: frozenset[str] = SKIP_ARTICLES) -> Sign | None:
        for other in self.signs[self.signs.index(sign) + 1:]:
            if other.filler and other.text in skip:
                continue
            return other
        return None

    def _prev(self, sign: Sign, *, skip: frozenset[str] = SKIP_ARTICLES) -> Sign | None:
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

    def _entity_of(self, sign: Sign) -> str:
        tables = sorted({m.target for m in sign.of("entity")})
        if len(tables) > 1:
            raise NotUnderstood(f"{sign.text!r} could be {', '.join(tables)}.", (sign.text,))
        return tables[0]

    def _governed(self, sign: Sign) -> bool:
        before = self._prev(sign)
        return self._is(before, "group", "neg")

    def _singular(self) -> bool:
        """The question names its table in the singular ("the oldest task"): one row is asked for."""
        sign = self.table_sign
        if sign is None or not sign.has("entity"):
            return False
        last = sign.text.split()[-1]
        return singular(last) == last and not last.endswith("s")

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

    def _set_order(self, order: Order, sign: Sign, role: str) -> None:
        if self.order is not None:
            raise NotUnderstood("Two orders in one question.", (sign.text,))
        self.order = order
        self._use(sign, role)
        near = [self._prev(sign), self._next(sign)]
        if self.table_sign is not None:  # "the 5 tasks that used the most tokens"
            near.append(self._prev(self.table_sign))
        number = next((s for s in near if s is not None and isinstance(s.number, int) and not s.used), None)
        if number is not None and isinstance(number.number, int):
            self.limit = number.number
            self._use(number, f"first {number.number}")
        elif self.limit is None and self._singular():
            self.limit = 1

    def _time_column(self) -> Attribute:
        if self.window is not None:
            return self.window.column
        if self.time_columns:
            sign, column = self.time_columns[0]
            self._use(sign, f"chose {display(column)}")
            return column
        default = self.lexicon.timestamp(self.table, self.lexicon.entities[self.table].time)
        if default is None:
            raise NotUnderstood(f"{self.table} has no timestamp to group by.")
        return default

    def _order_column(self) -> Attribute:
        for sign, column in self.time_columns:
            if not sign.used or sign.role.startswith("chose"):
                self._use(sign, "")
                return column
        default = self.lexicon.timestamp(self.table, self.lexicon.entities[self.table].time)
        if default is None:
            raise NotUnderstood(f"{self.table} has no timestamp to order by.")
        return default
