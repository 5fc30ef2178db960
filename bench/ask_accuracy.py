"""Execution accuracy of ``ask`` (no LLM): correct / wrong / abstained, overall and per source, the same way
``nl2sql eval`` measures it (gold rows vs answer rows, as alice).

    .venv/bin/python bench/ask_accuracy.py heldout     # tests/compose/heldout.jsonl on a fresh demo database
    .venv/bin/python bench/ask_accuracy.py tuning      # tests/compose/tuning.jsonl on a fresh demo database
    .venv/bin/python bench/ask_accuracy.py dev         # ../shared/eval/dev_questions.jsonl on the shared fixture
    ... [--failures]                                   # also print every case that was not correct

The held-out set is measured at checkpoints only, without ``--failures``: its misses are not looked at while
the assistant is being worked on (the tuning set is the one to look at). NL2SQL_BENCH_DSN names a server to
create the databases on; else an embedded one is started.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ALICE, ROOT, SHARED, demo_database, fixture_database

from nl2sql import Client, Settings
from nl2sql.assistant import Assistant
from nl2sql.evaluation import evaluate, load_eval_file

SETS = {
    "heldout": (ROOT / "tests" / "compose" / "heldout.jsonl", "demo"),
    "tuning": (ROOT / "tests" / "compose" / "tuning.jsonl", "demo"),
    "dev": (SHARED / "eval" / "dev_questions.jsonl", "fixture"),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("set", choices=sorted(SETS))
    parser.add_argument("--failures", action="store_true", help="print every case that was not correct")
    args = parser.parse_args()
    path, database = SETS[args.set]
    suffix = f"_{os.getpid()}"
    dsn = demo_database("nl2sql_acc_demo" + suffix) if database == "demo" else \
        fixture_database("nl2sql_acc_fixture" + suffix)
    settings = Settings()
    cap = settings.hard_max_rows
    with Client(dsn, settings, pooled=True) as client:
        assistant = Assistant(client)
        report = evaluate(load_eval_file(path), lambda sql: client.sql(sql, user_id=ALICE, max_rows=cap),
                          lambda q: assistant.ask(q, user_id=ALICE, max_rows=cap))
    summary = report.as_dict()
    cases = summary.pop("cases")
    print(json.dumps({"set": args.set, "file": path.name, **summary},
                     indent=2))
    if args.failures:
        for case in cases:
            if case["outcome"] != "correct":
                print(json.dumps(case))
    _drop(dsn)


def _drop(dsn: str) -> None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    from nl2sql.db.embedded import with_database

    name = conninfo_to_dict(dsn)["dbname"]
    with psycopg.connect(with_database(dsn, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


if __name__ == "__main__":
    main()
