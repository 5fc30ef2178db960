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
import os
import resource
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SQL = "SELECT repeat('x', 5000000) AS big FROM tasks"
ALICE = "11111111-1111-1111-1111-111111111111"


def database() -> str:
    from nl2sql import Settings, load_catalog
    from nl2sql.db import demo_data
    from nl2sql.db.embedded import start_embedded, with_database
    from nl2sql.db.loader import create_schema, load_rows

    server = os.environ.get("NL2SQL_BENCH_DSN") or start_embedded(Path(tempfile.gettempdir()) / "nl2sql-bench-pg")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS nl2sql_memory WITH (FORCE)")
        conn.execute("CREATE DATABASE nl2sql_memory")
    dsn = with_database(server, "nl2sql_memory")
    with psycopg.connect(dsn) as conn:
        create_schema(conn, load_catalog(Settings().schema_doc))
        load_rows(conn, demo_data.generate(datetime.now(UTC)))
    return dsn


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
    dsn = database()
    results = []
    for mode in ("fetch_all", "client_sql"):
        done = subprocess.run([sys.executable, __file__, mode, dsn], capture_output=True, text=True, check=True,
                              cwd=ROOT)
        results.append(json.loads(done.stdout))
    print(json.dumps({"query": SQL, "byte_cap_mb": 10, "results": results}, indent=2))


if __name__ == "__main__":
    main()
