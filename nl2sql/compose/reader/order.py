"""Order and how many rows: superlatives ("cheapest"), "most tokens", "oldest" / "newest" by the timestamp the
question names or the table's own."""

from __future__ import annotations

from ..frame import Measure, Order
from .base import Base, NotUnderstood, display


class Ordering(Base):
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
                                f"{'highest' if meaning.value == 'desc' else 'lowest'} {display(attribute)} first")
            elif sign.kinds() & {"most", "least", "max", "min"}:
                target = self._next(sign)
                numeric = self._one_attribute(target, numeric=True) if target is not None and \
                    target.has("attr") else None
                if numeric is None or target is None:
                    continue
                direction = "desc" if sign.kinds() & {"most", "max"} else "asc"
                self._set_order(Order(direction, numeric, words=f"{sign.text} {target.text}"), sign,
                                f"{'highest' if direction == 'desc' else 'lowest'} {display(numeric)} first")
                self._use(target, "")
            elif sign.has("order"):
                column = self._order_column()
                direction = sign.of("order")[0].target
                self._set_order(Order(direction, column, words=sign.text), sign,
                                f"{'newest' if direction == 'desc' else 'oldest'} first by {display(column)}")
        if self.order is not None and measure.kind not in ("rows", "values") and not self.order.count:
            raise NotUnderstood("An order was asked for a single number.", (self.order.words,))
