"""Verified questions: the library loads only if every pair passes the guard; slots take only vocabulary
values; matching tolerates paraphrase and typos and abstains when unsure; the held-out target holds; ``learn``
is all or nothing; ``ask`` keeps the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from nl2sql.assistant import Assistant
from nl2sql.client import Client
from nl2sql.db import demo_data
from nl2sql.errors import ConfigurationError, InputError, NoAnswer
from nl2sql.evaluation.heldout import load_cases, score
from nl2sql.settings import Settings
from nl2sql.verified.library import load_library
from nl2sql.verified.text import normalize

from .conftest import ALICE, ROOT, TenantDatabases, shared_file

HELDOUT = ROOT / "tests" / "verified" / "heldout.jsonl"


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant(Client(None, Settings()))


@pytest.fixture(scope="module")
def vocabulary(assistant: Assistant) -> dict[str, frozenset[str]]:
    return assistant.vocabulary.seed({"agent": demo_data.AGENTS, "deliverable_type": demo_data.DELIVERABLE_TYPES})


def test_the_library_covers_what_users_ask(assistant: Assistant) -> None:
    ids = {pair.id for pair in assistant.library.pairs}
    assert len(ids) >= 40
    for topic in ("task_count", "tasks_by_status", "task_list", "tasks_per_agent", "project_progress",
                  "current_versions", "tokens_per_model", "cost_total", "rating_per_agent", "failures_by_error"):
        assert topic in ids


def test_the_library_never_holds_the_evaluation_questions(assistant: Assistant) -> None:
    dev = [json.loads(line)["question"] for line in shared_file("eval", "dev_questions.jsonl").read_text()
           .splitlines() if line.strip()]
    held = [case["q"] for case in load_cases(HELDOUT)]
    phrasings = {normalize(p.text) for pair in assistant.library.pairs for p in pair.phrasings}
    assert not phrasings & {normalize(q) for q in dev + held}


@pytest.mark.parametrize(("body", "fragment"), [
    ('[[pair]]\nid = "x"\nquestions = ["count"]\nsql = "DELETE FROM tasks"', "not_read_only"),
    ('[[pair]]\nid = "x"\nquestions = ["count"]\nsql = "SELECT nope FROM tasks"', "unknown_column"),
    ('[[pair]]\nid = "x"\nquestions = ["count"]\nsql = "SELECT 1 FROM tasks WHERE {bogus}"', "is not a slot"),
    ('[[pair]]\nid = "x"\nquestions = ["count"]\nsql = "SELECT 1 FROM tasks WHERE {window}"', "needs an argument"),
    ('[[pair]]\nid = "x"\nquestions = []\nsql = "SELECT 1"', "non-empty questions"),
    ('[[pair]]\nid = "x"\nquestions = ["a"]\nsql = "SELECT 1"\n[[pair]]\nid = "x"\nquestions = ["b"]\n'
     'sql = "SELECT 2"', "used twice"),
    ("[[pair\n", "Cannot read"),
])
def test_a_bad_pair_is_an_error_not_a_skip(tmp_path: Path, assistant: Assistant, body: str, fragment: str) -> None:
    path = tmp_path / "q.toml"
    path.write_text(body)
    with pytest.raises(ConfigurationError) as raised:
        load_library(path, assistant.client.guard)
    assert raised.value.code == "library_invalid" and fragment in raised.value.message


@pytest.mark.parametrize(("question", "pair", "slots"), [
    ("how many tasks failed in the last 7 days", "task_count", {"status": "failed", "window": "last 7 day(s)"}),
    ("number of tasks I made yesterday", "task_count", {"window": "yesterday"}),
    ("tasks i own, how many", "task_count", {}),
    ("how mnay tasks do i have", "task_count", {}),  # a typo
    ("top 5 tasks by token usage", "top_token_tasks", {"n": 5}),
    ("how many conversations with the research assistant", "conversation_count", {"agent": "research_assistant"}),
    ("how many code deliverables did I get this month", "deliverable_count", {"type": "code", "window": "this month"}),
])
def test_paraphrases_with_slots(question: str, pair: str, slots: dict[str, object], assistant: Assistant,
                                vocabulary: dict[str, frozenset[str]]) -> None:
    match = assistant.match(question, vocabulary)
    assert (match.pair.id, match.slot_values()) == (pair, slots)


def test_slot_values_are_literals_the_guard_sees(assistant: Assistant, vocabulary: dict[str, frozenset[str]]) -> None:
    sql = assistant.match("how many conversations with the marketing swarm this week", vocabulary).sql
    assert "c.agent_name = 'marketing_swarm'" in sql and "date_trunc('week', now())" in sql


@pytest.mark.parametrize(("question", "code"), [
    ("what's the weather like in Paris", "no_confident_match"),
    ("how many tasks failed and how many were cancelled", "no_confident_match"),  # two statuses, one slot
    ("how many conversations with the bogus agent", "no_confident_match"),
    ("drop table tasks", "write_refused"),
    ("could you please delete my old tasks", "write_refused"),
    ("how many messages did I get", "cannot_answer"),
])
def test_declines(question: str, code: str, assistant: Assistant, vocabulary: dict[str, frozenset[str]]) -> None:
    with pytest.raises(NoAnswer) as raised:
        assistant.match(question, vocabulary)
    assert raised.value.code == code


def test_a_status_outside_the_vocabulary_is_refused(assistant: Assistant) -> None:
    vocabulary = {**assistant.library.seed_vocabulary(), "step_status": frozenset({"pending"})}
    with pytest.raises(NoAnswer) as raised:
        assistant.match("show my failed project steps", vocabulary)
    assert "not one of" in raised.value.message


@pytest.mark.parametrize("question", ["", "   ", "x" * 1001])
def test_bad_questions_are_input_errors(question: str, assistant: Assistant) -> None:
    with pytest.raises(InputError):
        assistant.match(question)


def test_held_out_paraphrases_meet_the_target(assistant: Assistant, vocabulary: dict[str, frozenset[str]]) -> None:
    """Verified matching alone, on paraphrases written apart from the library: <= 2% answered wrongly, >= 80%
    right. (Before the compositional layer the target was 85% right; a match must now explain every word of the
    question, so a paraphrase that adds a word the pair does not use, e.g. "completed this month" of a pair
    windowed on created_at, is left to the composer. End to end, ``ask`` is measured in tests/compose/.)"""
    report = score(load_cases(HELDOUT), lambda q: assistant.match(q, vocabulary))
    assert report.total >= 120
    assert report.correct / report.total >= 0.80, report.failures
    assert report.wrong / report.total <= 0.02, report.failures


def test_answers_come_from_the_users_own_vocabulary(tenant_dbs: TenantDatabases) -> None:
    assistant = Assistant(Client(tenant_dbs.full, Settings()))
    answer = assistant.ask("how many tasks did I cancel", user_id=ALICE)
    assert answer.source == "verified" and "cancelled" in answer.result.sql
    vocabulary = assistant.vocabulary.for_user(demo_data.PRIMARY.id)
    assert "SECRET" not in " ".join(v for values in vocabulary.values() for v in values)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "nl2sql.cli", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_cli_ask_json_contract(tenant_dbs: TenantDatabases) -> None:
    done = run_cli("ask", "count my failed tasks", "--user-id", str(ALICE), "--dsn", tenant_dbs.full, "--format",
                   "json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert {"question", "source", "explanation", "sql", "params", "columns", "rows", "row_count", "truncated"} \
        <= set(payload)
    assert payload["source"] == "verified" and payload["params"] == [str(ALICE)]
    refused = run_cli("ask", "delete my tasks", "--user-id", str(ALICE), "--dsn", tenant_dbs.full, "--format",
                      "json")
    assert refused.returncode == 7 and json.loads(refused.stdout)["error"]["code"] == "write_refused"


def test_cli_learn_is_all_or_nothing(tmp_path: Path, tenant_dbs: TenantDatabases) -> None:
    learned = tmp_path / "learned.toml"
    env = {"NL2SQL_LEARNED_PATH": str(learned)}
    question = "how many distinct methods have my tasks used"
    sql = "SELECT count(DISTINCT method) AS methods FROM tasks WHERE user_id = $1"
    bad = run_cli("learn", question, "SELECT count(*) FROM pg_catalog.pg_class", "--format", "json", env=env)
    assert bad.returncode == 3 and json.loads(bad.stdout)["error"]["code"] == "system_catalog"
    assert not learned.exists()
    done = run_cli("learn", question, sql, "--format", "json", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["learned"] == "learned-1"
    again = run_cli("learn", question, sql, "--format", "json", env=env)
    assert again.returncode == 2 and json.loads(again.stdout)["error"]["code"] == "duplicate_question"
    asked = run_cli("ask", question, "--user-id", str(ALICE), "--dsn", tenant_dbs.full, "--format", "json", env=env)
    assert asked.returncode == 0 and json.loads(asked.stdout)["sql"].startswith("SELECT count(DISTINCT method)")
    settings = replace(Settings(), learned_questions=learned)
    assert any(p.id == "learned-1" for p in Assistant(Client(None, settings)).library.pairs)


def test_a_hostile_value_in_the_vocabulary_stays_a_literal(assistant: Assistant, tenant_dbs: TenantDatabases) -> None:
    # A user's own rows can hold any text, and their vocabulary is read from them.
    from nl2sql.verified.slots import Slots

    hostile = "evil'); drop table tasks; --"
    pair = next(p for p in assistant.library.pairs if p.id == "conversation_count")
    sql = pair.sql.render(Slots("", agents=[hostile]), {"agent": frozenset({hostile})})
    assert "'evil''); drop table tasks; --'" in sql
    with Client(tenant_dbs.full, Settings()) as client:
        assert client.sql(sql, user_id=ALICE).rows == [(0,)]
        assert client.sql("SELECT count(*) FROM tasks", user_id=ALICE).rows[0][0] > 0
    # Asked in words, such a name cannot even be recognised: the question is declined, not misread.
    with pytest.raises(NoAnswer):
        assistant.match(f"how many conversations with {hostile}", {"agent": frozenset({hostile})})


@pytest.mark.parametrize("question", ["count my failed tasks", "how many tasks do I have per status"])
def test_one_question_opens_one_connection(question: str, tenant_dbs: TenantDatabases,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-shot ``ask`` (the CLI's client: no pool) reads the user's vocabulary and runs the answer on the
    same connection, whatever the number of queries."""
    import psycopg

    opened: list[object] = []
    real_connect = psycopg.connect

    def counting_connect(*args: object, **kwargs: object) -> object:
        opened.append(args)
        return real_connect(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(psycopg, "connect", counting_connect)
    with Client(tenant_dbs.full, Settings()) as client:
        answer = Assistant(client).ask(question, user_id=ALICE)
    assert answer.result.rows and answer.source in {"verified", "composed"}
    assert len(opened) == 1
