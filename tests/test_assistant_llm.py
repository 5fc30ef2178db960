"""The LLM path end to end: the real ``openai`` client against a real local HTTP server replaying scripted
replies (good, bad, hostile), the guard and a real PostgreSQL. Nothing a model drafts runs unless the guard
proves it; nothing the model is shown holds the user's id or a row of data."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import psycopg
import pytest

from nl2sql.assistant import Assistant
from nl2sql.client import Client
from nl2sql.errors import LlmUnavailable, NoAnswer
from nl2sql.settings import Settings

from .conftest import ALICE, TenantDatabases
from .fake_openai import FakeOpenAI, fake_openai, reply, stall, status
from .test_adversarial import canonical

# Not a verified question, so the assistant goes to the LLM.
QUESTION = "what is the longest prompt I have written?"
GOOD = {"sql": "SELECT max(length(prompt)) AS longest FROM tasks WHERE user_id = $1",
        "explanation": "The length of your longest task prompt.", "tables": ["tasks"]}


def assistant_for(fake: FakeOpenAI, dsn: str, **overrides: Any) -> Assistant:
    values: dict[str, Any] = {"llm_base_url": fake.base_url, "llm_api_key": "test-key", "llm_timeout_s": 5.0,
                              "llm_max_retries": 2, **overrides}
    settings = replace(Settings(), **values)
    return Assistant(Client(dsn, settings))


def raw_rows(dsn: str, sql: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn, cursor_factory=psycopg.RawCursor) as conn:
        return conn.execute(sql, [ALICE] if "$1" in sql else None).fetchall()


def test_a_correct_draft_runs_for_the_user_only(tenant_dbs: TenantDatabases) -> None:
    with fake_openai(reply(GOOD)) as fake:
        answer = assistant_for(fake, tenant_dbs.full).ask(QUESTION, user_id=ALICE)
    assert answer.source == "llm" and answer.attempts == 1
    assert answer.explanation == GOOD["explanation"]
    assert canonical(answer.result.rows) == canonical(raw_rows(tenant_dbs.alice_only, GOOD["sql"]))
    assert len(fake.requests) == 1
    messages = fake.requests[0]["messages"]
    assert [m["role"] for m in messages] == ["system", "user"]
    assert str(ALICE) not in fake.prompts_text  # the guard binds the id; the model never sees it
    assert "CREATE TABLE" in messages[0]["content"] and QUESTION in messages[1]["content"]


def test_the_system_prompt_is_a_static_prefix(tenant_dbs: TenantDatabases) -> None:
    with fake_openai(reply(GOOD), reply(GOOD)) as fake:
        assistant = assistant_for(fake, tenant_dbs.full)
        assistant.ask(QUESTION, user_id=ALICE)
        assistant.ask("what is the shortest prompt I have written?", user_id="22222222-2222-2222-2222-222222222222")
    first, second = (r["messages"][0]["content"] for r in fake.requests)
    assert first == second
    # Broken example queries of the document never reach the model; the project's corrections do.
    assert "FROM conversations" not in first and "agent_conversations c" in first


def test_a_hallucinated_column_is_repaired(tenant_dbs: TenantDatabases) -> None:
    bad = {"sql": "SELECT max(length(prompt_text)) FROM tasks", "explanation": "x", "tables": ["tasks"]}
    with fake_openai(reply(bad), reply(GOOD)) as fake:
        answer = assistant_for(fake, tenant_dbs.full).ask(QUESTION, user_id=ALICE)
    assert answer.attempts == 2
    repair = fake.requests[1]["messages"][-1]["content"]
    assert "unknown_column" in repair and "prompt_text" in repair and "prompt" in repair


HOSTILE = [
    "DROP TABLE tasks",
    "DELETE FROM tasks",
    "SELECT pg_sleep(30)",
    "SELECT * FROM pg_catalog.pg_authid",
    "SELECT usename, passwd FROM pg_shadow",
    "SELECT 1; DROP TABLE users",
    "SELECT set_config('default_transaction_read_only', 'off', false)",
    "SELECT * FROM tasks FOR UPDATE",
    "WITH gone AS (DELETE FROM tasks RETURNING *) SELECT count(*) FROM gone",
]


@pytest.mark.parametrize("sql", HOSTILE)
def test_hostile_drafts_never_execute(sql: str, tenant_dbs: TenantDatabases) -> None:
    before = raw_rows(tenant_dbs.full, "SELECT (SELECT count(*) FROM tasks), (SELECT count(*) FROM users)")
    drafts = [reply({"sql": sql, "explanation": "x", "tables": []})] * 3
    with fake_openai(*drafts) as fake, pytest.raises(NoAnswer) as raised:
        assistant_for(fake, tenant_dbs.full).ask(QUESTION, user_id=ALICE)
    assert raised.value.code == "draft_failed" and len(fake.requests) == 3
    assert raw_rows(tenant_dbs.full, "SELECT (SELECT count(*) FROM tasks), (SELECT count(*) FROM users)") == before


def test_another_users_id_in_a_draft_still_sees_only_the_asking_user(tenant_dbs: TenantDatabases) -> None:
    sql = "SELECT prompt FROM tasks WHERE user_id = '22222222-2222-2222-2222-222222222222' OR true"
    with fake_openai(reply({"sql": sql, "explanation": "x", "tables": ["tasks"]})) as fake:
        answer = assistant_for(fake, tenant_dbs.full).ask(QUESTION, user_id=ALICE, max_rows=10_000)
    assert "SECRET" not in str(answer.result.rows)
    assert canonical(answer.result.rows) == canonical(raw_rows(tenant_dbs.alice_only, sql))


def test_malformed_output_is_a_failed_attempt(tenant_dbs: TenantDatabases) -> None:
    with fake_openai(reply("Sure! Here is your SQL: SELECT 1"), reply({"sql": 42}), reply(GOOD)) as fake:
        answer = assistant_for(fake, tenant_dbs.full).ask(QUESTION, user_id=ALICE)
    assert answer.attempts == 3
    assert "not JSON" in fake.requests[1]["messages"][-1]["content"]


def test_fenced_json_is_accepted(tenant_dbs: TenantDatabases) -> None:
    import json

    with fake_openai(reply("```json\n" + json.dumps(GOOD) + "\n```")) as fake:
        assert assistant_for(fake, tenant_dbs.full).ask(QUESTION, user_id=ALICE).attempts == 1


def test_the_repair_budget_runs_out(tenant_dbs: TenantDatabases) -> None:
    bad = reply({"sql": "SELECT nope FROM tasks", "explanation": "x", "tables": []})
    with fake_openai(bad, bad, bad, reply(GOOD)) as fake, pytest.raises(NoAnswer) as raised:
        assistant_for(fake, tenant_dbs.full, repair_attempts=2).ask(QUESTION, user_id=ALICE)
    assert raised.value.code == "draft_failed" and "3 LLM draft" in raised.value.message
    assert len(fake.requests) == 3  # the fourth (good) reply is never asked for


def test_a_database_error_is_repaired_without_showing_data(tenant_dbs: TenantDatabases) -> None:
    # The guard accepts it; PostgreSQL fails on a row's value, and quotes it. The model must not see it.
    bad = reply({"sql": "SELECT prompt::int FROM tasks", "explanation": "x", "tables": ["tasks"]})
    with fake_openai(bad, reply(GOOD)) as fake:
        answer = assistant_for(fake, tenant_dbs.full).ask(QUESTION, user_id=ALICE)
    assert answer.attempts == 2
    repair = fake.requests[1]["messages"][-1]["content"]
    assert "invalid_sql" in repair and "<value withheld>" in repair
    prompts = [row[0] for row in raw_rows(tenant_dbs.full, "SELECT prompt FROM tasks WHERE user_id = $1")]
    assert not any(p in repair for p in prompts if p)


def test_rate_limits_and_server_errors_are_retried(tenant_dbs: TenantDatabases) -> None:
    with fake_openai(status(429), status(500), reply(GOOD)) as fake:
        answer = assistant_for(fake, tenant_dbs.full).ask(QUESTION, user_id=ALICE)
    assert answer.source == "llm" and len(fake.requests) == 3


def test_persistent_server_errors_are_reported(tenant_dbs: TenantDatabases) -> None:
    with fake_openai(status(500), status(500), status(500)) as fake, pytest.raises(LlmUnavailable) as raised:
        assistant_for(fake, tenant_dbs.full).ask(QUESTION, user_id=ALICE)
    assert raised.value.code == "llm_unavailable" and "500" in raised.value.message


def test_a_slow_model_times_out(tenant_dbs: TenantDatabases) -> None:
    with fake_openai(stall(3), stall(3)) as fake, pytest.raises(LlmUnavailable):
        assistant_for(fake, tenant_dbs.full, llm_timeout_s=0.5, llm_max_retries=1).ask(QUESTION, user_id=ALICE)
    assert len(fake.requests) == 2


def test_the_model_may_say_it_cannot_answer(tenant_dbs: TenantDatabases) -> None:
    with fake_openai(reply({"cannot_answer": "there is no billing table"})) as fake, \
            pytest.raises(NoAnswer) as raised:
        assistant_for(fake, tenant_dbs.full).ask("what is my invoice balance?", user_id=ALICE)
    assert raised.value.code == "cannot_answer" and "billing" in raised.value.message


def test_questions_about_missing_data_or_writes_never_reach_the_model(tenant_dbs: TenantDatabases) -> None:
    with fake_openai(reply(GOOD)) as fake:
        assistant = assistant_for(fake, tenant_dbs.full)
        for question, code in (("how many messages did I send?", "cannot_answer"),
                               ("delete my failed tasks", "write_refused")):
            with pytest.raises(NoAnswer) as raised:
                assistant.ask(question, user_id=ALICE)
            assert raised.value.code == code
    assert fake.requests == []


def test_the_cost_gate_refuses_costly_drafts(tenant_dbs: TenantDatabases) -> None:
    drafts = [reply(GOOD)] * 3
    with fake_openai(*drafts) as fake, pytest.raises(NoAnswer) as raised:
        assistant_for(fake, tenant_dbs.full, max_query_cost=0.001).ask(QUESTION, user_id=ALICE)
    assert "cost_exceeded" in raised.value.message
    assert "cost_exceeded" in fake.requests[1]["messages"][-1]["content"]


def test_verified_questions_do_not_call_the_model(tenant_dbs: TenantDatabases) -> None:
    with fake_openai(reply(GOOD)) as fake:
        answer = assistant_for(fake, tenant_dbs.full).ask("count my failed tasks", user_id=ALICE)
    assert answer.source == "verified" and fake.requests == []
