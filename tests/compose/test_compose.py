"""The compositional layer, offline: golden question -> frame -> SQL cases for every measure, filter, window,
grouping and order; abstentions that name the words not understood; the lexicon's checks and its joins."""

from __future__ import annotations

import tomllib
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from nl2sql.assistant import Assistant
from nl2sql.compose import NotUnderstood, load_lexicon
from nl2sql.compose.lexicon import build_lexicon
from nl2sql.errors import ConfigurationError

from .conftest import demo_vocabulary

HERE = Path(__file__).resolve().parent
GOLDEN: list[dict[str, Any]] = tomllib.loads((HERE / "golden.toml").read_text(encoding="utf-8"))["case"]
USER = uuid.UUID(int=7)


@pytest.mark.parametrize("case", GOLDEN, ids=[c["question"] for c in GOLDEN])
def test_golden_question_frame_sql(case: dict[str, Any], offline: Assistant,
                                   vocabulary: dict[str, frozenset[str]]) -> None:
    composed = offline.composer.compose(case["question"], vocabulary)
    assert composed.frame.describe() == case["frame"]
    assert composed.sql == case["sql"]


@pytest.mark.parametrize("case", GOLDEN, ids=[c["question"] for c in GOLDEN])
def test_golden_sql_passes_the_guard(case: dict[str, Any], offline: Assistant) -> None:
    guarded = offline.client.check(case["sql"], user_id=USER)
    assert "$1" in guarded.sql  # scoped to the asking user by the guard, not by the composer


def test_the_golden_cases_cover_every_part_of_a_frame() -> None:
    frames = [c["frame"] for c in GOLDEN]
    measures = {f["measure"].split()[0] for f in frames}
    assert measures >= {"rows", "values", "count", "count_distinct", "sum", "avg", "min", "max", "percent", "share"}
    assert any("->" in f["measure"] for f in frames)  # a duration between two timestamps
    assert any(f["measure"].endswith("/60") for f in frames) and any(f["measure"].endswith("/3600") for f in frames)
    ops = {part.split()[1] for f in frames for part in f.get("filters", []) + f.get("condition", [])}
    assert ops >= {"=", "in", ">=", "null", "notnull", "has", "contains"}
    json_keys = [p for f in frames for p in f.get("filters", []) if p.count(".") == 2]
    assert any("provider" in p for p in json_keys) and any("model" in p for p in json_keys)
    assert any("error_code" in p for f in frames for p in f.get("filters", []))  # a code
    assert any("agent_conversations.agent_name" in p for f in frames if f["table"] == "tasks"
               for p in f.get("filters", []))  # through a documented join
    windows = [f["window"] for f in frames if "window" in f]
    for column in ("created_at", "completed_at", "started_at", "ended_at", "last_active_at", "updated_at"):
        assert any(w.split()[0].endswith("." + column) for w in windows), column
    for label in ("the last 5 days", "the last 12 hours", "today", "yesterday", "this week", "this month"):
        assert any(w.endswith(label) for w in windows), label
    assert any(" before " in w for w in windows)
    groups = [g for f in frames for g in f.get("groups", [])]
    assert any(g.startswith("day of") for g in groups) and any(g.startswith("week of") for g in groups)
    assert any(g.startswith("month of") for g in groups) and any(g.startswith("each ") for g in groups)
    assert any(len(f.get("groups", [])) == 2 for f in frames)
    orders = [f["order"] for f in frames if "order" in f]
    assert {o.split()[-1] for o in orders} == {"asc", "desc"}
    assert any(o.startswith("count") for o in orders) and any(o.startswith("duration") for o in orders)
    assert any(f.get("limit") == 1 for f in frames) and any((f.get("limit") or 0) > 1 for f in frames)


@pytest.mark.parametrize(("question", "words"), [
    ("how many tasks did carol create", ["carol"]),
    ("list jobs labelled urgent", ["labelled", "urgent"]),
    ("which tasks will fail next week", ["will", "next"]),
    ("average budget of my projects", ["budget"]),
    ("what is the weather in berlin", ["weather", "berlin"]),
    ("how many tasks did dave finish", ["dave"]),  # not "corrected" to a word that helps nothing ("date")
])
def test_unknown_words_are_named(question: str, words: list[str], offline: Assistant,
                                 vocabulary: dict[str, frozenset[str]]) -> None:
    with pytest.raises(NotUnderstood) as raised:
        offline.composer.compose(question, vocabulary)
    assert set(words) <= set(raised.value.words)
    for word in words:
        assert repr(word) in raised.value.message


@pytest.mark.parametrize(("question", "fragment"), [
    ("titles of my conversations", "not a column of agent_conversations"),  # deliverables have titles
    ("tasks per deliverable", "do not belong to deliverables"),  # deliverables point at tasks, not back
    ("how many tasks failed and how many were cancelled", "how many"),  # two measures
    ("tasks created in the last 7 days this month", "Two time windows"),
    ("count json", "could be about"),  # a task's deliverable type or a version's format
    ("failure rate per agent", "could be about"),  # tasks, projects or steps?
    ("average project cost", "of what"),  # cost is the tasks'
])
def test_known_words_that_do_not_fit_are_declined(question: str, fragment: str, offline: Assistant,
                                                  vocabulary: dict[str, frozenset[str]]) -> None:
    with pytest.raises(NotUnderstood) as raised:
        offline.composer.compose(question, vocabulary)
    assert fragment in raised.value.message


