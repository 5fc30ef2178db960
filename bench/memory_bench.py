"""Peak memory of a query whose rows are huge: ``SELECT repeat('x', 5000000) FROM tasks`` (5 MB a row) for
alice on the demo data, each way in a fresh process, same run:

- ``fetch_all``: what the executor did before: run the guarded SQL, receive the whole result, then apply the
  byte cap;
- ``client_sql``: ``Client.sql`` today, which streams rows and stops the transfer at the byte cap (10 MB).

    .venv/bin/python bench/memory_bench.py

Uses NL2SQL_BENCH_DSN's server or an embedded one (a fresh demo database either way).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ALICE, ROOT, demo_database

SQL = "SELECT repeat('x', 5000000) AS big FROM tasks"


def measure(mode: str, dsn: str) -> dict[str, object]:
    from nl2sql import Client

    with Client(dsn) as client:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if mode == "fetch_all":
            query = client.check(SQL, user_id=ALICE, max_rows=10_000)
            with psycopg.connect(dsn, cursor_factory=psycopg.RawCursor) as conn:
                rows = conn.execute(query.sql, query.bound_params).fetchall()
            kept, size = [], 0
            for row in rows:
                size += len(row[0])
                if size > client.settings.max_result_bytes:
                    break
                kept.append(row)
            count = len(kept)
        else:
            count = client.sql(SQL, user_id=ALICE, max_rows=10_000).row_count
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"mode": mode, "rows_returned": count, "rss_before_mb": round(before / 1024, 1),
            "peak_rss_mb": round(peak / 1024, 1), "grew_mb": round((peak - before) / 1024, 1)}


def main() -> None:
    if len(sys.argv) == 3:
        print(json.dumps(measure(sys.argv[1], sys.argv[2])))
        return
    dsn = demo_database("nl2sql_memory")
    results = []
    for mode in ("fetch_all", "client_sql"):
        done = subprocess.run([sys.executable, __file__, mode, dsn], capture_output=True, text=True, check=True,
                              cwd=ROOT)
        results.append(json.loads(done.stdout))
    print(json.dumps({"query": SQL, "byte_cap_mb": 10, "results": results}, indent=2))


if __name__ == "__main__":
    main()
