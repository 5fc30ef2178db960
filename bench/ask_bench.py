"""``ask`` end to end, in-process on a warm pool (vocabulary cached, as in a long-running service): p50/p95 for
the questions answered from verified questions and for those answered by composition. Also the answering step
alone (no database): the verified match with its word check, and the composition. Target: ask p50 <= 5 ms for
both sources. The machine's load average is printed beside the figures: on a shared machine they move with it.

    .venv/bin/python bench/ask_bench.py [--rounds 10]              # tuning set on a fresh demo database
    .venv/bin/python bench/ask_bench.py --questions dev            # dev questions on the shared fixture
    # NL2SQL_BENCH_DSN=... or the embedded server
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ALICE, ROOT, SHARED, demo_database, fixture_database, summary, timings

from nl2sql import Client, Settings
from nl2sql.assistant import Assistant
from nl2sql.errors import NoAnswer
from nl2sql.evaluation import load_eval_file

TUNING = ROOT / "tests" / "compose" / "tuning.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--questions", choices=("tuning", "dev"), default="tuning")
    args = parser.parse_args()
    if args.questions == "dev":
        path, dsn = SHARED / "eval" / "dev_questions.jsonl", fixture_database(f"nl2sql_ask_bench_{os.getpid()}")
    else:
        path, dsn = TUNING, demo_database(f"nl2sql_ask_bench_{os.getpid()}")
    questions = [case.question for case in load_eval_file(path) if not case.must_decline]
    with Client(dsn, Settings(), pooled=True) as client:
        assistant = Assistant(client)
        by_source: dict[str, list[str]] = {}
        for question in questions:
            try:
                by_source.setdefault(assistant.ask(question, user_id=ALICE).source, []).append(question)
            except NoAnswer:
                continue
        vocabulary = assistant.vocabulary.for_user(uuid.UUID(ALICE))
        report: dict[str, object] = {"questions": args.questions, "rounds": args.rounds, "target_p50_us": 5000,
                                     "load_average": os.getloadavg()[0]}
        for source, asked in sorted(by_source.items()):
            report[source] = {
                "questions": len(asked),
                "ask": summary(timings(lambda q: assistant.ask(q, user_id=ALICE), asked, args.rounds)),
                "answering_only": summary(timings(lambda q: assistant._answer(q, vocabulary), asked, args.rounds)),
            }
    _drop(dsn)
    print(json.dumps(report, indent=2))


def _drop(dsn: str) -> None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    from nl2sql.db.embedded import with_database

    with psycopg.connect(with_database(dsn, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{conninfo_to_dict(dsn)["dbname"]}" WITH (FORCE)'.encode())


if __name__ == "__main__":
    main()
