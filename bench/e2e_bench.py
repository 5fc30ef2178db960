"""End to end in-process on a warm pool: ``Client.sql`` (guard + execute + fetch) against raw psycopg running
the same final SQL on the same pool. Target: within 1.5 ms of raw.

    .venv/bin/python bench/e2e_bench.py [--rounds 50]      # NL2SQL_BENCH_DSN=... or the embedded server
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ALICE, fixture_database, gold_queries, summary, timings

from nl2sql import Client, Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    dsn = fixture_database()
    queries = gold_queries()
    with Client(dsn, Settings(), pooled=True) as client:
        assert client.executor is not None
        final = {q: client.check(q, user_id=ALICE) for q in queries}
        executor = client.executor

        def raw(q: str) -> object:
            guarded = final[q]
            with executor.raw_connection() as conn, conn.transaction(force_rollback=True):
                return conn.execute(guarded.sql, guarded.bound_params).fetchall()

        raw_t = summary(timings(raw, queries, args.rounds))
        ours = summary(timings(lambda q: client.sql(q, user_id=ALICE), queries, args.rounds))
    print(json.dumps({"queries": len(queries), "rounds": args.rounds, "raw_psycopg": raw_t, "nl2sql_sql": ours,
                      "overhead_p50_us": round(ours["p50_us"] - raw_t["p50_us"], 1)}, indent=2))


if __name__ == "__main__":
    main()
