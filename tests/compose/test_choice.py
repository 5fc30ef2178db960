"""Which answerer answers: a verified match only if it explains every word of the question; else the composed
answer; a tie goes to the verified question; neither is an abstention naming the words not understood. Then
the same end to end on the demo database, as one user, through the guard and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from nl2sql.assistant import Assistant
from nl2sql.client import Client
from nl2sql.compose.values import MAX_VALUE_LENGTH
from nl2sql.db import demo_data
from nl2sql.errors import NoAnswer, NoConfidentMatch
from nl2sql.settings import Settings

from ..conftest import ALICE, TenantDatabases
from ..test_adversarial import canonical


def _left(assistant: Assistant, question: str, vocabulary: dict[str, frozenset[str]]) -> list[str]:
    match = assistant.matcher.match(question, vocabulary)
    return assistant._unexplained(question, match, vocabulary)


@pytest.mark.parametrize("question", [
    "count my failed tasks",
    "tasks per status",
    "how many tokens did each model use",
    "which of my tasks have no conversation",
    "show my open conversations",
])
def test_a_verified_match_explaining_every_word_is_kept(question: str, offline: Assistant,
                                                        vocabulary: dict[str, frozenset[str]]) -> None:
    assert _left(offline, question, vocabulary) == []
    offline.match(question, vocabulary)


@pytest.mark.parametrize(("question", "left"), [
    # a key word the pair ignores
    ("how many completion tokens per model", "completion tokens"),
    # the window applies to the timestamp the question names, not the pair's created_at
    ("number of tasks completed in the past 10 days", "in the past 10 days"),
    # a count where the rows were asked for
    ("conversations with the invoice processor", "rows were asked"),
    # one row asked for, the pair lists them all
    ("which method is used the most", "one was asked"),
    # a filter nobody asked for (the pair lists only open conversations)
    ("list my conversations with the orchestrator", "ended_at nobody asked for"),
    # a percentage is not a fraction
    ("percentage of failed tasks", "percentage"),
])
def test_a_verified_match_leaving_a_word_unexplained_is_no_match(question: str, left: str, offline: Assistant,
                                                                 vocabulary: dict[str, frozenset[str]]) -> None:
    found = _left(offline, question, vocabulary)
    assert any(left in word for word in found), found
    with pytest.raises(NoConfidentMatch):
        offline.match(question, vocabulary)


def test_a_tie_goes_to_the_verified_question(offline: Assistant, vocabulary: dict[str, frozenset[str]]) -> None:
    question = "count my failed tasks"
    offline.composer.compose(question, vocabulary)  # the composer answers it too
    assert offline._answer(question, vocabulary).source == "verified"


def test_the_composer_answers_what_the_verified_match_cannot(offline: Assistant,
                                                             vocabulary: dict[str, frozenset[str]]) -> None:
    chosen = offline._answer("how many completion tokens per model", vocabulary)
    assert chosen.source == "composed"
    assert "completion_tokens" in chosen.sql and "'completion tokens' -> total" in chosen.explanation


def test_neither_is_an_abstention_naming_the_words(offline: Assistant, vocabulary: dict[str, frozenset[str]]) -> None:
    with pytest.raises(NoConfidentMatch) as raised:
        offline._answer("how many tasks did carol create", vocabulary)
    assert "'carol'" in raised.value.message


# ---- end to end on the demo database ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def on_demo(tenant_dbs: TenantDatabases) -> Iterator[Assistant]:
    with Client(tenant_dbs.full, Settings(), pooled=True) as client:
        yield Assistant(client)


@pytest.mark.parametrize("question", [
    "average cost per provider",
    "how many tasks ran on gpt-4o-mini",
    "number of conversations by channel",
    "how many versions are in markdown format",
    "failed tasks for the code reviewer",
])
def test_composed_answers_see_only_the_users_rows(question: str, on_demo: Assistant,
                                                  tenant_dbs: TenantDatabases) -> None:
    answer = on_demo.ask(question, user_id=ALICE, max_rows=10_000)
    assert answer.source == "composed"
    assert "SECRET" not in json.dumps(canonical(answer.result.rows), default=str)
    with Client(tenant_dbs.alice_only, Settings()) as alone:
        plan = Assistant(alone).plan(question, user_id=ALICE)
        assert plan.source == "composed"
        oracle = alone.sql(plan.sql, user_id=ALICE, max_rows=10_000)
    assert canonical(answer.result.rows) == canonical(oracle.rows)


def test_the_vocabulary_holds_only_the_users_own_values(on_demo: Assistant) -> None:
    vocabulary = on_demo.vocabulary.for_user(demo_data.PRIMARY.id)
    assert {"anthropic", "openai"} <= vocabulary["tasks.llm_metadata.provider"]
    assert "slack" in vocabulary["agent_conversations.metadata.channel"]
    assert "SECRET" not in " ".join(v for values in vocabulary.values() for v in values)


def test_the_vocabulary_is_what_the_users_rows_alone_hold(on_demo: Assistant, tenant_dbs: TenantDatabases) -> None:
    """Every kind's and category attribute's values, read in one guarded query, are exactly what the same
    columns hold on a database of the user's rows alone, added to what the project documents."""
    expected = on_demo.vocabulary.seed()
    columns = [(name, *qualified.rsplit(".", 1), None) for name, kind in on_demo.library.vocabulary.items()
               for qualified in kind.columns]
    columns += [(a.key, a.table, a.column, a.json_key) for a in on_demo.lexicon.value_attributes()]
    with psycopg.connect(tenant_dbs.alice_only) as conn:
        for label, table, column, key in columns:
            value = sql.Identifier(column) if key is None else \
                sql.SQL("{} ->> {}").format(sql.Identifier(column), sql.Literal(key))
            rows = conn.execute(sql.SQL("SELECT DISTINCT CAST({} AS TEXT) FROM {} WHERE {} IS NOT NULL").format(
                value, sql.Identifier(table), value)).fetchall()
            kind = label in on_demo.library.vocabulary
            found = {r[0] for r in rows if r[0] and (kind or len(r[0]) <= MAX_VALUE_LENGTH)}
            expected[label] = expected.get(label, frozenset()) | found
    assert on_demo.vocabulary.for_user(ALICE) == expected


def test_a_value_only_another_user_has_is_not_understood(on_demo: Assistant) -> None:
    with pytest.raises(NoAnswer) as raised:
        on_demo.ask("how many tasks mention bobsecret", user_id=ALICE)
    assert "bobsecret" in raised.value.message


def test_cli_ask_json_says_composed(tenant_dbs: TenantDatabases) -> None:
    done = subprocess.run([sys.executable, "-m", "nl2sql.cli", "ask", "average cost per provider", "--user-id",
                           str(ALICE), "--dsn", tenant_dbs.full, "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["source"] == "composed"
    assert "'cost' -> average" in payload["explanation"]
    assert payload["columns"] == ["provider", "average_cost_usd"]
    declined = subprocess.run([sys.executable, "-m", "nl2sql.cli", "ask", "how many tasks did carol create",
                               "--user-id", str(ALICE), "--dsn", tenant_dbs.full, "--format", "json"],
                              capture_output=True, text=True, timeout=120)
    assert declined.returncode == 7
    assert "carol" in json.loads(declined.stdout)["error"]["message"]
