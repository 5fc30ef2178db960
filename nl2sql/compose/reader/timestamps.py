"""Which timestamp the question means ("completed", "ended", "active"), the time window and the timestamp it
applies to, and timestamps named as a state ("conversations that ended")."""

from __future__ import annotations

from ..frame import Filter, Window
from ..signs import Sign, same_clause
from .base import Base, NotUnderstood, display


class Timestamps(Base):
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
                    self._use(sign, f"{display(column)} is not set")
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
            self._use(sign, f"{display(column)} {how} {sign.window.label}" + (
                "" if chooser else f" ({column.column}: the default timestamp of {self.table})"))
            if chooser is not None:
                self._use(chooser, f"chose {display(column)} for the window")

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
                self._use(sign, f"{display(column)} is set")
