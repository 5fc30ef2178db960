"""How each phrase of the question became SQL, in words a person can check: which word chose the table, each
filter, the window and its timestamp (or that the table's default timestamp was used), the measure, the
grouping and the order; and any typo that was read as another word."""

from __future__ import annotations

from .frame import Frame

_MEASURES = {"rows": "lists", "values": "shows", "count": "counts", "count_distinct": "counts distinct values",
             "sum": "totals", "avg": "averages", "min": "finds the lowest", "max": "finds the highest",
             "percent": "gives the percentage", "share": "gives the fraction"}


def explain(frame: Frame, corrections: list[tuple[str, str]] | None = None) -> str:
    head = f"Composed from your words: {_MEASURES[frame.measure.kind]} {frame.table}"
    fixed = [f"read '{typo}' as '{word}'" for typo, word in corrections or []]
    parts = [f"'{words}' -> {role}" for words, role in frame.notes if role]
    return head + ". " + "; ".join(fixed + parts) + "."
