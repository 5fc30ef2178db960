"""Filters: the user's own values on the column they belong to, comparisons with a number, a column that is
(not) set, a yes/no column, text that contains quoted words."""

from __future__ import annotations

from ..frame import Filter
from ..lexicon import Attribute
from ..signs import Meaning, Sign, attached_table
from .base import SKIP_ARTICLES, Base, NotUnderstood, display


class Filters(Base):
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
        by_attribute: dict[tuple[str, bool], list[tuple[Sign, str]]] = {}
        negated_keys: set[str] = set()
        for sign, attribute, value in chosen:
            before = self._prev(sign, skip=SKIP_ARTICLES | {"that", "are", "were", "is", "was", "be", "been"})
            negated = before is not None and before.has("neg") and not before.used  # "tasks not completed"
            if not negated and attribute.key in negated_keys and before is not None and before.kinds() & {"or", "and"}:
                negated = True  # "not pending or failed": the negation covers the list
            if negated and before is not None:
                self._use(before, "")
                negated_keys.add(attribute.key)
            by_attribute.setdefault((attribute.key, negated), []).append((sign, value))
        mixed = {key for key, negated in by_attribute if negated and (key, False) in by_attribute}
        if mixed:
            raise NotUnderstood(f"Some values of {', '.join(sorted(mixed))} are negated and some not; ask with one "
                                "list ('not pending or failed') or without 'not'.")
        for (key, negated), items in by_attribute.items():
            attribute = self._attr(key)
            values = tuple(dict.fromkeys(v for _, v in items))
            words = " / ".join(s.text for s, _ in items)
            op = ("!=" if len(values) == 1 else "not in") if negated else ("=" if len(values) == 1 else "in")
            self.filters.append(Filter(attribute, op, values, words))
            for sign, value in items:
                self._use(sign, f"{display(attribute)} {'!=' if negated else '='} {value!r}")
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
            target = self._prev(number if after_kind else sign, skip=SKIP_ARTICLES | {"with", "have", "has"})
            if target is None or not target.has("attr") or target.used:
                target = self._next(number)  # "more than 3000 tokens"
            if target is None or not target.has("attr") or target.used:
                raise NotUnderstood(f"{sign.text!r} {number.text}: compared with what?", (sign.text,))
            attribute = self._one_attribute(target, numeric=True)
            if attribute is None:
                raise NotUnderstood(f"{target.text!r} is not a number that can be compared.", (target.text,))
            op = (sign.of("compare") or sign.of("compare_after"))[0].target
            self.filters.append(Filter(attribute, op, (number.number,), f"{target.text} {sign.text} {number.text}"))
            self._use(target, f"{display(attribute)} {op} {number.number}")
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
            self._use(before, f"{display(attribute)} = {sign.number}")
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
                self._use(sign, f"{display(attribute)} is {str(not negated).lower()}")
                if negated and before is not None:
                    self._use(before, "")
                continue
            if attribute.type == "bool":
                op, role = "=", f"{display(attribute)} is {str(not negated).lower()}"
                self.filters.append(Filter(attribute, op, (not negated,), f"{before.text} {sign.text}"
                                           if before else sign.text))
            else:
                op = ("hasnot" if negated else "has") if attribute.json_key else ("null" if negated else "notnull")
                role = f"{display(attribute)} {'is not set' if negated else 'is set'}"
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
            target = self._prev(sign, skip=SKIP_ARTICLES | {"whose", "that", "which", "where"})
            if quoted is None or quoted.quoted is None or target is None or not target.has("attr"):
                raise NotUnderstood(f"{sign.text!r}: say which text (e.g. prompt) contains which quoted words.",
                                    (sign.text,))
            attribute = self._one_attribute(target)
            if attribute is None or attribute.type != "text":
                raise NotUnderstood(f"{target.text!r} is not text that can contain words.", (target.text,))
            self.filters.append(Filter(attribute, "contains", (quoted.quoted,), f"{target.text} {sign.text}"))
            self._use(target, f"{display(attribute)} contains {quoted.quoted!r}")
            self._use(sign, "")
            self._use(quoted, "")
