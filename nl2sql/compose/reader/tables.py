"""Which table the question is about, and the other tables it names: a parent of it (joined for its columns)
or the object of "without" (an empty link). Anything else is not understood."""

from __future__ import annotations

from ..frame import Filter
from ..signs import Sign
from .base import Base, NotUnderstood


class Tables(Base):
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
