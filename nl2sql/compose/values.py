"""The user's own values for every category attribute (statuses, methods, models, agents, channels ...) and
every vocabulary kind, read in one query through the guard (one scan of each table), so nobody learns another
user's values.

The query is written as text from the catalog's own names, each quoted so PostgreSQL reads exactly that name,
and the guard parses it like any other: building it must cost less than running it, on every ``ask``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..identifiers import quote, string_literal
from .lexicon import Lexicon

#: Values longer than this are not words anyone types; they are not offered as filters.
MAX_VALUE_LENGTH = 60


@dataclass(frozen=True)
class ValueColumn:
    """A column (or a JSON key of one) whose distinct values are read, under ``label``."""

    label: str
    table: str  # as the catalog keys it
    column: str
    json_key: str | None = None


def lexicon_columns(lexicon: Lexicon) -> list[ValueColumn]:
    """Every category attribute the lexicon knows, labelled by its key (``tasks.status``)."""
    return [ValueColumn(a.key, a.table, a.column, a.json_key) for a in lexicon.value_attributes()]


def values_query(columns: Sequence[ValueColumn]) -> str | None:
    """``SELECT attribute, value``: each column's distinct non-null values as text, or None when there is no
    column. One branch per table, which reads the table once and turns each row into (label, value) pairs
    with ``LATERAL (VALUES ...)``; the branches are joined with ``UNION ALL``."""
    by_table: dict[str, list[ValueColumn]] = {}
    for column in columns:
        by_table.setdefault(column.table, []).append(column)
    branches = []
    for table, found in by_table.items():
        pairs = ", ".join(f"({string_literal(c.label)}, CAST({_reference(c)} AS TEXT))" for c in found)
        branches.append(f"SELECT v.attribute, v.value FROM {quote(table)} AS src CROSS JOIN LATERAL (VALUES {pairs}) "
                        "AS v (attribute, value) WHERE v.value IS NOT NULL GROUP BY v.attribute, v.value")
    return " UNION ALL ".join(branches) or None


def _reference(column: ValueColumn) -> str:
    reference = f"src.{quote(column.column)}"
    if column.json_key is not None:
        reference = f"({reference} ->> {string_literal(column.json_key)})"
    return reference


def parse_values(rows: Iterable[tuple[object, ...]], *, short_only: bool = True) -> dict[str, frozenset[str]]:
    """The values read, by label. ``short_only``: drop values longer than anyone types."""
    found: dict[str, set[str]] = {}
    for attribute, value in rows:
        if isinstance(value, str) and value and (not short_only or len(value) <= MAX_VALUE_LENGTH):
            found.setdefault(str(attribute), set()).add(value)
    return {k: frozenset(v) for k, v in found.items()}
