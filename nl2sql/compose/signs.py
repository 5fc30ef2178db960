"""Tagging: every word of a question becomes part of exactly one sign, the longest phrase that means something
(a grammar word, a table, a column, one of the user's own values, a time window, a number), or filler, or an
unknown word. A sign may mean several things ("completed" is a status and a timestamp); the reader chooses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .grammar import FILLER, GRAMMAR, MAX_PHRASE, STATUS_WORDS
from .lexicon import Lexicon
from .windows import TimeWindow, find_windows
from .words import NUMBERS, Word, normalize, phrase_key, words

Vocabulary = dict[str, frozenset[str]]  # attribute key -> the user's values
_DECIMAL = re.compile(r"\d{1,6}\.\d{1,6}")


@dataclass(frozen=True)
class Meaning:
    kind: str  # entity verb attr time value | a grammar kind (count, group, order, ...) | number window quoted
    target: str = ""  # table, attribute key, timestamp column, or the grammar argument
    value: str = ""  # the value, for kind "value"
    surface: str = ""  # the phrase as the lexicon spells it


@dataclass
class Sign:
    start: int
    end: int
    text: str
    meanings: list[Meaning]
    number: int | float | None = None
    window: TimeWindow | None = None
    quoted: str | None = None
    used: bool = False
    role: str = ""  # what the reader made of it, for the explanation

    def kinds(self) -> set[str]:
        return {m.kind for m in self.meanings}

    def has(self, kind: str) -> bool:
        return any(m.kind == kind for m in self.meanings)

    def of(self, kind: str) -> list[Meaning]:
        return [m for m in self.meanings if m.kind == kind]

    @property
    def filler(self) -> bool:
        return self.kinds() == {"filler"}

    @property
    def unknown(self) -> bool:
        return not self.meanings


@dataclass
class ValueIndex:
    """The user's values as phrases: ``("rate", "limit")`` -> tasks.error_code = 'RATE_LIMIT'."""

    phrases: dict[tuple[str, ...], list[Meaning]] = field(default_factory=dict)

    def add(self, spoken: str, attribute: str, value: str) -> None:
        key = phrase_key(spoken)
        if key and len(key) <= MAX_PHRASE:
            meaning = Meaning("value", attribute, value, spoken)
            found = self.phrases.setdefault(key, [])
            if meaning not in found:
                found.append(meaning)


def value_index(vocabulary: Vocabulary, synonyms: dict[str, dict[str, tuple[str, ...]]] | None = None) \
        -> ValueIndex:
    index = ValueIndex()
    for attribute, values in vocabulary.items():
        column = attribute.split(".")[1]
        for value in values:
            if not value or len(value) > 60:
                continue
            lower = value.lower()
            for spoken in {lower, lower.replace("_", " "), lower.replace("_", "-")}:
                index.add(spoken, attribute, value)
            for spoken in (synonyms or {}).get(attribute, {}).get(value, ()):
                index.add(spoken, attribute, value)
            if column == "status":
                for word, candidates in STATUS_WORDS.items():
                    if next((c for c in candidates if c in values), None) == value:
                        index.add(word, attribute, value)
    return index


def tag(question: str, lexicon: Lexicon, values: ValueIndex) -> list[Sign]:
    text, quoted = normalize(question)
    text, windows = find_windows(text)
    items = words(text)
    signs: list[Sign] = []
    i = 0
    while i < len(items):
        sign = _special(items[i], windows, quoted) or _longest(items, i, lexicon, values)
        signs.append(sign)
        i = sign.end
    _settle(signs)
    return signs


def _settle(signs: list[Sign]) -> None:
    """Words whose sense their neighbour decides: "rate" after a value is a share ("failure rate"), otherwise
    the rating column ("how do I rate ...")."""
    content = [s for s in signs if not s.filler]
    for before, sign in zip([None, *content], content, strict=False):
        if sign.has("share") and sign.has("attr"):
            keep = "share" if before is not None and before.has("value") else "attr"
            drop = "attr" if keep == "share" else "share"
            sign.meanings = [m for m in sign.meanings if m.kind != drop]


def _special(word: Word, windows: list[TimeWindow], quoted: list[str]) -> Sign | None:
    text = word.text
    if text.startswith("zzwindow") and text[8:].isdigit():
        window = windows[int(text[8:])]
        return Sign(word.index, word.index + 1, window.text, [Meaning("window")], window=window)
    if text == "quoted" and quoted:
        return Sign(word.index, word.index + 1, f'"{quoted[0]}"', [Meaning("quoted")], quoted=quoted.pop(0))
    if text.isdigit() and len(text) <= 6:
        return Sign(word.index, word.index + 1, text, [Meaning("number")], number=int(text))
    if _DECIMAL.fullmatch(text):  # "more than 0.015"
        return Sign(word.index, word.index + 1, text, [Meaning("number")], number=float(text))
    return None


def _longest(items: list[Word], i: int, lexicon: Lexicon, values: ValueIndex) -> Sign:
    for length in range(min(MAX_PHRASE, len(items) - i), 0, -1):
        span = items[i:i + length]
        key = tuple(w.canon for w in span)
        raw = tuple(w.text for w in span)
        meanings: list[Meaning] = []
        meanings += values.phrases.get(key, []) + (values.phrases.get(raw, []) if raw != key else [])
        for kind, target, surface in lexicon.phrases.get(key, []):
            meanings.append(Meaning(kind, target, surface=surface))
        for attribute, direction in lexicon.superlatives.get(key, []):
            meanings.append(Meaning("superlative", attribute, direction))
        grammar = GRAMMAR.get(raw) or GRAMMAR.get(key)
        if grammar is not None:
            meanings.append(Meaning(grammar[0], grammar[1]))
        if length == 1:
            word = span[0].text
            if word in NUMBERS and not meanings:
                return Sign(i, i + 1, word, [Meaning("number")], number=NUMBERS[word])
            if word in FILLER and not meanings:
                meanings.append(Meaning("filler"))
        if meanings:
            return Sign(i, i + length, " ".join(raw), _dedupe(meanings))
    return Sign(i, i + 1, items[i].text, [])


def _dedupe(meanings: list[Meaning]) -> list[Meaning]:
    seen: list[Meaning] = []
    for meaning in meanings:
        if meaning not in seen:
            seen.append(meaning)
    return seen


# ---- where a word stands ------------------------------------------------------------------------------

def window_time_words(signs: list[Sign] | tuple[Sign, ...]) -> list[str]:
    """The timestamps named in the same clause as the time window ("completed per day over the last 14 days",
    but not the "completed" of "... in the last 7 days and how many completed"), or, with no window, every
    timestamp named (for "oldest", "latest")."""
    content = [s for s in signs if not s.filler]
    windows = [i for i, s in enumerate(content) if s.window is not None]
    if not windows:
        return [m.target for s in content for m in s.of("time")]
    near = [s for i, s in enumerate(content) if any(same_clause(content, i, w) for w in windows)]
    return [m.target for s in near for m in s.of("time")]


def attached_table(signs: list[Sign], sign: Sign) -> str | None:
    """The table named right after a value ("failed projects", "completed tasks"), if any."""
    content = [s for s in signs if not s.filler]
    index = content.index(sign)
    if index + 1 < len(content):
        tables = {m.target for m in content[index + 1].of("entity")}
        if len(tables) == 1:
            return tables.pop()
    return None


def same_clause(content: list[Sign], i: int, j: int) -> bool:
    """No "and" / "or" stands between the two signs."""
    low, high = sorted((i, j))
    return i != j and not any(s.kinds() & {"and", "or"} for s in content[low + 1:high])
