"""Verified-question matching on held-out paraphrases (tests/verified/heldout.jsonl, written apart from the
library; no pair or phrasing was added for it). Target: >= 85% answered correctly, <= 2% answered wrongly.

    .venv/bin/python bench/verified_accuracy.py [--failures]
    .venv/bin/python bench/verified_accuracy.py --leave-one-out   # how THRESHOLD and MARGIN were chosen

Leave-one-out uses only the library: each phrasing is removed from its pair and asked; the threshold and
margin are the ones with the fewest wrong answers there.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from nl2sql import Client, Settings
from nl2sql.assistant import Assistant
from nl2sql.db import demo_data
from nl2sql.errors import NoAnswer
from nl2sql.evaluation.heldout import load_cases, score
from nl2sql.verified import Library, Matcher

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "verified" / "heldout.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--failures", action="store_true", help="print every miss")
    parser.add_argument("--leave-one-out", action="store_true", help="threshold/margin sweep on the library only")
    args = parser.parse_args()
    assistant = Assistant(Client(None, Settings()))
    if args.leave_one_out:
        print(json.dumps(leave_one_out(assistant.library), indent=2))
        return
    # The demo database's own values, as a user's vocabulary would hold them.
    vocabulary = assistant.vocabulary.seed({"agent": demo_data.AGENTS, "deliverable_type": demo_data.DELIVERABLE_TYPES})
    report = score(load_cases(HELDOUT), lambda q: assistant.match(q, vocabulary)).as_dict()
    if not args.failures:
        report.pop("failures")
    print(json.dumps(report, indent=2))


def leave_one_out(library: Library) -> list[dict[str, float]]:
    vocabulary = library.seed_vocabulary()
    rows = []
    for threshold in (0.65, 0.7, 0.75, 0.8):
        for margin in (0.0, 0.05, 0.1):
            counts = {"threshold": threshold, "margin": margin, "correct": 0, "wrong": 0, "abstained": 0}
            for i, pair in enumerate(library.pairs):
                for j, phrasing in enumerate(pair.phrasings):
                    rest = replace(pair, phrasings=tuple(p for k, p in enumerate(pair.phrasings) if k != j))
                    matcher = Matcher(replace(library, pairs=[*library.pairs[:i], rest, *library.pairs[i + 1:]]),
                                      threshold=threshold, margin=margin)
                    try:
                        found = matcher.match(phrasing.text, vocabulary)
                    except NoAnswer:
                        counts["abstained"] += 1
                        continue
                    counts["correct" if found.pair.id == pair.id else "wrong"] += 1
            rows.append(counts)
    return rows


if __name__ == "__main__":
    main()
