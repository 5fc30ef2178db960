"""The values a slot may take for one user: what the project and document say a column holds, plus the
distinct values the user's own rows hold (read through the guard, so nobody learns another user's values)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

from ..verified import Library

Vocabulary = dict[str, frozenset[str]]
DistinctValues = Callable[[str, uuid.UUID], list[str]]


class VocabularyCache:
    def __init__(self, library: Library, read: DistinctValues | None, ttl_s: float) -> None:
        self.library, self.read, self.ttl_s = library, read, ttl_s
        self._cache: dict[uuid.UUID, tuple[float, Vocabulary]] = {}
        self._lock = threading.Lock()

    def for_user(self, user_id: uuid.UUID) -> Vocabulary:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(user_id)
        if cached is not None and now - cached[0] < self.ttl_s:
            return cached[1]
        vocabulary = self._build(user_id)
        with self._lock:
            self._cache[user_id] = (now, vocabulary)
        return vocabulary

    def _build(self, user_id: uuid.UUID) -> Vocabulary:
        vocabulary = self.library.seed_vocabulary()
        if self.read is None:
            return vocabulary
        for name, kind in self.library.vocabulary.items():
            if kind.columns:
                sql = " UNION ".join(f"SELECT DISTINCT {column.split('.')[1]} AS value FROM {column.split('.')[0]}"
                                     for column in kind.columns)
                vocabulary[name] = vocabulary.get(name, frozenset()) | frozenset(self.read(sql, user_id))
        return vocabulary
