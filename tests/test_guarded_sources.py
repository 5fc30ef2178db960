"""SQL from every source is guarded at every use: a learned pair is untrusted text like any draft, even when
the file was written by hand around ``nl2sql learn``; what it answers is what the user's own data answers."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import psycopg

from nl2sql.assistant import Assistant
from nl2sql.client import Client
from nl2sql.output import json_value
from nl2sql.settings import Settings

from .conftest import ALICE, TenantDatabases

# Python's lower() folds the Kelvin sign to "k"; PostgreSQL does not, so "tasks" below is the table.
KELVIN_SQL = "WITH tas\u212as AS (SELECT 1 AS x) SELECT count(*) AS n, max(t.prompt) AS p FROM tasks t"
QUESTION = "how many tasks does the kelvin trick count"


def test_a_hand_written_learned_pair_is_guarded_when_it_answers(tmp_path: Path, tenant_dbs: TenantDatabases) -> None:
    learned = tmp_path / "learned.toml"
    learned.write_text(f'[[pair]]\nid = "kelvin"\nquestions = [{json.dumps(QUESTION)}]\n'
                       f"sql = {json.dumps(KELVIN_SQL, ensure_ascii=False)}\n", encoding="utf-8")
    settings = replace(Settings(), learned_questions=learned)
    with Client(tenant_dbs.full, settings) as client:
        answer = Assistant(client).ask(QUESTION, user_id=ALICE)
    assert answer.source == "verified"
    assert 'public."tasks" WHERE "user_id" = $1' in answer.result.sql
    with psycopg.connect(tenant_dbs.alice_only) as conn:
        expected = conn.execute(KELVIN_SQL.encode()).fetchall()
    assert json_value([list(r) for r in answer.result.rows]) == json_value([list(r) for r in expected])
    assert "SECRET" not in json.dumps(json_value([list(r) for r in answer.result.rows]))
