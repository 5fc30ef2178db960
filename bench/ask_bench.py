"""``ask`` answered from the verified library, in-process on a warm pool (vocabulary cached, as in a
long-running service), over the dev questions the library answers. Target: p50 <= 5 ms.

    .venv/bin/python bench/ask_bench.py [--rounds 30]      # NL2SQL_BENCH_DSN=... or the embedded server
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ALICE, dev_questions, fixture_database, summary, timings

from nl2sql import Client, Settings
from nl2sql.assistant import Assistant
from nl2sql.errors import NoAnswer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with Client(fixture_database(), Settings(), pooled=True) as client:
        assistant = Assistant(client)
        answered = []
        for question in dev_questions():
            try:
                assistant.ask(question, user_id=ALICE)
                answered.append(question)
            except NoAnswer:
                continue
        vocabulary = assistant.vocabulary.for_user(uuid.UUID(ALICE))
        match = summary(timings(lambda q: assistant.match(q, vocabulary), answered, args.rounds))
        ask = summary(timings(lambda q: assistant.ask(q, user_id=ALICE), answered, args.rounds))
    print(json.dumps({"questions": len(answered), "rounds": args.rounds, "match_only": match, "ask": ask,
                      "target_p50_us": 5000}, indent=2))


if __name__ == "__main__":
    main()
