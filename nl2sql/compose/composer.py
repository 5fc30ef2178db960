"""The compositional layer's front: a question and the user's vocabulary in, a composition (frame, SQL,
explanation) out, or ``NotUnderstood`` naming the words it could not place."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace

from ..verified.text import one_edit
from .explain import explain
from .frame import Frame
from .grammar import FILLER, GRAMMAR
from .lexicon import Lexicon
from .reader import NotUnderstood, read
from .signs import Sign, ValueIndex, Vocabulary, tag, value_index
from .words import NUMBERS, singular

_MIN_TYPO_LENGTH = 5


@dataclass(frozen=True)
class Composition:
    question: str
    frame: Frame
    sql: str
    explanation: str
    signs: tuple[Sign, ...]

    @property
    def explained(self) -> int:
        """How many of the question's content words the composition explains (all of them, or it would not
        exist)."""
        return sum(1 for s in self.signs if not s.filler)


class Composer:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._lock = threading.Lock()
        self._indexes: dict[int, tuple[Vocabulary, ValueIndex, frozenset[str]]] = {}
        self._words = frozenset(w for key in [*lexicon.phrases, *GRAMMAR, *lexicon.superlatives] for w in key) | \
            FILLER | frozenset(NUMBERS)

    def signs(self, question: str, vocabulary: Vocabulary) -> tuple[list[Sign], list[tuple[str, str]]]:
        """The question's signs, with small typos corrected (one letter off a known word: changed or swapped
        from four letters, also added or dropped from five); and the corrections made."""
        index, known = self._index(vocabulary)
        signs = tag(question, self.lexicon, index)
        corrections = []
        for sign in signs:
            if sign.unknown and len(sign.text) >= _MIN_TYPO_LENGTH - 1 and sign.text.isalpha() and \
                    singular(sign.text) not in known:
                # short words only take a changed or swapped letter ("mnay"), longer ones also one more or less
                reach = 0 if len(sign.text) < _MIN_TYPO_LENGTH else 1
                close = sorted(w for w in known if abs(len(w) - len(sign.text)) <= reach and w[0] == sign.text[0]
                               and one_edit(sign.text, w) and not _inflection(sign.text, w))
                swapped = [w for w in close if sorted(w) == sorted(sign.text)]  # two letters swapped: likeliest
                if len(close) == 1 or len(swapped) == 1:
                    corrections.append((sign.text, (swapped or close)[0]))
        if corrections:
            retagged = tag(_corrected(question, corrections), self.lexicon, index)
            # a correction that still leaves an unknown word helped nothing ("dave" is not "date"): undone, so
            # the reply names the word as the user wrote it
            still = {s.text for s in retagged if s.unknown}
            kept = [(typo, word) for typo, word in corrections if word not in still]
            if kept != corrections:
                retagged = tag(_corrected(question, kept), self.lexicon, index)
            signs, corrections = retagged, kept
        return signs, corrections

    def compose(self, question: str, vocabulary: Vocabulary,
                prepared: tuple[list[Sign], list[tuple[str, str]]] | None = None) -> Composition:
        """``prepared``: the question's signs and corrections from ``signs()``, when the caller has them."""
        signs, corrections = prepared if prepared is not None else self.signs(question, vocabulary)
        if any(s.used for s in signs):  # reading marks the signs it uses: start from unread ones
            signs = [replace(s, used=False, role="") for s in signs]
        frame = read(signs, self.lexicon)
        from .build import build, to_sql  # pglast's printer: loaded by the first composed answer only

        sql = to_sql(build(frame, self.lexicon))
        return Composition(question, frame, sql, explain(frame, corrections), tuple(signs))

    def _index(self, vocabulary: Vocabulary) -> tuple[ValueIndex, frozenset[str]]:
        key = id(vocabulary)
        with self._lock:
            cached = self._indexes.get(key)
            if cached is not None and cached[0] is vocabulary:
                return cached[1], cached[2]
        index = value_index({k: v for k, v in vocabulary.items() if k in self.lexicon.attributes},
                            self.lexicon.synonyms)
        known = self._words | frozenset(w for phrase in index.phrases for w in phrase)
        with self._lock:
            if len(self._indexes) > 256:
                self._indexes.clear()
            self._indexes[key] = (vocabulary, index, known)
        return index, known


def _inflection(word: str, known: str) -> bool:
    """"timed" is not a typo of "time", nor "ended" of "end": a letter more or less at the end is a word form."""
    return word.startswith(known) or known.startswith(word)


def _corrected(text: str, corrections: list[tuple[str, str]]) -> str:
    for typo, word in corrections:
        text = re.sub(rf"(?i)\b{re.escape(typo)}\b", word, text)
    return text


__all__ = ["Composer", "Composition", "NotUnderstood"]
