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


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_us": round(statistics.median(ordered) * 1e6, 1),
            "p95_us": round(ordered[int(len(ordered) * 0.95) - 1] * 1e6, 1),
            "mean_us": round(statistics.fmean(ordered) * 1e6, 1), "n": len(ordered)}