def test_every_content_word_must_be_used(offline: Assistant, vocabulary: dict[str, frozenset[str]]) -> None:
    # each word alone is known, but "hours" has no place in this question
    with pytest.raises(NotUnderstood) as raised:
        offline.composer.compose("how many hours tasks", vocabulary)
    assert "hour" in " ".join(raised.value.words)


def test_a_small_typo_is_corrected_and_said(offline: Assistant, vocabulary: dict[str, frozenset[str]]) -> None:
    composed = offline.composer.compose("how many taks failed", vocabulary)
    assert composed.frame.describe() == {"table": "tasks", "measure": "count", "filters": ["tasks.status = failed"]}
    assert "read 'taks' as 'task'" in composed.explanation


def test_the_explanation_names_the_word_behind_each_part(offline: Assistant,
                                                         vocabulary: dict[str, frozenset[str]]) -> None:
    composed = offline.composer.compose("how many jobs were completed in the past 3 days", vocabulary)
    text = composed.explanation
    assert "'jobs' -> table tasks" in text
    assert "'completed' -> tasks.status = 'completed'" in text
    assert "'in the past 3 days' -> tasks.completed_at within the last 3 days" in text
    assert "'how many' -> count of tasks" in text
    default = offline.composer.compose("how many jobs in the past 3 days", vocabulary).explanation
    assert "created_at: the default timestamp of tasks" in default


def test_a_value_from_the_users_rows_stays_a_literal(offline: Assistant) -> None:
    hostile = "x' or '1'='1"
    vocabulary = {**offline.vocabulary.seed(), "tasks.method": frozenset({hostile})}
    composed = offline.composer.compose("tasks with method x' or '1'='1", vocabulary)
    assert "t.method = 'x'' or ''1''=''1'" in composed.sql
    offline.client.check(composed.sql, user_id=USER)


def test_a_value_only_counts_if_the_user_has_it(offline: Assistant) -> None:
    vocabulary = offline.vocabulary.seed()  # no models: nobody's rows were read
    with pytest.raises(NotUnderstood):
        offline.composer.compose("count tasks on gpt-4o", vocabulary)


# ---- the lexicon -------------------------------------------------------------------------------------------

def test_joins_are_only_documented_links_the_ddl_backs(offline: Assistant) -> None:
    joins = {(j.child, j.column, j.parent) for j in offline.lexicon.joins}
    assert joins == {("tasks", "agent_conversation_id", "agent_conversations"),  # "conversations -> tasks"
                     ("deliverables", "task_id", "tasks"),  # "tasks -> deliverables"
                     ("projects", "conversation_id", "agent_conversations"),  # the tenancy policy's parents
                     ("project_steps", "project_id", "projects"),
                     ("deliverable_versions", "deliverable_id", "deliverables")}
    # documented but not in the DDL: projects -> deliverables, users -> projects, conversations -> messages


@pytest.mark.parametrize(("data", "fragment"), [
    ({"tables": {"agents": {"words": ["agent"]}}}, "no such table"),
    ({"tables": {"tasks": {"show": ["id", "priority"]}}}, "does not have"),
    ({"tables": {"tasks": {"duration": ["started_at"]}}}, "two timestamps"),
    ({"attributes": {"tasks.priority": {"words": ["priority"]}}}, "no such column"),
    ({"attributes": {"tasks.status.code": {"words": ["code"]}}}, "not a JSON column"),
    ({"attributes": {"tasks.llm_metadata.model": {"type": "colour"}}}, "unknown type"),
    ({"synonyms": {"tasks.prompt": {"x": ["y"]}}}, "not a category"),
    ({"time": {"deleted_at": {"words": ["deleted"]}}}, "no table has that column"),
])
def test_a_wrong_lexicon_is_an_error(data: dict[str, Any], fragment: str, offline: Assistant) -> None:
    with pytest.raises(ConfigurationError) as raised:
        build_lexicon(data, offline.client.catalog, offline.client.policy)
    assert fragment in raised.value.message


def test_the_project_lexicon_loads(offline: Assistant) -> None:
    settings = offline.client.settings
    lexicon = load_lexicon(settings.schema_doc.with_name("core_platform.lexicon.toml"), offline.client.catalog,
                           offline.client.policy)
    assert lexicon.attributes["tasks.llm_metadata.cost_usd"].additive
    assert {a.key for a in lexicon.value_attributes()} >= {"tasks.status", "tasks.llm_metadata.model",
                                                          "agent_conversations.agent_type"}


def test_the_cached_lexicon_follows_the_documents_relationships(offline: Assistant, tmp_path: Path) -> None:
    """Read from the on-disk cache, a lexicon is what building it afresh gives: a document whose relationships
    changed (and nothing else) has other joins, and the lexicon keeps the catalog it was asked for."""
    settings, catalog, policy = offline.client.settings, offline.client.catalog, offline.client.policy
    first = load_lexicon(settings.lexicon_path, catalog, policy, tmp_path)
    fewer = replace(catalog, relationships=catalog.relationships[:1])
    cached = load_lexicon(settings.lexicon_path, fewer, policy, tmp_path)
    assert cached.joins == load_lexicon(settings.lexicon_path, fewer, policy).joins != first.joins
    assert cached.catalog is fewer
    assert load_lexicon(settings.lexicon_path, catalog, policy, tmp_path).joins == first.joins
    assert len(list(tmp_path.glob("lexicon-*"))) == 2


def test_demo_vocabulary_fixture_is_complete(offline: Assistant) -> None:
    assert set(demo_vocabulary(offline)) >= {a.key for a in offline.lexicon.value_attributes()}
