"""Execution accuracy of ``ask`` on the tuning set (tests/compose/tuning.jsonl), as alice on the demo database:
a regression guard for the set the assistant was tuned on. (The held-out set is not asserted here: it is
measured at checkpoints with bench/ask_accuracy.py, so its misses are not shown to whoever changes the code.)"""

from __future__ import annotations

from pathlib import Path

from nl2sql.assistant import Assistant
from nl2sql.client import Client
from nl2sql.evaluation import evaluate, load_eval_file
from nl2sql.settings import Settings

from ..conftest import ALICE, TenantDatabases

TUNING = Path(__file__).resolve().parent / "tuning.jsonl"


def test_tuning_set_accuracy(tenant_dbs: TenantDatabases) -> None:
    with Client(tenant_dbs.full, Settings(), pooled=True) as client:
        assistant = Assistant(client)
        report = evaluate(load_eval_file(TUNING), lambda sql: client.sql(sql, user_id=ALICE, max_rows=10_000),
                          lambda q: assistant.ask(q, user_id=ALICE, max_rows=10_000))
    counts = report.counts()
    total = len(report.outcomes)
    failures = [o for o in report.outcomes if o.outcome != "correct"]
    assert counts["error"] == 0
    assert counts["correct"] >= 0.9 * total, failures
    assert counts["wrong"] <= 0.01 * total, failures
    assert report.by_source()["composed"]["correct"] > report.by_source()["verified"]["correct"] > 0
