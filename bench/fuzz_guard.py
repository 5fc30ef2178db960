"""The guard's differential fuzzers, run long (``tests/fuzzing.py``): hostile fragments (quoting, Unicode names,
comments, operators around the tables) and queries over the documented schema (joins, OR'ed predicates,
subqueries, aggregates, windows, CTEs, set operations), each run through the guard as alice on a database of
every user's rows and checked against the same SQL on a database holding only alice's rows. Reports how many
queries were tried, answered, refused and failed, per kind, and stops at the first counterexample.

    .venv/bin/python bench/fuzz_guard.py [--examples 5000] [--seed N] [--kind hostile|schema|both]

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
from typing import Any

import psycopg
from hypothesis import HealthCheck, given, seed, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nl2sql import Client, Settings, load_catalog  # noqa: E402
from nl2sql.db import demo_data  # noqa: E402
from nl2sql.db.embedded import start_embedded, with_database  # noqa: E402
from nl2sql.db.loader import create_schema, load_rows  # noqa: E402
from tests.fuzzing import hostile_queries, schema_queries  # noqa: E402
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


def run_kind(client: Client, alice_only: str, strategy: Any, examples: int, seed_value: int) -> dict[str, object]:
    stats: Counter[str] = Counter()
    started = time.perf_counter()

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(sql=strategy())
    def property_holds(sql: str) -> None:
        stats["tried"] += 1
        check_against_oracle(client, alice_only, sql, stats)

    try:
        property_holds()
        outcome = "no counterexample"
    except AssertionError as exc:
        outcome = f"COUNTEREXAMPLE: {exc}"
    return {**stats, "outcome": outcome, "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--kind", choices=["hostile", "schema", "both"], default="both")
    args = parser.parse_args()
    full, alice_only = databases()
    report: dict[str, object] = {"seed": args.seed, "examples_asked_per_kind": args.examples}
    kinds = {"hostile": hostile_queries, "schema": schema_queries}
    with Client(full, Settings(), pooled=True) as client:
        for kind in (["hostile", "schema"] if args.kind == "both" else [args.kind]):
            report[kind] = run_kind(client, alice_only, kinds[kind], args.examples, args.seed)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
