"""``nl2sql eval``: execution accuracy against gold SQL, as one user, on the shared fixture."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nl2sql.evaluation import rows_match

from .conftest import shared_file

ALICE = "11111111-1111-1111-1111-111111111111"


@pytest.mark.parametrize(("gold", "answer", "order", "same"), [
    ([(1,)], [(1,)], False, True),
    ([(1, "a")], [("x", "a", 1)], False, True),  # extra columns, any position
    ([(1,), (2,)], [(2,), (1,)], False, True),
    ([(1,), (2,)], [(2,), (1,)], True, False),  # order matters
    ([(1,), (2,)], [(1,)], False, False),
    ([(decimal.Decimal("0.5"),)], [(0.5000000001,)], False, True),
    ([(dt.date(2026, 1, 1), 2)], [(dt.date(2026, 1, 1), 2)], False, True),
    ([("a", 1), ("b", 2)], [("a", 2), ("b", 1)], False, False),  # columns match alone, rows do not
    ([], [], False, True),
])
def test_rows_match(gold: list[tuple[object, ...]], answer: list[tuple[object, ...]], order: bool,
                    same: bool) -> None:
    assert rows_match(gold, answer, order_matters=order) is same


def run_eval(path: Path, dsn: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "nl2sql.cli", "eval", str(path), "--user-id", ALICE, "--dsn", dsn,
                           "--format", "json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return dict(json.loads(done.stdout))


def test_eval_on_the_dev_questions(fixture_dsn: str) -> None:
    report = run_eval(shared_file("eval", "dev_questions.jsonl"), fixture_dsn)
    assert report["total"] == 30
    assert report["wrong"] == 0 and report["error"] == 0
    assert report["correct"] >= 27  # offline, no LLM: verified and composed answers (>= 90%)
    sources = report["by_source"]
    assert sources["verified"]["correct"] > 0 and sources["composed"]["correct"] > 0  # type: ignore[index]


def test_eval_counts_wrong_abstained_and_errors(tmp_path: Path, fixture_dsn: str) -> None:
    cases = [
        {"id": "right", "question": "count my tasks", "gold_sql": "SELECT count(*) FROM tasks WHERE user_id = $1"},
        {"id": "wrong", "question": "count my tasks",
         "gold_sql": "SELECT count(*) FROM tasks WHERE user_id = $1 AND status = 'failed'"},
        {"id": "abstain", "question": "what is the meaning of life", "gold_sql": "SELECT 42"},
        {"id": "gold-error", "question": "count my tasks", "gold_sql": "SELECT nope FROM tasks"},
        {"id": "declined", "question": "delete my tasks", "must_decline": True},
        {"id": "not-declined", "question": "count my tasks", "must_decline": True},
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in cases))
    report = run_eval(path, fixture_dsn)
    outcomes = {c["id"]: c["outcome"] for c in report["cases"]}  # type: ignore[union-attr]
    assert outcomes == {"right": "correct", "wrong": "wrong", "abstain": "abstained", "gold-error": "error",
                        "declined": "correct", "not-declined": "wrong"}
    by_source = report["by_source"]
    assert by_source["declined"] == {"correct": 1, "wrong": 0, "abstained": 1}  # type: ignore[index]
    answered = {k: v for k, v in by_source.items() if k != "declined"}  # type: ignore[union-attr]
    assert sum(row["correct"] for row in answered.values()) == 1
    assert sum(row["wrong"] for row in answered.values()) == 2


def test_eval_text_reports_each_source(fixture_dsn: str) -> None:
    done = subprocess.run([sys.executable, "-m", "nl2sql.cli", "eval", str(shared_file("eval", "dev_questions.jsonl")),
                           "--user-id", ALICE, "--dsn", fixture_dsn], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for source in ("verified", "composed"):
        row = next(line for line in lines if line.strip().startswith(source + " "))
        assert "correct" in row and "wrong" in row and "abstained" in row
