"""Guard time per query over the 30 dev gold queries, beside a bare ``sqlglot.parse_one`` of the same queries
in the same run (interleaved, query by query, so both see the same machine state). Target: guard p50 <= 1 ms
and <= 5x the bare parse.

Also reported: the floor the design sets, i.e. parsing the draft, rendering SQL from the tree and parsing
that output afresh for the proof, with no rule run at all.

    .venv/bin/python bench/guard_bench.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import sqlglot

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ALICE, gold_queries, interleaved_timings, summary

from nl2sql import Guard, Settings, load_catalog, load_policy
from nl2sql.guard.dialect import render
from nl2sql.guard.parse import parse_single


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    settings = Settings()
    catalog = load_catalog(settings.schema_doc)
    guard = Guard(catalog, load_policy(settings.policy_path, catalog), settings)
    queries = gold_queries()
    final = {q: guard(q, user_id=ALICE).sql for q in queries}
    samples = interleaved_timings({
        "parse": lambda q: sqlglot.parse_one(q, dialect="postgres"),
        "guard": lambda q: guard(q, user_id=ALICE),
        "floor": lambda q: (render(parse_single(q)), parse_single(final[q])),
    }, queries, args.rounds)
    parse, guarded, floor = (summary(samples[name]) for name in ("parse", "guard", "floor"))
    compiled = "sqlglotc" if sqlglot.parser.__file__.endswith(".so") else "pure python"
    print(json.dumps({"queries": len(queries), "rounds": args.rounds, "sqlglot": sqlglot.__version__,
                      "parser": compiled, "bare_parse": parse, "guard": guarded,
                      "guard_over_parse_p50": round(guarded["p50_us"] / parse["p50_us"], 2),
                      "floor_parse_render_reparse": floor,
                      "floor_over_parse_p50": round(floor["p50_us"] / parse["p50_us"], 2)}, indent=2))


if __name__ == "__main__":
    main()
