"""The values a question may name, for one user: what the project and document say a column holds, plus the
distinct values the user's own rows hold (read through the guard, so nobody learns another user's values).

One dictionary serves both answerers: the verified questions' slot kinds (``task_status``, ``agent``, ...) and
the compositional layer's category attributes (``tasks.status``, ``tasks.llm_metadata.model``, ...)."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterable, Mapping

from ..compose import Lexicon, parse_values, values_query
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
        self._values_sql = values_query(lexicon) if lexicon is not None else None

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
        if self.read is None:
            return vocabulary
        for name, kind in self.library.vocabulary.items():
            if kind.columns:
                rows = self.read(_distinct_sql(kind.columns), user_id)
                vocabulary[name] = vocabulary.get(name, frozenset()) | frozenset(str(r[0]) for r in rows
                                                                                 if r[0] is not None)
        if self._values_sql is not None:
            for attribute, values in parse_values(self.read(self._values_sql, user_id)).items():
                vocabulary[attribute] = vocabulary.get(attribute, frozenset()) | values
        return vocabulary


def fingerprint(vocabulary: Vocabulary) -> str:
    """A key for everything a vocabulary holds: two users with the same values share cached answers."""
    digest = hashlib.sha256()
    for name in sorted(vocabulary):
        digest.update(name.encode())
        digest.update(b"\0".join(sorted(v.encode() for v in vocabulary[name])))
        digest.update(b"\1")
    return digest.hexdigest()


def _distinct_sql(columns: tuple[str, ...]) -> str:
    """``SELECT DISTINCT column AS value FROM table`` for each column, as one UNION (sqlglot's builder)."""
    from sqlglot import exp  # only when a vocabulary is read from the database
    branches = [exp.select(exp.alias_(exp.column(qualified.split(".")[1]), "value"))
                .from_(exp.to_table(qualified.split(".")[0])).distinct() for qualified in columns]
    query: exp.Expr = branches[0]
    for branch in branches[1:]:
        query = exp.union(query, branch)
    return query.sql(dialect="postgres")
