"""Guard time per query over the 30 dev gold queries, beside bare parses of the same queries in the same run
(interleaved, query by query, so all see the same machine state). Target: guard p50 <= 1 ms.

Reported beside the guard:
- ``bare_pglast_parse``: PostgreSQL's parser (libpg_query) to JSON and ``json.loads``, the floor of reading one
  text; the guard reads two (the user's text and the final text it proves);
- ``bare_sqlglot_parse``: ``sqlglot.parse_one`` (the previous design's parser, for comparison);
- ``guard_cached``: ``Client.check`` on a repeated query (the guarded-query cache; only binding the user).

    .venv/bin/python bench/guard_bench.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import sqlglot
from pglast import parser as pg_parser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ALICE, gold_queries, interleaved_timings, summary

from nl2sql import Client, Guard, Settings, load_catalog, load_policy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    settings = Settings()
    catalog = load_catalog(settings.schema_doc)
    policy = load_policy(settings.policy_path, catalog)
    guard = Guard(catalog, policy, settings)
    client = Client(None, settings, catalog=catalog, policy=policy)
    queries = gold_queries()
    samples = interleaved_timings({
        "pglast": lambda q: json.loads(pg_parser.parse_sql_json(q)),
        "sqlglot": lambda q: sqlglot.parse_one(q, dialect="postgres"),
        "guard": lambda q: guard(q, user_id=ALICE),
        "cached": lambda q: client.check(q, user_id=ALICE),
    }, queries, args.rounds)
    pglast, parse, guarded, cached = (summary(samples[n]) for n in ("pglast", "sqlglot", "guard", "cached"))
    print(json.dumps({"queries": len(queries), "rounds": args.rounds, "bare_pglast_parse": pglast,
                      "bare_sqlglot_parse": parse, "guard": guarded, "guard_cached": cached,
                      "guard_over_pglast_p50": round(guarded["p50_us"] / pglast["p50_us"], 2),
                      "guard_over_sqlglot_p50": round(guarded["p50_us"] / parse["p50_us"], 2)}, indent=2))


if __name__ == "__main__":
    main()
