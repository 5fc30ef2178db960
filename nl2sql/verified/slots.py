"""Typed slots: the values a question carries (a time window, a status, an agent, a deliverable type, a
count), found in the text, checked against the vocabulary, and written into SQL only as values this module
renders itself: integers, fixed interval expressions, and string literals quoted by ``identifiers``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..identifiers import string_literal

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
            "thirty": 30, "couple": 2, "few": 3}
_NUMBER = r"(\d{1,4}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
_UNIT = r"(hour|day|week|month|year)s?"
_UNITS = {"hour": "hours", "day": "days", "week": "days", "month": "months", "year": "years"}

# Status words people use, to the values a status column holds (first one the column has wins).
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "failed": ("failed",), "failing": ("failed",), "failure": ("failed",), "failures": ("failed",),
    "fail": ("failed",), "fails": ("failed",), "errored": ("failed",), "unsuccessful": ("failed",),
    "completed": ("completed",), "complete": ("completed",), "done": ("completed",), "finished": ("completed",),
    "succeeded": ("completed",), "successful": ("completed",), "success": ("completed",),
    "in_progress": ("in_progress", "running"), "running": ("running", "in_progress"),
    "pending": ("pending",), "queued": ("pending",), "waiting": ("pending",),
    "cancelled": ("cancelled",), "canceled": ("cancelled",), "aborted": ("cancelled",), "cancel": ("cancelled",),
    "planning": ("planning",), "planned": ("planning",), "skipped": ("skipped",),
}

# Phrases whose words must not be read as slots ("more than one" is not a count, "error code" not a type).
_PROTECT = {"more than one": "multiple", "error code": "errorcode", "error codes": "errorcode",
            "in progress": "in_progress", "in-progress": "in_progress", "one by one": ""}

#: Slot kind -> the token that stands for its value in matching text.
SLOT_TAGS = {"window": "<window>", "n": "<n>", "status": "<status>", "agent": "<agent>", "type": "<type>"}


@dataclass(frozen=True)
class Window:
    """A time range as SQL: ``since`` (and ``until`` when the range ends before now)."""

    since: str
    until: str | None = None
    label: str = ""

    def predicate(self, column: str) -> str:
        text = f"{column} >= {self.since}"
        return text + (f" AND {column} < {self.until}" if self.until else "")


@dataclass
class Slots:
    """What one question carries, and its text with each value replaced by a tag."""

    tagged: str
    window: Window | None = None
    n: int | None = None
    statuses: list[tuple[str, ...]] = field(default_factory=list)  # each: candidate column values
    agents: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)

    def kinds(self) -> set[str]:
        found = {k for k, v in (("window", self.window), ("n", self.n)) if v is not None}
        found |= {k for k, v in (("status", self.statuses), ("agent", self.agents), ("type", self.types)) if v}
        return found


def extract(text: str, agents: frozenset[str], types: frozenset[str]) -> Slots:
    """Find slot values in normalized text. ``agents`` and ``types`` are the vocabulary to recognise."""
    for phrase, replacement in _PROTECT.items():
        if phrase in text:  # a pattern is compiled only for a phrase the text holds
            text = re.sub(rf"\b{re.escape(phrase)}\b", replacement, text)
    slots = Slots(text)
    slots.tagged = _extract_window(slots.tagged, slots)
    slots.tagged = _extract_named(slots.tagged, agents, "<agent>", slots.agents, plural=False)
    slots.tagged = _extract_named(slots.tagged, types, "<type>", slots.types, plural=True)
    words = []
    for word in slots.tagged.split():
        if word in STATUS_WORDS:
            slots.statuses.append(STATUS_WORDS[word])
            words.append("<status>")
        elif slots.n is None and (word.isdigit() or (word in _NUMBERS and word not in ("a", "an", "few"))):
            slots.n = int(word) if word.isdigit() else _NUMBERS[word]
            words.append("<n>")
        else:
            words.append(word)
    slots.tagged = " ".join(words)
    return slots


def _extract_window(text: str, slots: Slots) -> str:
    patterns: list[tuple[str, object]] = [
        (rf"\b(?:in |during |over |within |for )?(?:the )?(?:last|past|previous|recent) {_NUMBER} {_UNIT}\b",
         lambda m: _rolling(_number(m.group(1)), m.group(2))),
        (rf"\b(?:in |during |over |within |for )?(?:the )?(?:last|past|previous) {_UNIT}\b",
         lambda m: _rolling(1, m.group(1))),
        (rf"\b{_NUMBER} {_UNIT} ago\b", lambda m: _rolling(_number(m.group(1)), m.group(2))),
        (r"\b(?:for |from )?today\b", lambda m: Window("date_trunc('day', now())", label="today")),
        (r"\b(?:for |from )?yesterday\b", lambda m: Window("date_trunc('day', now()) - interval '1 day'",
                                                         "date_trunc('day', now())", "yesterday")),
        (r"\b(?:in |during )?this (week|month|year)\b",
         lambda m: Window(f"date_trunc('{m.group(1)}', now())", label=f"this {m.group(1)}")),
    ]
    for pattern, build in patterns:
        match = re.search(pattern, text)
        if match:
            slots.window = build(match)  # type: ignore[operator]
            return text[:match.start()] + " <window> " + text[match.end():]
    return text


def _rolling(count: int, unit: str) -> Window:
    count = max(1, min(count, 10_000))
    amount = count * 7 if unit == "week" else count
    return Window(f"now() - interval '{amount} {_UNITS[unit]}'", label=f"last {count} {unit}(s)")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


def _extract_named(text: str, names: frozenset[str], tag: str, found: list[str], *, plural: bool) -> str:
    # Longest names first, so "data analyst" is not read as "data".
    for name in sorted(names, key=len, reverse=True):
        written = name.lower()
        said = written.replace("_", " ").replace("-", " ")
        if said not in text and written not in text:
            continue  # no pattern to compile for a name the text does not hold
        forms = [re.escape(said), re.escape(written)]
        pattern = r"\b(?:" + "|".join(forms) + (r")(?:e?s)?\b" if plural else r")\b")
        if re.search(pattern, text):
            found.append(name)
            text = re.sub(pattern, f" {tag} ", text)
    return " ".join(text.split())


def sql_string(value: str) -> str:
    """A string literal PostgreSQL reads back as exactly ``value`` (the guard then parses the whole SQL)."""
    return string_literal(value)
