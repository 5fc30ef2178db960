"""The guard's differential fuzzer, run long: random hostile fragments (``tests/fuzzing.py``) through the guard
as alice on a database of every user's rows, each answer checked against the same SQL on a database holding
only alice's rows; plus PostgreSQL's own names for subquery columns checked against the guard's model.
Reports how many queries were tried, answered, refused and failed, and stops at the first counterexample.

    .venv/bin/python bench/fuzz_guard.py [--examples 5000] [--seed N]

Uses NL2SQL_BENCH_DSN's server (e.g. postgresql://postgres@127.0.0.1:5432/postgres) or an embedded one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from hypothesis import HealthCheck, given, seed, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nl2sql import Client, Settings, load_catalog  # noqa: E402
from nl2sql.db import demo_data  # noqa: E402
from nl2sql.db.embedded import start_embedded, with_database  # noqa: E402
from nl2sql.db.loader import create_schema, load_rows  # noqa: E402
from tests.fuzzing import hostile_queries  # noqa: E402
from tests.test_differential import check_against_oracle  # noqa: E402


def databases() -> tuple[str, str]:
    server = os.environ.get("NL2SQL_BENCH_DSN") or start_embedded(Path(tempfile.gettempdir()) / "nl2sql-bench-pg")
    catalog = load_catalog(Settings().schema_doc)
    now = datetime.now(UTC)
    dsns = []
    for name, owner in (("nl2sql_fuzz_full", None), ("nl2sql_fuzz_alice", demo_data.PRIMARY.id)):
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())
            conn.execute(f"CREATE DATABASE {name}".encode())
        dsn = with_database(server, name)
        with psycopg.connect(dsn) as conn:
            create_schema(conn, catalog)
            load_rows(conn, demo_data.generate(now, markers=True, only_owner=owner))
        dsns.append(dsn)
    return dsns[0], dsns[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    full, alice_only = databases()
    stats: Counter[str] = Counter()
    started = time.perf_counter()
    with Client(full, Settings(), pooled=True) as client:
        @seed(args.seed)
        @settings(max_examples=args.examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(sql=hostile_queries())
        def property_holds(sql: str) -> None:
            stats["tried"] += 1
            check_against_oracle(client, alice_only, sql, stats)

        try:
            property_holds()
            outcome = "no counterexample"
        except AssertionError as exc:
            outcome = f"COUNTEREXAMPLE: {exc}"
    print(json.dumps({"seed": args.seed, "examples_asked": args.examples, **stats, "outcome": outcome,
                      "seconds": round(time.perf_counter() - started, 1)}, indent=2))


if __name__ == "__main__":
    main()
