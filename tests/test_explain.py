"""``nl2sql explain`` and the cost gate on a real PostgreSQL with enough rows that plans really differ: a
sequential scan before an index exists and an index scan after, a sort that spills, a stale estimate. The
plan checks are pure functions, so the rarer findings are also tested on small synthetic plans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import psycopg
import pytest

from nl2sql.catalog import Catalog
from nl2sql.client import Client
from nl2sql.db.loader import create_schema
from nl2sql.errors import ExecutionError
from nl2sql.explain import ExplainContext, audit, parse_plan
from nl2sql.explain.checks import CHECKS
from nl2sql.policy import TenancyPolicy
from nl2sql.settings import Settings

from .conftest import Databases

USER = uuid.UUID(int=7)  # an active admin: sees the full plan
MEMBER = uuid.UUID(int=8)  # an ordinary user: sees the plan's shape only
QUERY = "SELECT count(*) FROM deliverables WHERE type = 'report'"


@pytest.fixture(scope="module")
def big_dsn(databases: Databases, catalog: Catalog) -> str:
    """60 users x 1,000 deliverables, statistics fresh, no index on deliverables.user_id."""
    dsn = databases.create("plans")
    with psycopg.connect(dsn, autocommit=True) as conn:
        create_schema(conn, catalog)
        conn.execute("""INSERT INTO deliverables (id, user_id, title, type, created_at)
            SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad(u::text, 12, '0'))::uuid,
                   'title ' || g, (ARRAY['report','code','document','image'])[1 + g % 4], now() - g * interval '1 min'
            FROM generate_series(1, 60) AS u, generate_series(1, 1000) AS g""")
        conn.execute("ANALYZE deliverables")
        conn.execute("INSERT INTO users (id, email, roles, status) VALUES (%s, 'ops@example.com', "
                     "'[\"user\", \"admin\"]', 'active'), (%s, 'member@example.com', '[\"user\"]', 'active')",
                     (USER, MEMBER))
    return dsn


@pytest.fixture()
def client(big_dsn: str) -> Iterator[Client]:
    with Client(big_dsn, Settings()) as c:
        yield c


def codes(report: Any) -> set[str]:
    return {finding.code for finding in report.findings}


def test_a_sequential_scan_then_an_index_scan(client: Client, big_dsn: str) -> None:
    before = audit(client, QUERY, user_id=USER)
    scans = {node.node_type for node in before.root.walk() if node.relation == "deliverables"}
    assert scans == {"Seq Scan"}
    assert {"tenant_filter_unindexed", "seq_scan_selective"} <= codes(before)
    suggestion = next(f.suggestion for f in before.findings if f.code == "tenant_filter_unindexed")
    assert suggestion == "CREATE INDEX ON public.deliverables (user_id);"
    with psycopg.connect(big_dsn, autocommit=True) as conn:
        conn.execute("CREATE INDEX deliverables_user_id ON deliverables (user_id)")
        conn.execute("ANALYZE deliverables")
    try:
        after = audit(client, QUERY, user_id=USER)
        scans = {node.node_type for node in after.root.walk() if node.relation == "deliverables"}
        assert scans <= {"Index Scan", "Bitmap Heap Scan", "Index Only Scan"} and scans
        assert not {"tenant_filter_unindexed", "seq_scan_selective"} & codes(after)
        assert after.total_cost < before.total_cost
    finally:
        with psycopg.connect(big_dsn, autocommit=True) as conn:
            conn.execute("DROP INDEX deliverables_user_id")
            conn.execute("ANALYZE deliverables")


def test_analyze_reports_actual_rows_and_a_stale_estimate(client: Client, big_dsn: str) -> None:
    with psycopg.connect(big_dsn, autocommit=True) as conn:
        conn.execute("ALTER TABLE deliverables SET (autovacuum_enabled = false)")
        conn.execute(f"""INSERT INTO deliverables (id, user_id, title, type)
            SELECT gen_random_uuid(), '{USER}', 'late ' || g, 'report' FROM generate_series(1, 20000) AS g""")
    try:
        report = audit(client, QUERY, user_id=USER, analyze=True)
        assert report.analyzed and "Execution Time" in report.plan
        assert any(node.actual_rows is not None for node in report.root.walk())
        assert "row_misestimate" in codes(report)
        assert "actual rows=" in report.text()
    finally:
        with psycopg.connect(big_dsn, autocommit=True) as conn:
            conn.execute("DELETE FROM deliverables WHERE title LIKE 'late %'")
            conn.execute("ANALYZE deliverables")


def test_a_sort_that_spills_to_disk(client: Client, big_dsn: str, databases: Databases) -> None:
    name = big_dsn.split("dbname=")[1].split()[0]
    with psycopg.connect(databases.server_dsn, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" SET work_mem = \'64kB\''.encode())
    try:
        report = audit(client, "SELECT repeat(d.title, 40) AS padded FROM deliverables d ORDER BY 1",
                       user_id=USER, analyze=True)
        assert "spill_to_disk" in codes(report)
    finally:
        with psycopg.connect(databases.server_dsn, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" RESET work_mem'.encode())


def node(node_type: str, rows: float, **extra: Any) -> dict[str, Any]:
    return {"Node Type": node_type, "Total Cost": 10.0, "Plan Rows": rows, **extra}


@pytest.mark.parametrize(("plan", "code"), [
    (node("Nested Loop", 5000, Plans=[node("Seq Scan", 5000, **{"Relation Name": "tasks"}),
                                      node("Seq Scan", 5000, **{"Relation Name": "users"})]), "nested_loop_large"),
    (node("Sort", 10, **{"Sort Method": "external merge", "Sort Space Type": "Disk", "Sort Space Used": 900}),
     "spill_to_disk"),
    (node("Hash", 10, **{"Hash Batches": 8}), "spill_to_disk"),
    (node("Seq Scan", 1000, **{"Actual Rows": 1, "Actual Loops": 1, "Relation Name": "tasks"}), "row_misestimate"),
])
def test_synthetic_plans(plan: dict[str, Any], code: str, policy: TenancyPolicy) -> None:
    ctx = ExplainContext(policy, {"tasks": 100_000, "users": 100}, {})
    root = parse_plan({"Plan": plan})
    assert code in {f.code for n in root.walk() for check in CHECKS for f in check(n, ctx)}


def test_no_suggestion_for_an_index_that_exists(policy: TenancyPolicy) -> None:
    plan = node("Seq Scan", 10, **{"Relation Name": "tasks", "Filter": "(status = 'failed'::text)"})
    ctx = ExplainContext(policy, {"tasks": 100_000}, {"tasks": [("status",)]})
    findings = [f for check in CHECKS for f in check(parse_plan({"Plan": plan}), ctx)]
    assert [f.code for f in findings] == ["seq_scan_selective"] and findings[0].suggestion is None


def test_the_cost_gate(big_dsn: str) -> None:
    settings = replace(Settings(), max_query_cost=1.0)
    with Client(big_dsn, settings) as client:
        assert client.sql(QUERY, user_id=USER).rows  # off for SQL a person wrote
        with pytest.raises(ExecutionError) as raised:
            client.sql(QUERY, user_id=USER, source="llm")
    assert raised.value.code == "cost_exceeded"
    assert "Seq Scan on deliverables" in raised.value.message


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nl2sql.cli", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **env})


def test_cli_explain_json_contract_and_text(big_dsn: str) -> None:
    done = cli("explain", QUERY, "--user-id", str(USER), "--dsn", big_dsn, "--format", "json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert set(payload) == {"sql", "params", "plan", "findings", "total_cost", "shape_only"}
    assert payload["params"] == [str(USER)] and payload["plan"]["Plan"]["Node Type"]
    assert {"severity", "code", "message", "node"} <= set(payload["findings"][0])
    text = cli("explain", "how many reports do I have", "--user-id", str(USER), "--dsn", big_dsn)
    assert text.returncode == 0 and "Seq Scan on deliverables" in text.stdout and "suggestion:" in text.stdout
    refused = cli("explain", "DELETE FROM deliverables", "--user-id", str(USER), "--dsn", big_dsn, "--format", "json")
    assert refused.returncode == 3 and json.loads(refused.stdout)["error"]["code"] == "not_read_only"


def test_cli_cost_gate_for_sql_is_configurable(big_dsn: str) -> None:
    gated = cli("sql", QUERY, "--user-id", str(USER), "--dsn", big_dsn, "--format", "json",
                NL2SQL_COST_GATE_SQL="1", NL2SQL_MAX_QUERY_COST="1")
    assert gated.returncode == 4 and json.loads(gated.stdout)["error"]["code"] == "cost_exceeded"
    assert cli("sql", QUERY, "--user-id", str(USER), "--dsn", big_dsn, NL2SQL_MAX_QUERY_COST="1").returncode == 0


def test_an_ordinary_user_sees_the_plan_shape_and_no_number(client: Client, big_dsn: str) -> None:
    """Rows removed by the tenant filter are exactly the other users' rows, and estimates come from everyone's
    statistics: a non-admin's plan holds neither, nor any other number, and findings are worded without them."""
    full = audit(client, QUERY, user_id=USER, analyze=True)
    shape = audit(client, QUERY, user_id=MEMBER, analyze=True)
    assert not full.shape_only and full.total_cost is not None
    assert any("Rows Removed by Filter" in node.raw for node in full.root.walk())
    assert shape.shape_only and shape.total_cost is None and "Execution Time" not in shape.plan
    assert [n.node_type for n in shape.root.walk()] == [n.node_type for n in full.root.walk()]

    def numbers(value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [n for v in value.values() for n in numbers(v)]
        if isinstance(value, list):
            return [n for v in value for n in numbers(v)]
        return [value] if isinstance(value, (int, float)) and not isinstance(value, bool) else []

    assert numbers(shape.plan) == []
    assert shape.findings and all(not any(c.isdigit() for c in f.message) for f in shape.findings)
    assert {f.code for f in shape.findings} == {f.code for f in full.findings}
    assert "cost=" not in shape.text() and "rows=" not in shape.text()


def test_a_parent_chain_without_indexes_is_flagged_link_by_link(policy: TenancyPolicy) -> None:
    plan = {"Plan": {"Node Type": "Seq Scan", "Relation Name": "project_steps", "Alias": "s", "Total Cost": 10.0,
                     "Plan Rows": 5}}
    bare = ExplainContext(policy, {}, {})
    findings = [f for check in CHECKS for f in check(parse_plan(plan), bare)]
    suggestions = {f.suggestion for f in findings if f.code == "policy_chain_unindexed"}
    assert suggestions == {"CREATE INDEX ON public.project_steps (project_id);",
                           "CREATE INDEX ON public.projects (conversation_id);",
                           "CREATE INDEX ON public.agent_conversations (user_id);"}
    indexed = ExplainContext(policy, {}, {"project_steps": [("project_id",)], "projects": [("conversation_id",)],
                                          "agent_conversations": [("user_id", "created_at")]})
    assert not [f for check in CHECKS for f in check(parse_plan(plan), indexed) if f.code == "policy_chain_unindexed"]
