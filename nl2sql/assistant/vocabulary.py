"""The values a question may name, for one user: what the project and document say a column holds, plus the
distinct values the user's own rows hold (read through the guard, so nobody learns another user's values).

One dictionary serves both answerers: the verified questions' slot kinds (``task_status``, ``agent``, ...) and
the compositional layer's category attributes (``tasks.status``, ``tasks.llm_metadata.model``, ...)."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterable, Mapping

from ..compose import Lexicon
from ..compose.values import ValueColumn, lexicon_columns, parse_values, values_query
from ..lru import LruCache
from ..verified import Library

Vocabulary = dict[str, frozenset[str]]
#: Runs a query through the guard as the user; returns its rows (or nothing when the database refuses).
ReadRows = Callable[[str, uuid.UUID], list[tuple[object, ...]]]


class VocabularyCache:
    """Each user's vocabulary, reused for ``ttl_s`` seconds; at most ``max_users`` are kept (the least recently
    used go first), so a long-running service with many users stays bounded."""

    def __init__(self, library: Library, lexicon: Lexicon | None, read: ReadRows | None, ttl_s: float,
                 max_users: int = 10_000) -> None:
        self.library, self.lexicon, self.read, self.ttl_s = library, lexicon, read, ttl_s
        self._cache: LruCache[uuid.UUID, tuple[float, Vocabulary, str]] = LruCache(max_users)
        # One query reads every value a question may name (each kind's columns, each category attribute),
        # labelled "kind:" or "attribute:" so a kind and an attribute never share a label.
        columns = [ValueColumn(f"kind:{name}", *qualified.rsplit(".", 1))
                   for name, kind in library.vocabulary.items() for qualified in kind.columns]
        columns += [ValueColumn(f"attribute:{c.label}", c.table, c.column, c.json_key)
                    for c in (lexicon_columns(lexicon) if lexicon is not None else [])]
        self._values_sql = values_query(columns)

    def seed(self, known: Mapping[str, Iterable[str]] | None = None) -> Vocabulary:
        """What the project documents, without reading any rows: the library's vocabulary kinds, also under
        the columns they describe (``task_status`` values are ``tasks.status`` values). ``known`` adds values
        by kind (``{"agent": [...]}``), as a user's rows would."""
        vocabulary = self.library.seed_vocabulary()
        for name, values in (known or {}).items():
            vocabulary[name] = vocabulary.get(name, frozenset()) | frozenset(values)
        for name, kind in self.library.vocabulary.items():
            for column in kind.columns:
                vocabulary[column] = vocabulary.get(column, frozenset()) | vocabulary.get(name, frozenset())
        return vocabulary

    def for_user(self, user_id: uuid.UUID) -> Vocabulary:
        return self.keyed_for_user(user_id)[0]

    def keyed_for_user(self, user_id: uuid.UUID) -> tuple[Vocabulary, str]:
        """The user's vocabulary and its fingerprint (computed once per vocabulary, not per question)."""
        now = time.monotonic()
        cached = self._cache.get(user_id)
        if cached is not None and now - cached[0] < self.ttl_s:
            return cached[1], cached[2]
        vocabulary = self._build(user_id)
        key = fingerprint(vocabulary)
        self._cache.put(user_id, (now, vocabulary, key))
        return vocabulary, key

    def _build(self, user_id: uuid.UUID) -> Vocabulary:
        vocabulary = self.seed()
        if self.read is None or self._values_sql is None:
            return vocabulary
        rows = self.read(self._values_sql, user_id)
        kinds = parse_values(((a, v) for a, v in rows if str(a).startswith("kind:")), short_only=False)
        attributes = parse_values((a, v) for a, v in rows if str(a).startswith("attribute:"))
        for label, values in [*kinds.items(), *attributes.items()]:
            name = label.split(":", 1)[1]
            vocabulary[name] = vocabulary.get(name, frozenset()) | values
        return vocabulary


def fingerprint(vocabulary: Vocabulary) -> str:
    """A key for everything a vocabulary holds: two users with the same values share cached answers."""
    digest = hashlib.sha256()
    for name in sorted(vocabulary):
        digest.update(name.encode())
        digest.update(b"\0".join(sorted(v.encode() for v in vocabulary[name])))
        digest.update(b"\1")
    return digest.hexdigest()
