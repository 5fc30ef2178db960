"""Shared by the benchmarks: the dev gold queries and percentile helpers."""

from __future__ import annotations

import gc
import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NL2SQL_SHARED", ROOT.parent / "shared"))
ALICE = "11111111-1111-1111-1111-111111111111"


def fresh_database(name: str) -> str:
    """An empty database ``name`` (dropped first if it exists) on NL2SQL_BENCH_DSN's server, else an embedded one."""
    import tempfile

    import psycopg

    from nl2sql.db.embedded import start_embedded, with_database

    server = os.environ.get("NL2SQL_BENCH_DSN") or start_embedded(Path(tempfile.gettempdir()) / "nl2sql-bench-pg")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())
        conn.execute(f'CREATE DATABASE "{name}"'.encode())
    return with_database(server, name)


def fixture_database(name: str = "nl2sql_bench") -> str:
    """A fresh copy of the shared evaluation fixture: on NL2SQL_BENCH_DSN's server, else an embedded one."""
    import psycopg

    dsn = fresh_database(name)
    with psycopg.connect(dsn, autocommit=True) as conn:
        for part in ("schema.sql", "data.sql"):
            conn.execute((SHARED / "eval" / "fixture" / part).read_text().encode())
    return dsn


def demo_database(name: str = "nl2sql_bench_demo") -> str:
    """A fresh demo database (nl2sql/db/demo_data.py, every user's rows, others' text marked SECRET), timestamps
    relative to now: what the held-out questions in tests/compose/ are about."""
    import psycopg

    from nl2sql import Settings, load_catalog
    from nl2sql.db import demo_data
    from nl2sql.db.loader import create_schema, load_rows

    dsn = fresh_database(name)
    with psycopg.connect(dsn) as conn:
        create_schema(conn, load_catalog(Settings().schema_doc))
        load_rows(conn, demo_data.generate(markers=True))
    return dsn


def dev_questions() -> list[str]:
    path = SHARED / "eval" / "dev_questions.jsonl"
    return [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]


def gold_queries() -> list[str]:
    path = SHARED / "eval" / "dev_questions.jsonl"
    return [json.loads(line)["gold_sql"] for line in path.read_text().splitlines() if line.strip()]


def timings(action: Callable[[str], object], inputs: Sequence[str], rounds: int) -> list[float]:
    """Seconds per call, every input once per round, after one warm-up round."""
    for item in inputs:
        action(item)
    samples = []
    gc.collect()
    for _ in range(rounds):
        for item in inputs:
            started = time.perf_counter()
            action(item)
            samples.append(time.perf_counter() - started)
    return samples


def interleaved_timings(actions: dict[str, Callable[[str], object]], inputs: Sequence[str],
                        rounds: int) -> dict[str, list[float]]:
    """Seconds per call for several actions measured side by side: each input runs every action in turn, so
    all of them see the same machine state (CPU frequency, caches, noise) instead of one phase each."""
    for item in inputs:
        for action in actions.values():
            action(item)
    samples: dict[str, list[float]] = {name: [] for name in actions}
    gc.collect()
    for _ in range(rounds):
        for item in inputs:
            for name, action in actions.items():
                started = time.perf_counter()
                action(item)
                samples[name].append(time.perf_counter() - started)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_us": round(statistics.median(ordered) * 1e6, 1),
            "p95_us": round(ordered[int(len(ordered) * 0.95) - 1] * 1e6, 1),
            "mean_us": round(statistics.fmean(ordered) * 1e6, 1), "n": len(ordered)}
