"""Guard time per query over the 30 dev gold queries, beside a bare ``sqlglot.parse_one`` of the same queries
in the same run. Target: guard p50 <= 1 ms and <= 5x the bare parse.

    .venv/bin/python bench/guard_bench.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import sqlglot

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ALICE, gold_queries, summary, timings

from nl2sql import Guard, Settings, load_catalog, load_policy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    settings = Settings()
    catalog = load_catalog(settings.schema_doc)
    guard = Guard(catalog, load_policy(settings.policy_path, catalog), settings)
    queries = gold_queries()
    parse = summary(timings(lambda q: sqlglot.parse_one(q, dialect="postgres"), queries, args.rounds))
    guarded = summary(timings(lambda q: guard(q, user_id=ALICE), queries, args.rounds))
    compiled = "sqlglotc" if sqlglot.parser.__file__.endswith(".so") else "pure python"
    print(json.dumps({"queries": len(queries), "rounds": args.rounds, "sqlglot": sqlglot.__version__,
                      "parser": compiled, "bare_parse": parse, "guard": guarded,
                      "guard_over_parse_p50": round(guarded["p50_us"] / parse["p50_us"], 2)}, indent=2))


if __name__ == "__main__":
    main()
