"""Questions the assistant must not try to answer with SQL: requests to change data (nl2sql only reads), and
questions about data the schema does not hold (the document mentions tables that do not exist)."""

from __future__ import annotations

import re

from ..catalog import Catalog
from ..errors import error
from ..verified.text import normalize, singular

_WRITE_VERBS = frozenset("""delete remove drop update insert truncate erase wipe purge rename cancel mark set change
modify edit create add archive restore reset grant revoke alter move assign reassign close reopen stop kill
retry rerun restart approve reject""".split())
_POLITE = re.compile(r"^(?:(?:please|pls|kindly|can you|could you|would you|will you|i want to|i'd like to|"
                     r"i would like to|id like to|help me|go ahead and|now|just|and|then)\s+)+")


def refuse_writes(question: str) -> None:
    """A question whose first verb asks to change something is refused before anything is drafted."""
    text = _POLITE.sub("", normalize(question))
    first = text.split(" ", 1)[0] if text else ""
    if first in _WRITE_VERBS:
        raise error("write_refused", f"{question!r} asks to change data ({first}); nl2sql only reads. Ask a "
                                     "question about the data instead, e.g. 'how many of my tasks failed?'.")


def phantom_entities(catalog: Catalog) -> dict[str, str]:
    """Words for data the document talks about but no table holds: the tables its indexes, aliases,
    relationships and examples name that do not exist, unless a real table or column is named after them
    ("conversations" is agent_conversations, "agents" live in agent_name columns). Word -> document name."""
    mentioned = {index.table for index in catalog.indexes} | {alias.table for alias in catalog.aliases}
    mentioned |= {name for rel in catalog.relationships for name in (rel.source, rel.target)}
    phantoms: dict[str, str] = {}
    for name in mentioned - set(catalog.tables):
        stem = singular(name)
        covered = any(table.endswith(name) or table.endswith(stem) for table in catalog.tables) or \
            any(column.startswith(stem + "_") for column in catalog.all_column_names)
        if not covered:
            phantoms[stem] = name
    return phantoms


def refuse_phantoms(question: str, phantoms: dict[str, str]) -> None:
    words = {singular(word) for word in normalize(question).split()}
    for word, table in sorted(phantoms.items()):
        if word in words:
            raise error("cannot_answer", f"Cannot answer: no such data. The schema document mentions {table}, but "
                                         f"the database has no {table} table, so nothing about {table} can be "
                                         "counted or listed.")
