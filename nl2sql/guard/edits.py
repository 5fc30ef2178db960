"""Rewrites as edits of the user's own text, at the positions PostgreSQL's parser reported.

Nothing is re-rendered: outside the edited spans the SQL that runs is the user's text, character for character,
so no printer can change what an operator, a string or a comment means. Edits are character offsets into the
statement's text; insertions (``start == end``) at the same place keep their order.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property

from pglast import parser as pg_parser

from ..errors import error
from .tree import Tree, byte_to_char


@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    text: str
    #: Part of wrapping the whole statement in a subquery (the proof then looks inside the wrapper).
    wraps: bool = field(default=False, compare=False)


class Tokens:
    """PostgreSQL's scanner over the statement's text (character offsets, ``end`` inclusive).

    Most lookups need only the few tokens that start where PostgreSQL reported a node, so they scan a short
    window from there (a reported location is always a token boundary); the whole text is scanned only when a
    token *before* a location is needed, or the window is too short."""

    _WINDOW = 400

    def __init__(self, tree: Tree) -> None:
        self.tree = tree

    @cached_property
    def _all(self) -> list[pg_parser.Token]:
        return [t for t in pg_parser.scan(self.tree.text) if t.name not in _COMMENTS]

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self._all]

    def at(self, byte_location: int, count: int = 1) -> list[pg_parser.Token]:
        """Up to ``count`` tokens (comments skipped) starting at a location PostgreSQL reported."""
        position = byte_to_char(self.tree, byte_location)
        window = self.tree.text[position:position + self._WINDOW]
        whole = position + self._WINDOW >= len(self.tree.text)
        try:
            found = [t for t in pg_parser.scan(window) if t.name not in _COMMENTS]
        except pg_parser.ParseError:  # the window cut a token: scan everything
            found = []
        if found and (whole or (len(found) > count and found[count - 1].end < len(window) - 2)):
            return [pg_parser.Token(t.start + position, t.end + position, t.name, t.kind) for t in found[:count]]
        index = self.index_at(byte_location)
        return self._all[index:index + count]

    def after(self, byte_location: int, skip: int) -> pg_parser.Token | None:
        """The token ``skip`` tokens after the one starting at a location PostgreSQL reported."""
        found = self.at(byte_location, skip + 1)
        return found[skip] if len(found) > skip else None

    def before(self, byte_location: int) -> pg_parser.Token | None:
        """The token before the one starting at a location PostgreSQL reported."""
        index = self.index_at(byte_location)
        return self._all[index - 1] if index > 0 else None

    def byte_location(self, char_offset: int) -> int:
        return len(self.tree.text[:char_offset].encode("utf-8"))

    def index_at(self, byte_location: int) -> int:
        position = byte_to_char(self.tree, byte_location)
        index = bisect_left(self._starts, position)
        if index >= len(self._all) or self._all[index].start != position:
            raise error("meaning_changed", "The guard could not find a name PostgreSQL reported in the SQL text; "
                                           "nothing ran.")
        return index

    def __getitem__(self, index: int) -> pg_parser.Token:
        if not 0 <= index < len(self._all):
            raise error("meaning_changed", "The guard could not place a rewrite in the SQL text; nothing ran.")
        return self._all[index]


_COMMENTS = ("SQL_COMMENT", "C_COMMENT")


def statement_span(tree: Tree) -> tuple[int, int]:
    """The statement's own text (no surrounding comments, whitespace or semicolon), as character offsets."""
    return byte_to_char(tree, tree.start), byte_to_char(tree, tree.end)


def apply(tree: Tree, edits: list[Edit]) -> str:
    start, end = statement_span(tree)
    text = tree.text
    out: list[str] = []
    position = start
    for edit in sorted(edits):
        if edit.start < position or edit.end > end:
            raise error("meaning_changed", "Two rewrites of the SQL overlap; nothing ran.")
        out.append(text[position:edit.start])
        out.append(edit.text)
        position = edit.end
    out.append(text[position:end])
    return "".join(out)
