"""Match a question to a verified pair, or abstain. A wrong answer is worse than none, so a match needs a
high score, a clear lead over the next pair, and every value the question carries used by the pair (a time
window the pair would ignore makes it the wrong pair, however similar the words)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace

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
#: Pairs that cannot score this much are not scored at all (they are never answered, nor named as nearest).
_NOT_NEAR = 0.3
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
        # A value the template takes ("failed", "last 7 days") says nothing about which pair is meant, so its
        # tag is left out on both sides. Each phrasing's tokens and weight are counted once, here.
        self._neutral = {pair.id: frozenset(SLOT_TAGS[kind] for kind in pair.sql.kinds) for pair in library.pairs}
        self._shown: dict[str, list[tuple[Phrasing, Counter[str], float]]] = {}
        for pair in library.pairs:
            rows = []
            for phrasing in pair.phrasings:
                shown = Counter(t for t in phrasing.tokens if t not in self._neutral[pair.id])
                rows.append((phrasing, shown, self._mass(shown)))
            self._shown[pair.id] = rows
        # Every token any phrasing of a pair shows, and its lightest phrasing: an upper bound on how well a
        # question can score against the pair, so pairs that cannot come near are not scored phrasing by phrasing.
        self._vocab = {pid: frozenset(t for _, shown, _ in rows for t in shown) for pid, rows in self._shown.items()}
        self._lightest = {pid: min(mass for _, _, mass in rows) for pid, rows in self._shown.items()}

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
        # what a reading leaves a template depends only on the template's slot kinds: worked out once per kind set
        remains: dict[tuple[int, frozenset[str], frozenset[str]], Slots | None] = {}
        askeds: dict[tuple[int, frozenset[str]], tuple[Counter[str], float]] = {}  # the question's tokens, likewise
        for pair in self.library.pairs:
            best: tuple[float, Phrasing, Slots] | None = None
            params = pair.sql.kinds
            neutral = self._neutral[pair.id]
            for index, (words, slots, factor) in enumerate(readings):
                key = (index, params, pair.sql.required)
                if key not in remains:
                    remains[key] = _remaining(slots, pair)
                remaining = remains[key]
                if remaining is None:
                    continue
                seen = askeds.get((index, neutral))
                if seen is None:
                    asked = Counter(w for w in words if w not in neutral)
                    seen = askeds[(index, neutral)] = (asked, self._mass(asked))
                asked, asked_mass = seen
                if self._bound(asked, asked_mass, pair.id) < _NOT_NEAR:
                    continue
                for phrasing, shown, shown_mass in self._shown[pair.id]:
                    if not _fits(slots, params, phrasing.slots):
                        continue
                    score = self._scored(asked, asked_mass, shown, shown_mass) * factor
                    if best is None or score > best[0]:
                        best = (score, phrasing, remaining)
            if best is not None:
                ranked.append((best[0], pair, best[1], best[2]))
        ranked.sort(key=lambda item: -item[0])
        if not ranked or ranked[0][0] < self.threshold:
            closest = f" The closest is {ranked[0][2].text!r} ({ranked[0][0]:.2f})." if ranked else ""
            raise error("no_confident_match", f"No verified question matches {question!r} closely enough to answer "
                        f"it safely.{closest} {self._can_answer(ranked)}")
        score, pair, phrasing, remaining = ranked[0]
        if len(ranked) > 1 and score - ranked[1][0] < self.margin:
            raise error("no_confident_match", f"{question!r} could mean {phrasing.text!r} or {ranked[1][2].text!r}; "
                                              "ask more precisely.")
        try:
            sql = pair.sql.render(remaining, vocabulary)
        except SlotMismatch as exc:
            raise error("no_confident_match", f"{question!r} matches {phrasing.text!r}, but {exc}.") from exc
        chosen = pair.sql.chosen_status(remaining, vocabulary)
        if chosen is not None:
            remaining = replace(remaining, statuses=[(chosen,)])  # report the value the SQL uses
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
        return self._scored(q, self._mass(q), p, self._mass(p))

    def _bound(self, asked: Counter[str], asked_mass: float, pair_id: str) -> float:
        """The best weighted Dice any phrasing of the pair could reach: every question token the pair knows in
        common, against its lightest phrasing."""
        vocab, weight, unknown = self._vocab[pair_id], self._weight.get, self._unknown_weight
        common = sum(n * weight(t, unknown) for t, n in asked.items() if t in vocab)
        total = asked_mass + self._lightest[pair_id]
        return 2 * common / total if total else 0.0

    def _mass(self, tokens: Counter[str]) -> float:
        weight, unknown = self._weight.get, self._unknown_weight
        return sum(n * weight(t, unknown) for t, n in tokens.items())

    def _scored(self, q: Counter[str], q_mass: float, p: Counter[str], p_mass: float) -> float:
        """Weighted Dice similarity of two token multisets, with the rules that veto or damp a match."""
        weight, unknown = self._weight.get, self._unknown_weight
        common = sum(min(q[t], p[t]) * weight(t, unknown) for t in q.keys() & p.keys())
        total = q_mass + p_mass
        score = 2 * common / total if total else 0.0
        if q["each"] > p["each"]:
            return 0.0  # "per agent per day" has a grouping the pair does not: it would drop a dimension
        for a, b in _OPPOSITES:
            if (a in q and b in p and b not in q) or (b in q and a in p and a not in q):
                score *= _OPPOSITE_PENALTY  # "how many" is not "list", "oldest" is not "most recent"
        return score

    def _can_answer(self, ranked: list[tuple[float, Pair, Phrasing, Slots]]) -> str:
        """The nearest questions it can answer (what the user probably meant), else a sample of the library."""
        nearest = [phrasing.text for score, _, phrasing, _ in ranked[:4] if score > 0.3]
        examples = nearest or self.library.examples(6)
        return "Questions I can answer include: " + "; ".join(repr(q) for q in examples) + "."


def _remaining(question: Slots, pair: Pair) -> Slots | None:
    """The question's values the pair's template will use (None if it cannot use them all): every value of a
    kind the template takes (one each at most), nothing of the kinds it does not take."""
    params = pair.sql.kinds
    if any(len(values) > 1 for kind, values in (("status", question.statuses), ("agent", question.agents),
                                                ("type", question.types)) if kind in params):
        return None
    if question.window is not None and "window" not in params:
        return None
    remaining = replace(question, statuses=question.statuses if "status" in params else [],
                        agents=question.agents if "agent" in params else [],
                        types=question.types if "type" in params else [],
                        n=question.n if "n" in params else None)
    return remaining if pair.sql.required <= remaining.kinds() else None


def _fits(question: Slots, params: frozenset[str], named: Slots) -> bool:
    """A value the phrasing names is an example when the pair takes that kind as a slot, and part of the pair's
    meaning ("how many completed") when it does not: then the question must name the same value."""
    for kind, asked, shown in (("status", question.statuses, named.statuses), ("agent", question.agents, named.agents),
                               ("type", question.types, named.types)):
        if kind not in params and sorted(asked) != sorted(shown):
            return False
    return not (question.n is not None and "n" not in params and question.n != named.n)


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
