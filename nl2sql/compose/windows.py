"""Time windows in a question ("in the last 7 days", "yesterday", "this month"), read into data (``build``
writes them as SQL). The conventions are the verified questions' own: "last/past N days" is rolling from
now, "last month" is now() - 1 month, "today", "yesterday" and "this week/month/year" are calendar periods in
the database's time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .words import NUMBERS

_NUMBER = r"(\d{1,4}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
_UNIT = r"(hour|day|week|month|year)s?"
_LEAD = r"(?:(?:in|during|over|within|for|from|of)\s+)?(?:the\s+)?"


@dataclass(frozen=True)
class TimeWindow:
    """``kind`` rolling: the last ``amount`` ``unit``s up to now; calendar: since the start of the current
    ``unit``; yesterday: the whole previous day."""

    kind: str
    amount: int
    unit: str
    text: str

    @property
    def label(self) -> str:
        if self.kind == "rolling":
            return f"the last {self.amount} {self.unit}{'s' if self.amount != 1 else ''}"
        if self.kind == "calendar":
            return "today" if self.unit == "day" else f"this {self.unit}"
        return "yesterday"


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{_LEAD}(?:last|past|previous|recent|trailing)\s+{_NUMBER}\s+{_UNIT}\b"), "rolling"),
    (re.compile(rf"\b{_LEAD}(?:last|past|previous)\s+{_UNIT}\b"), "rolling1"),
    (re.compile(rf"\b{_NUMBER}\s+{_UNIT}\s+ago\b"), "rolling"),
    (re.compile(r"\b(?:since\s+(?:the\s+)?(?:start|beginning)\s+of\s+|so\s+far\s+|in\s+|during\s+|for\s+)?"
                r"this\s+(day|week|month|year)(?:\s+so\s+far)?\b"), "calendar"),
    (re.compile(r"\b(?:so\s+far\s+|for\s+|from\s+)?today(?:\s+so\s+far)?\b"), "today"),
    (re.compile(r"\b(?:for\s+|from\s+|on\s+)?yesterday\b"), "yesterday"),
]


def find_windows(text: str) -> tuple[str, list[TimeWindow]]:
    """The text with each window replaced by a placeholder word (``zzwindow0``), and the windows."""
    found: list[TimeWindow] = []
    for pattern, kind in _PATTERNS:
        def replace(match: re.Match[str], kind: str = kind) -> str:
            found.append(_window(kind, match))
            return f" zzwindow{len(found) - 1} "
        text = pattern.sub(replace, text)
    return text, found


def _window(kind: str, match: re.Match[str]) -> TimeWindow:
    text = " ".join(match.group(0).split())
    if kind == "rolling":
        amount = _number(match.group(1))
        return TimeWindow("rolling", max(1, min(amount, 10_000)), match.group(2), text)
    if kind == "rolling1":
        return TimeWindow("rolling", 1, match.group(1), text)
    if kind == "calendar":
        return TimeWindow("calendar", 0, match.group(1), text)
    if kind == "today":
        return TimeWindow("calendar", 0, "day", text)
    return TimeWindow("yesterday", 1, "day", text)


def _number(word: str) -> int:
    if word.isdigit():
        return int(word)
    return 1 if word in ("a", "an") else NUMBERS[word]
