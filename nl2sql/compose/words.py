"""Question text to words: lower case, contractions spelled out, quoted text kept apart, each word with its
canonical form (singular) for matching. Names with dots, dashes and underscores stay one word
(``gpt-4o-mini``, ``llm.generate``); an underscore is a space (``code_reviewer`` is "code reviewer")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTED = re.compile(r"[\"“”]([^\"“”]{1,200})[\"“”]")
_WORD = re.compile(r"[a-z0-9]+(?:[.\-/][a-z0-9]+)*|%")
_CONTRACTION_TEXT = (
    (r"\bwhat's\b", "what is"), (r"\bwhere's\b", "where is"), (r"\bwho's\b", "who is"), (r"\bhow's\b", "how is"),
    (r"\bthat's\b", "that is"), (r"\bthere's\b", "there is"), (r"\bit's\b", "it is"),
    (r"\bcan't\b", "can not"), (r"\bwon't\b", "will not"), (r"n't\b", " not"), (r"\bi've\b", "i have"),
    (r"\bi'm\b", "i am"), (r"\bi'd\b", "i would"), (r"\bwe've\b", "we have"), (r"\byou've\b", "you have"),
    (r"'s\b", ""), (r"s'(?=\s|$)", "s"),
)
_CONTRACTIONS = tuple((re.compile(pattern), replacement) for pattern, replacement in _CONTRACTION_TEXT)

#: Small numbers in words.
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
           "hundred": 100}


@dataclass(frozen=True)
class Word:
    text: str  # as written, lower case
    canon: str  # singular, for matching
    index: int


def singular(word: str) -> str:
    """A plural noun's singular; names (with digits or punctuation) and short words stay as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def normalize(text: str) -> tuple[str, list[str]]:
    """Lower-cased text with contractions spelled out, and the double-quoted passages taken out of it (each
    replaced by ``quoted``)."""
    quoted = [m.group(1) for m in _QUOTED.finditer(text)]
    text = _QUOTED.sub(" quoted ", text)
    text = text.lower().replace("’", "'").replace("‘", "'").replace("_", " ")
    if "'" in text:
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
    return text, quoted


def words(text: str) -> list[Word]:
    return [Word(w, singular(w), i) for i, w in enumerate(_WORD.findall(text))]


def phrase_key(text: str) -> tuple[str, ...]:
    """The canonical words of a phrase, for looking it up: ``"Project Steps"`` -> ``("project", "step")``."""
    spoken = text.lower().replace("_", " ")
    return tuple(singular(w) for w in _WORD.findall(spoken))
