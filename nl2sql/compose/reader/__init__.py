"""Reading: a question's signs into a frame, or an honest "not understood". Every sign that means something
must end up in the frame (as the table, a filter, the window, the measure, a grouping, the order) or the
question is not answered: a word left over is a word the answer would ignore.

The passes run in a fixed order, each consuming the signs it explains (one module each):

    tables:     table -> absence of a related row -> linked tables
    filters:    values -> comparisons -> presence -> text
    timestamps: timestamps and window
    grouping:   ordered by / top N by -> grouping
    measure:    measure            order: order          then nothing may be left over
"""

from __future__ import annotations

from ..frame import Frame
from ..grammar import SOFT
from ..lexicon import Lexicon
from ..signs import Sign
from .base import NotUnderstood
from .filters import Filters
from .grouping import Grouping
from .measure import Measures
from .order import Ordering
from .tables import Tables
from .timestamps import Timestamps

__all__ = ["NotUnderstood", "read"]


def read(signs: list[Sign], lexicon: Lexicon) -> Frame:
    return Reader(signs, lexicon).read()


class Reader(Tables, Filters, Timestamps, Grouping, Measures, Ordering):
    # -- driver ----------------------------------------------------------------------------------------------
    def read(self) -> Frame:
        unknown = tuple(s.text for s in self.signs if s.unknown)
        if unknown:
            raise NotUnderstood("Not understood: " + ", ".join(repr(w) for w in unknown) + ".", unknown)
        for sign in self.signs:
            if sign.filler:
                sign.used = True
        self.table, self.table_sign = self._table()
        self.reach = dict(self.lexicon.reachable(self.table))
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

    def _leftovers(self) -> None:
        self._states()
        left = [s for s in self._content() if not s.used and not (s.kinds() <= SOFT | {"filler"})]
        if left:
            raise NotUnderstood("Not understood how " + ", ".join(repr(s.text) for s in left) + " fits this question.",
                                tuple(s.text for s in left))
