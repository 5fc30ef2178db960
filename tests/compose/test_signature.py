"""What a verified query does, read from PostgreSQL's own parse (``nl2sql.compose.signature``): each case names
the SQL and the parts of its signature the coverage check relies on. The cases where an earlier reading (a
model of the SQL, sqlglot's) got it wrong are here on purpose: window functions are not aggregates, ``FETCH
FIRST`` is a limit, the key of ``->>`` is a path and not a value, ``x IN (SELECT ...)`` does not compare ``x``
with the subquery's literals, and a set operation's branches have WHERE clauses too."""

from __future__ import annotations

from typing import Any

import pytest

from nl2sql.compose.signature import Condition, signature

CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "count with a status and a window": (
        "SELECT count(*) AS tasks FROM tasks t WHERE t.user_id = $1 AND t.status = 'failed' "
        "AND t.created_at >= now() - interval '7 days'",
        {"tables": {"tasks"}, "functions": {"count"}, "aggregated": True, "grouped": False,
         "window_columns": {("tasks", "created_at")}, "compares": False, "numbers": set(),
         "conditions": [Condition("eq", "tasks", "status", "", ("failed",)), Condition("window")],
         "literal_columns": {"failed": {("tasks", "status", "")}}}),
    "calendar window and buckets": (
        "SELECT date_trunc('day', t.created_at) AS day, count(*) FROM tasks t "
        "WHERE t.completed_at >= date_trunc('month', CURRENT_TIMESTAMP) GROUP BY 1 ORDER BY 1",
        {"bucket_columns": {("tasks", "created_at")}, "group_columns": {("tasks", "created_at")},
         "order_columns": {("tasks", "created_at")}, "window_columns": {("tasks", "completed_at")},
         "functions": {"count", "date_trunc"}, "grouped": True, "ordered": True}),
    "json keys are paths, not values": (
        "SELECT avg((t.llm_metadata->>'cost_usd')::numeric) FROM tasks t "
        "WHERE t.llm_metadata->>'model' = 'gpt-4o' AND t.evaluation ? 'user_rating'",
        {"keys": {("tasks", "llm_metadata", "cost_usd"), ("tasks", "llm_metadata", "model"),
                  ("tasks", "evaluation", "user_rating")},
         "conditions": [Condition("eq", "tasks", "llm_metadata", "model", ("gpt-4o",)),
                        Condition("has", "tasks", "evaluation", "user_rating")],
         "literal_columns": {"gpt-4o": {("tasks", "llm_metadata", "model")}}}),
    "a cast number compared is a comparison": (
        "SELECT count(*) FROM tasks WHERE (evaluation->>'user_rating')::int = 5",
        {"conditions": [Condition("compare", "", "evaluation", "user_rating")], "literal_columns": {},
         "numbers": {"5"}}),
    "nulls, flags and negation": (
        "SELECT t.id FROM tasks t WHERE t.ended_at IS NULL AND t.completed_at IS NOT NULL AND t.archived "
        "AND NOT t.flagged AND t.method <> 'x'",
        {"nulls": True, "conditions": [Condition("null", "tasks", "ended_at"),
                                       Condition("notnull", "tasks", "completed_at"),
                                       Condition("flag", "tasks", "archived"), Condition("flag", "tasks", "flagged"),
                                       Condition("other", "tasks", "method")]}),
    "in lists, any and not in": (
        "SELECT count(*) FROM tasks WHERE status IN ('failed', 'cancelled') AND method = ANY (ARRAY['a', 'b']) "
        "AND error_code NOT IN ('timeout')",
        {"conditions": [Condition("eq", "", "status", "", ("failed", "cancelled")),
                        Condition("eq", "", "method", "", ("a", "b")), Condition("other", "", "error_code")],
         "literal_columns": {"failed": {("", "status", "")}, "cancelled": {("", "status", "")},
                             "a": {("", "method", "")}, "b": {("", "method", "")},
                             "timeout": {("", "error_code", "")}}}),
    "a subquery's literals are its own": (
        "SELECT count(*) FROM tasks WHERE agent_conversation_id IN "
        "(SELECT id FROM agent_conversations WHERE agent_name = 'writer')",
        {"conditions": [Condition("other", "", "agent_conversation_id"),
                        Condition("eq", "", "agent_name", "", ("writer",))],
         "literal_columns": {"writer": {("", "agent_name", "")}}}),
    "comparison with all of a subquery": (
        "SELECT count(*) FROM tasks WHERE progress > ALL (SELECT 50)",
        {"compares": True, "conditions": [Condition("compare", "", "progress")]}),
    "filter clauses choose rows too": (
        "SELECT count(*) FILTER (WHERE t.status = 'completed') AS completed, count(DISTINCT t.method) FROM tasks t",
        {"functions": {"count", "filter", "distinct"},
         "conditions": [Condition("eq", "tasks", "status", "", ("completed",))]}),
    "window functions are not aggregates": (
        "SELECT id, lag(created_at) OVER (ORDER BY created_at) FROM tasks",
        {"aggregated": False, "functions": set()}),
    "every aggregate counts": (
        "SELECT jsonb_agg(status ORDER BY id) FROM project_steps",
        {"aggregated": True}),
    "fetch first is a limit": (
        "SELECT id FROM tasks ORDER BY created_at DESC FETCH FIRST 4 ROWS ONLY",
        {"limit": 4, "ordered": True, "order_columns": {("tasks", "created_at")}}),
    "order by an output name": (
        "SELECT c.agent_name, count(*) AS conversations FROM agent_conversations c GROUP BY c.agent_name "
        "ORDER BY conversations DESC LIMIT 3",
        {"group_columns": {("agent_conversations", "agent_name")}, "order_columns": set(), "limit": 3}),
    "a set operation's branches": (
        "WITH RECURSIVE tree AS (SELECT id FROM projects WHERE parent_project_id IS NULL UNION ALL "
        "SELECT p.id FROM projects p JOIN tree t ON p.parent_project_id = t.id) SELECT count(*) FROM tree",
        {"tables": {"projects", "tree"}, "conditions": [Condition("null", "", "parent_project_id")]}),
    "extract and date_part are both extracts": (
        "SELECT avg(EXTRACT(EPOCH FROM completed_at - started_at)), max(date_part('hour', created_at)) FROM tasks",
        {"functions": {"avg", "max", "extract"}}),
    "a negated null test": (
        "SELECT t.id FROM tasks t WHERE NOT (t.completed_at IS NOT NULL)",
        {"conditions": [Condition("null", "tasks", "completed_at")]}),
    "a negated key test is no key test": (
        "SELECT t.id FROM tasks t WHERE NOT (t.evaluation ? 'user_rating')",
        {"conditions": [Condition("other", "tasks", "evaluation", "user_rating")]}),
    "window aggregates and scalar subqueries do not aggregate the query's rows": (
        "SELECT id, count(*) OVER (), sum(progress) OVER (ORDER BY id), (SELECT count(*) FROM projects) FROM tasks",
        {"aggregated": False}),
    "type modifiers and LIMIT ALL are not values": (
        "SELECT t.id FROM tasks t WHERE t.created_at > now() - interval '1' day LIMIT ALL",
        {"numbers": set(), "nulls": False, "limit": None, "window_columns": {("tasks", "created_at")}}),
    "CURRENT_TIMESTAMP with a precision is a window": (
        "SELECT t.id FROM tasks t WHERE t.created_at > CURRENT_TIMESTAMP(0) LIMIT 5000000000",
        {"conditions": [Condition("window")], "compares": False, "limit": 5_000_000_000}),
    "the user's id is no number of the question's": (
        "SELECT count(*) FROM tasks WHERE user_id = $1",
        {"numbers": set(), "conditions": []}),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_signature(case: str) -> None:
    sql, expected = CASES[case]
    found = signature(sql)
    assert {name: getattr(found, name) for name in expected} == expected
