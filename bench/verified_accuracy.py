"""Verified-question matching on held-out paraphrases (tests/verified/heldout.jsonl, written apart from the
library and never used to tune it). Target: >= 85% answered correctly, <= 2% answered wrongly.

    .venv/bin/python bench/verified_accuracy.py [--failures]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from nl2sql import Client, Settings
from nl2sql.assistant import Assistant
from nl2sql.db import demo_data
from nl2sql.evaluation.heldout import load_cases, score

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "verified" / "heldout.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--failures", action="store_true", help="print every miss")
    args = parser.parse_args()
    assistant = Assistant(Client(None, Settings()))
    vocabulary = assistant.library.seed_vocabulary()
    # The demo database's own values, as a user's vocabulary would hold them.
    vocabulary["agent"] = frozenset(demo_data.AGENTS)
    vocabulary["deliverable_type"] = vocabulary["deliverable_type"] | frozenset(demo_data.DELIVERABLE_TYPES)
    report = score(load_cases(HELDOUT), lambda q: assistant.match(q, vocabulary)).as_dict()
    if not args.failures:
        report.pop("failures")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
