"""In-process, same run, same pool: ``Client.sql`` against raw psycopg running the same final SQL, on repeated
queries (what a service sees: the same questions from many users) and on unique ones (every text new).

Targets (issue 9): a repeated query's ``Client.sql`` p50 <= 1.3x raw; 8-thread throughput on repeated queries
>= 0.7x raw; unique queries no slower than before the guarded-query cache (measured beside a client with
``guard_cache_size=0``, interleaved; ``--no-cache`` runs the whole benchmark without the cache).

    .venv/bin/python bench/repeat_bench.py [--rounds 100] [--seconds 5] [--threads 8] [--no-cache]
    # NL2SQL_BENCH_DSN=postgresql://... for a server of your own, else an embedded one
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ALICE, fixture_database, gold_queries, interleaved_timings, summary

from nl2sql import Client, Settings


def throughput(action: Callable[[str], object], queries: list[str], threads: int, seconds: float) -> float:
    """Calls per second with ``threads`` threads each cycling through ``queries`` for ``seconds``."""
    stop = time.perf_counter() + seconds
    counts = [0] * threads

    def worker(slot: int) -> None:
        for query in itertools.cycle(queries[slot:] + queries[:slot]):
            if time.perf_counter() >= stop:
                return
            action(query)
            counts[slot] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sum(counts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100, help="repetitions of each query for the p50s")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each throughput phase")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--no-cache", action="store_true", help="guard_cache_size=0: the guard runs every time")
    args = parser.parse_args()
    dsn = fixture_database("nl2sql_bench_repeat")
    queries = gold_queries()
    settings = replace(Settings(), pool_min_size=args.threads, pool_max_size=args.threads,
                       **({"guard_cache_size": 0} if args.no_cache else {}))
    with Client(dsn, settings, pooled=True) as client, \
            Client(dsn, replace(settings, guard_cache_size=0), pooled=True) as uncached:
        assert client.executor is not None
        executor = client.executor  # raw psycopg on the very pool Client.sql uses
        final = {q: client.check(q, user_id=ALICE) for q in queries}

        def raw(q: str) -> object:
            guarded = final[q]
            with executor.raw_connection() as conn, conn.transaction(force_rollback=True):
                return conn.execute(guarded.sql, guarded.bound_params).fetchall()

        def ours(q: str) -> object:
            return client.sql(q, user_id=ALICE)

        counter = itertools.count()

        def ours_unique(q: str) -> object:  # a text never seen before: the guard cannot be skipped
            return client.sql(f"/* {next(counter)} */ {q}", user_id=ALICE)

        def uncached_unique(q: str) -> object:
            return uncached.sql(f"/* {next(counter)} */ {q}", user_id=ALICE)

        repeated = interleaved_timings({"raw": raw, "client": ours}, queries, args.rounds)
        unique = interleaved_timings({"raw": raw, "client": ours_unique, "client_without_cache": uncached_unique},
                                     queries, max(5, args.rounds // 5))
        phases: dict[str, list[float]] = {"raw": [], "client": []}
        for _ in range(2):  # alternated, so both see the same machine
            for name, action in (("raw", raw), ("client", ours)):
                phases[name].append(throughput(action, queries, args.threads, args.seconds))

    raw_p50, ours_p50 = summary(repeated["raw"])["p50_us"], summary(repeated["client"])["p50_us"]
    raw_qps, ours_qps = statistics.fmean(phases["raw"]), statistics.fmean(phases["client"])
    report = {
        "queries": len(queries), "rounds": args.rounds, "threads": args.threads,
        "guard_cache_size": settings.guard_cache_size,
        "repeated": {"raw_psycopg": summary(repeated["raw"]), "client_sql": summary(repeated["client"]),
                     "p50_ratio": round(ours_p50 / raw_p50, 2), "target_p50_ratio_max": 1.3},
        "unique": {"raw_psycopg": summary(unique["raw"]), "client_sql": summary(unique["client"]),
                   "client_sql_without_cache": summary(unique["client_without_cache"]),
                   "p50_ratio": round(summary(unique["client"])["p50_us"] / summary(unique["raw"])["p50_us"], 2),
                   "p50_vs_without_cache": round(summary(unique["client"])["p50_us"]
                                                 / summary(unique["client_without_cache"])["p50_us"], 2)},
        "throughput": {"raw_qps": round(raw_qps), "client_qps": round(ours_qps),
                       "phases": {k: [round(v) for v in vs] for k, vs in phases.items()},
                       "ratio": round(ours_qps / raw_qps, 2), "target_ratio_min": 0.7},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
