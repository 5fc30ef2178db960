"""Match a question to a verified pair, or abstain. A wrong answer is worse than none, so a match needs a
high score, a clear lead over the next pair, and every value the question carries used by the pair (a time
window the pair would ignore makes it the wrong pair, however similar the words)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from ..errors import error
from .library import Library, Pair, Phrasing, analyse
from .slots import SLOT_TAGS, Slots
from .template import SlotMismatch
from .text import singular

#: Minimum similarity (weighted Dice over tokens, 0..1) to answer. Chosen by leave-one-out over the
#: library's own phrasings (bench/verified_accuracy.py --leave-one-out), not on the held-out set.
THRESHOLD = 0.75
#: Minimum lead of the best pair over the runner-up.
MARGIN = 0.05

_ENTITIES = ("task", "conversation", "project", "step", "subproject", "deliverable", "version", "email", "profile",
             "model", "provider", "agent", "token", "cost", "rating", "method", "error", "timeout", "user", "role")
_INTENTS = ("count", "list", "each", "average", "total", "share", "most", "recent", "oldest", "day", "active",
            "open", "without")
_OPPOSITES = (("count", "list"), ("recent", "oldest"), ("count", "average"), ("each", "most"))
_OPPOSITE_PENALTY = 0.7
_COLLISION_PENALTY = 0.95
_EMPHASIS = {**{word: 2.5 for word in _ENTITIES}, **{word: 1.5 for word in _INTENTS}}


@dataclass(frozen=True)
class Match:
    pair: Pair
    phrasing: Phrasing
    score: float
    sql: str
    explanation: str
    slots: Slots  # the question's values the template used

    def slot_values(self) -> dict[str, object]:
        """The values used, by kind: window label, status, agent, type, n."""
        s = self.slots
        found = {"window": s.window.label if s.window else None, "status": s.statuses[0][0] if s.statuses else None,
                 "agent": s.agents[0] if s.agents else None, "type": s.types[0] if s.types else None, "n": s.n}
        return {kind: value for kind, value in found.items() if value is not None}


class Matcher:
    def __init__(self, library: Library, threshold: float = THRESHOLD, margin: float = MARGIN) -> None:
        self.library, self.threshold, self.margin = library, threshold, margin
        phrasings = [p.tokens for pair in library.pairs for p in pair.phrasings]
        df = Counter(token for words in phrasings for token in set(words))
        total = max(len(phrasings), 1)
        # What a question is about (its entity) and what it wants done (count, list, per ...) decide the
        # answer more than any other word, so they weigh more than their rarity alone would say.
        self._weight = {token: math.log(1 + total / count) * _EMPHASIS.get(token, 1.0) for token, count in df.items()}
        self._unknown_weight = math.log(1 + total) * 1.5

    def match(self, question: str, vocabulary: dict[str, frozenset[str]]) -> Match:
        # A word can be a name and a plain word at once ("email" as a deliverable type, or as an address):
        # the question is read both ways and each pair keeps whichever reading fits it best.
        named = analyse(question, self.library, vocabulary)
        plain = analyse(question, self.library, {k: v for k, v in vocabulary.items()
                                                 if k not in ("agent", "deliverable_type")})
        # A one-word name that is also one of the library's subjects ("email") is read as that subject; a name
        # that is merely a known word ("plan") is read both ways, the plain reading winning a tie.
        hidden = set(plain[0]) - set(named[0])
        subjects = {singular(name) for name in named[1].agents + named[1].types if "_" not in name} & set(_ENTITIES)
        readings: list[tuple[tuple[str, ...], Slots, float]] = []
        if not subjects:
            readings.append((named[0], named[1], _COLLISION_PENALTY if hidden & self.library.known_words else 1.0))
        if plain[0] != named[0]:
            readings.append((plain[0], plain[1], 1.0))
        ranked: list[tuple[float, Pair, Phrasing, Slots]] = []
        for pair in self.library.pairs:
            best: tuple[float, Phrasing, Slots] | None = None
            # A value the template takes ("failed", "last 7 days") says nothing about which pair is meant.
            neutral = {SLOT_TAGS[kind] for kind in pair.sql.kinds}
            for words, slots, factor in readings:
                asked = tuple(w for w in words if w not in neutral)
                for phrasing in pair.phrasings:
                    remaining = _consume(slots, pair, phrasing)
                    if remaining is None:
                        continue
                    shown = tuple(w for w in phrasing.tokens if w not in neutral)
                    score = self._similarity(asked, shown) * factor
                    if best is None or score > best[0]:
                        best = (score, phrasing, remaining)
            if best is not None:
                ranked.append((best[0], pair, best[1], best[2]))
        ranked.sort(key=lambda item: -item[0])
        if not ranked or ranked[0][0] < self.threshold:
            closest = f" The closest is {ranked[0][2].text!r} ({ranked[0][0]:.2f})." if ranked else ""
            raise error("no_confident_match", f"No verified question matches {question!r} closely enough to answer "
                        f"it safely.{closest} {self._can_answer()}")
        score, pair, phrasing, remaining = ranked[0]
        if len(ranked) > 1 and score - ranked[1][0] < self.margin:
            raise error("no_confident_match", f"{question!r} could mean {phrasing.text!r} or {ranked[1][2].text!r}; "
                                              "ask more precisely.")
        try:
            sql = pair.sql.render(remaining, vocabulary)
        except SlotMismatch as exc:
            raise error("no_confident_match", f"{question!r} matches {phrasing.text!r}, but {exc}.") from exc
        return Match(pair, phrasing, round(score, 3), sql, _explain(pair, remaining), remaining)

    def closest(self, question: str, vocabulary: dict[str, frozenset[str]], k: int) -> list[tuple[str, str]]:
        """The ``k`` pairs nearest to ``question`` as (phrasing, its SQL): few-shot examples for an LLM."""
        words, _ = analyse(question, self.library, vocabulary)
        scored = []
        for pair in self.library.pairs:
            score, phrasing = max(((self._similarity(words, p.tokens), p) for p in pair.phrasings),
                                  key=lambda item: item[0])
            scored.append((score, pair, phrasing))
        scored.sort(key=lambda item: -item[0])
        examples: list[tuple[str, str]] = []
        for _, pair, phrasing in scored:
            if len(examples) >= k:
                break
            try:
                examples.append((phrasing.text, pair.sql.render(phrasing.slots, vocabulary)))
            except SlotMismatch:
                continue
        return examples

    def _similarity(self, question: tuple[str, ...], phrasing: tuple[str, ...]) -> float:
        q, p = Counter(question), Counter(phrasing)
        weight = self._weight.get
        common = sum(min(q[t], p[t]) * weight(t, self._unknown_weight) for t in q.keys() & p.keys())
        total = sum(n * weight(t, self._unknown_weight) for t, n in (q + p).items())
        score = 2 * common / total if total else 0.0
        if q["each"] > p["each"]:
            return 0.0  # "per agent per day" has a grouping the pair does not: it would drop a dimension
        for a, b in _OPPOSITES:
            if (a in q and b in p and b not in q) or (b in q and a in p and a not in q):
                score *= _OPPOSITE_PENALTY  # "how many" is not "list", "oldest" is not "most recent"
        return score

    def _can_answer(self) -> str:
        return "Questions I can answer include: " + "; ".join(repr(q) for q in self.library.examples(6)) + "."


def _consume(question: Slots, pair: Pair, phrasing: Phrasing) -> Slots | None:
    """The question's slot values left for the pair's template, or None when a value would be left unused (the
    pair cannot mean this question). A value the phrasing names is an example when the pair takes that kind as
    a slot, and part of the pair's meaning ("how many completed") when it does not: then the question must
    name the same value."""
    params = pair.sql.kinds
    fixed = phrasing.slots
    left: dict[str, list[Any]] = {}
    for kind, asked, named in (("status", question.statuses, fixed.statuses), ("agent", question.agents, fixed.agents),
                               ("type", question.types, fixed.types)):
        if kind in params:
            if len(asked) > 1:
                return None
            left[kind] = list(asked)
        else:
            if sorted(asked) != sorted(named):
                return None
            left[kind] = []
    if question.window is not None and "window" not in params:
        return None
    if question.n is not None and "n" not in params and question.n != fixed.n:
        return None
    remaining = replace(question, statuses=left["status"], agents=left["agent"], types=left["type"],
                        n=question.n if "n" in params else None)
    if not pair.sql.required <= remaining.kinds():
        return None
    return remaining


def _explain(pair: Pair, slots: Slots) -> str:
    details = []
    if slots.window is not None:
        details.append(f"time window: {slots.window.label}")
    if slots.statuses:
        details.append(f"status: {slots.statuses[0][0]}")
    if slots.agents:
        details.append(f"agent: {slots.agents[0]}")
    if slots.types:
        details.append(f"type: {slots.types[0]}")
    if slots.n is not None:
        details.append(f"count: {slots.n}")
    return pair.explanation + (f" ({'; '.join(details)})" if details else "")
