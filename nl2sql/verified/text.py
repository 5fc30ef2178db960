"""Question text to matching tokens: lower case, synonyms to one word, plurals to singular, typos to the
nearest word the library knows. Phrases are replaced before words so "how many" and "number of" both become
``count``."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

# Multi-word phrases first (longest wins), each to one canonical token; "" drops the phrase.
PHRASES: dict[str, str] = {
    "how many": "count", "number of": "count", "total number of": "count", "count of": "count",
    "how much": "amount", "give me": "list", "get me": "list", "did i get": "", "have i got": "",
    "show me": "list", "tell me": "list", "what are": "list",
    "for each": "each", "for every": "each", "broken down by": "each", "break down by": "each",
    "grouped by": "each", "group by": "each", "split by": "each", "per each": "each", "breakdown by": "each",
    "in progress": "in_progress", "in-progress": "in_progress", "time out": "timeout", "timed out": "timeout",
    "timing out": "timeout", "most recent": "recent", "most recently": "recent", "still open": "open",
    "not finished": "open", "not ended": "open", "work product": "deliverable", "work products": "deliverable",
    "sub project": "subproject", "sub projects": "subproject", "sub-project": "subproject",
    "sub-projects": "subproject", "more than one": "multiple", "several": "multiple", "e-mail": "email",
    "email address": "email", "on average": "average", "do i have": "", "have i": "", "i have": "", "i own": "",
    "of mine": "", "do i": "", "did i": "", "i did": "", "i've": "", "per cent": "percent",
}

WORDS: dict[str, str] = {
    "show": "list", "list": "list", "display": "list", "find": "list", "see": "list",
    "view": "list", "get": "", "which": "list", "what": "list", "whats": "list", "all": "",
    "count": "count", "many": "count", "total": "total", "sum": "total", "overall": "total",
    "per": "each", "each": "each", "by": "each", "every": "each", "breakdown": "each", "across": "each",
    "chat": "conversation", "chats": "conversation", "session": "conversation", "sessions": "conversation",
    "thread": "conversation", "threads": "conversation", "convo": "conversation", "convos": "conversation",
    "job": "task", "jobs": "task", "request": "task", "requests": "task",
    "output": "deliverable", "outputs": "deliverable", "artifact": "deliverable", "artifacts": "deliverable",
    "assistant": "agent", "bot": "agent", "bots": "agent",
    "spend": "cost", "spent": "cost", "spending": "cost", "money": "cost", "dollar": "cost", "dollars": "cost",
    "usd": "cost", "costs": "cost", "price": "cost", "expensive": "cost",
    "rating": "rating", "rated": "rating", "score": "rating", "scores": "rating", "star": "rating",
    "stars": "rating", "feedback": "rating",
    "recent": "recent", "recently": "recent", "latest": "recent", "newest": "recent", "last": "recent",
    "oldest": "oldest", "earliest": "oldest",
    "llm": "model", "models": "model",
    "revision": "version", "revisions": "version",
    "percentage": "share", "percent": "share", "fraction": "share", "proportion": "share", "rate": "share",
    "ratio": "share", "share": "share",
    "mean": "average", "avg": "average", "typical": "average",
    "duration": "time", "long": "time", "took": "time", "take": "time", "takes": "time", "seconds": "time",
    "open": "open", "ongoing": "open", "unfinished": "open", "active": "active", "live": "active",
    "unattached": "orphan", "orphan": "orphan", "orphaned": "orphan", "without": "without", "no": "without",
    "not": "without", "missing": "without",
    "step": "step", "stage": "step", "stages": "step",
    "kind": "type", "kinds": "type", "types": "type", "category": "type", "categories": "type",
    "address": "email", "mail": "email",
    "daily": "day", "days": "day", "day": "day",
    "timeouts": "timeout", "timeout": "timeout",
    "usage": "token", "used": "use", "using": "use", "consumed": "use", "consume": "use",
    "produced": "produce", "created": "create", "made": "create", "generated": "produce", "creates": "create",
    "most": "most", "top": "most", "biggest": "most", "highest": "most", "largest": "most",
    "error": "error", "errors": "error", "reason": "error", "reasons": "error", "why": "error",
}

STOPWORDS = frozenset("""a an the of in on at to for from with my me i mine our we you your is are was were be been
do does did done have has had it its this that these those there their them they and or please can could would
will should about any some so up out just ever far yet currently right now got gotten moment there
were""".split())

_TOKEN = re.compile(r"[a-z0-9_]+|<\w+>")


def normalize(text: str) -> str:
    """Lower case, apostrophes and punctuation to spaces, one space between words."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9_<>\-' ]+", " ", text)
    return " ".join(text.replace("'", "").split())


def replace_phrases(text: str) -> str:
    for phrase in sorted(PHRASES, key=len, reverse=True):
        if phrase in text:
            text = re.sub(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", f" {PHRASES[phrase]} ", text)
    return " ".join(text.split())


def singular(word: str) -> str:
    if len(word) <= 3 or word.startswith("<"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def _corrected(word: str, known: frozenset[str]) -> str:
    """The known word one edit away (a letter added, dropped, changed or two swapped), else the nearest by
    difflib when it is very close; short words only take one edit."""
    close = [k for k in known if abs(len(k) - len(word)) <= 1 and k[0] == word[0] and one_edit(word, k)]
    if close:
        return sorted(close)[0]
    nearest = difflib.get_close_matches(word, known, n=1, cutoff=0.85) if len(word) >= 7 else []
    return nearest[0] if nearest else word


def one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter changed, added or dropped, or two neighbours swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]]
                                   and a[diffs[1]] == b[diffs[0]])
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


#: Words the matcher reads without a library: phrase words, synonyms, stopwords (typos are corrected to these too).
BASE_LEXICON = frozenset(w for phrase in PHRASES for w in phrase.split()) | frozenset(WORDS) | STOPWORDS | \
    frozenset("how many last past previous today yesterday this week weeks month months year years hour hours day "
              "days ago top first one two three four five six seven eight nine ten twenty thirty".split())


def correct_typos(text: str, lexicon: frozenset[str]) -> str:
    """Each word that is not in ``lexicon`` becomes the lexicon word one edit away, if there is one (small
    typos: a letter added, dropped, changed or two swapped). Runs before anything else reads the words."""
    words = []
    for word in text.split():
        if word in lexicon or singular(word) in lexicon or len(word) < 4 or not word.isalpha():
            words.append(word)
        else:
            words.append(_corrected(word, lexicon))
    return " ".join(words)


def tokens(text: str) -> list[str]:
    """Matching tokens of already slot-tagged (and typo-corrected) text."""
    out: list[str] = []
    for raw in _TOKEN.findall(replace_phrases(text)):
        word = WORDS.get(raw, raw)
        if word and word not in WORDS.values():
            word = singular(word)
            word = WORDS.get(word, word)
        if not word or word in STOPWORDS:
            continue
        out.append(word)
    return out
