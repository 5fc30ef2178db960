"""Verified-question matching measured on held-out paraphrases: each case names the pair (and slot values) it
must be answered with, or ``null`` when it must be declined. Wrong answers are counted apart from abstentions,
because a wrong answer is worse than none."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NoAnswer


@dataclass
class HeldoutReport:
    total: int = 0
    correct: int = 0
    wrong: int = 0
    abstained: int = 0
    answerable: int = 0
    answerable_correct: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "correct": self.correct, "wrong": self.wrong, "abstained": self.abstained,
                "correct_rate": round(self.correct / self.total, 4) if self.total else 0.0,
                "wrong_rate": round(self.wrong / self.total, 4) if self.total else 0.0,
                "answerable": self.answerable, "answerable_correct": self.answerable_correct,
                "must_decline": self.total - self.answerable,
                "declined_correctly": self.correct - self.answerable_correct, "failures": self.failures}


def load_cases(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def score(cases: list[dict[str, Any]], answer: Any) -> HeldoutReport:
    """``answer(question)`` returns a ``verified.Match`` or raises NoAnswer to decline."""
    report = HeldoutReport()
    for case in cases:
        report.total += 1
        expected_pair, expected_slots = case.get("pair"), case.get("slots", {})
        report.answerable += expected_pair is not None
        try:
            match = answer(case["q"])
        except NoAnswer as declined:
            if expected_pair is None:
                report.correct += 1  # declining is right; the reason is checked by the assistant's own tests
            else:
                report.abstained += 1
                report.failures.append({"q": case["q"], "expected": expected_pair, "got": declined.code})
            continue
        got = match.slot_values()
        ok = match.pair.id == expected_pair and got == expected_slots
        if ok:
            report.correct += 1
            report.answerable_correct += 1
        else:
            report.wrong += 1
            report.failures.append({"q": case["q"], "expected": expected_pair, "expected_slots": expected_slots,
                                    "got": match.pair.id, "got_slots": got})
    return report
