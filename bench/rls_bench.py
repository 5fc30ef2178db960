"""Row-level security on vs off, per query, on a database of realistic size: 1,000 users, 20,000 conversations,
100,000 tasks, 20,000 projects, 100,000 project steps, 30,000 deliverables, 60,000 versions. Every query runs
through the guard either way; "on" adds the database's policies (``nl2sql rls``), which filter the same rows a
second time, parent chains included. Measured twice: with the document's own indexes, then with the indexes
``nl2sql explain`` suggests for the policy chains (``policy_chain_unindexed``).

    .venv/bin/python bench/rls_bench.py [--rounds 30]

Uses NL2SQL_BENCH_DSN's server or an embedded one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fresh_database

from nl2sql import Client, Settings, load_catalog, load_policy
from nl2sql.db.loader import create_schema
from nl2sql.rls import RlsTarget, apply, migration

USER = uuid.UUID(int=17)
QUERIES = {
    "tasks by status": "SELECT status, count(*) FROM tasks GROUP BY status",
    "conversations per agent": "SELECT agent_name, count(*) FROM agent_conversations GROUP BY 1",
    "projects (1 parent)": "SELECT status, count(*) FROM projects GROUP BY status",
    "project steps (2 parents)": "SELECT status, count(*) FROM project_steps GROUP BY status",
    "versions (1 parent)": "SELECT format, count(*) FROM deliverable_versions GROUP BY format",
    "steps joined to projects": ("SELECT p.name, count(s.id) FROM projects p JOIN project_steps s "
                                 "ON s.project_id = p.id GROUP BY p.name ORDER BY 2 DESC LIMIT 5"),
}
CHAIN_INDEXES = ["CREATE INDEX ON public.agent_conversations (user_id)", "CREATE INDEX ON public.projects "
                 "(conversation_id)", "CREATE INDEX ON public.project_steps (project_id)",
                 "CREATE INDEX ON public.deliverables (user_id)", "CREATE INDEX ON public.deliverable_versions "
                 "(deliverable_id)"]
FILL = """
INSERT INTO users (id, email) SELECT ('00000000-0000-0000-0000-' || lpad(u::text, 12, '0'))::uuid,
  'u' || u || '@example.com' FROM generate_series(1, 1000) u;
INSERT INTO agent_conversations (id, user_id, agent_name, agent_type)
  SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((1 + c % 1000)::text, 12, '0'))::uuid,
  (ARRAY['writer','coder','analyst'])[1 + c % 3], 'assistant' FROM generate_series(1, 20000) c;
INSERT INTO tasks (id, user_id, agent_conversation_id, method, prompt, status)
  SELECT gen_random_uuid(), c.user_id, c.id, 'run', 'prompt ' || g,
  (ARRAY['completed','failed','pending'])[1 + g % 3] FROM agent_conversations c, generate_series(1, 5) g;
INSERT INTO projects (id, conversation_id, name, status)
  SELECT gen_random_uuid(), c.id, 'project ' || left(c.id::text, 8), (ARRAY['running','completed'])[1 + g % 2]
  FROM agent_conversations c, generate_series(1, 1) g;
INSERT INTO project_steps (id, project_id, step_id, step_index, step_type, step_name, status)
  SELECT gen_random_uuid(), p.id, 's' || g, g, 'agent', 'step ' || g, (ARRAY['pending','completed'])[1 + g % 2]
  FROM projects p, generate_series(1, 5) g;
INSERT INTO deliverables (id, user_id, title, type)
  SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((1 + d % 1000)::text, 12, '0'))::uuid,
  'deliverable ' || d, (ARRAY['report','code'])[1 + d % 2] FROM generate_series(1, 30000) d;
INSERT INTO deliverable_versions (id, deliverable_id, version_number, format)
  SELECT gen_random_uuid(), d.id, g, (ARRAY['md','pdf'])[g] FROM deliverables d, generate_series(1, 2) g;
ANALYZE;
"""


def database() -> tuple[str, str]:
    settings = Settings()
    catalog = load_catalog(settings.schema_doc)
    dsn = fresh_database("nl2sql_rls_bench")
    with psycopg.connect(dsn) as conn:
        create_schema(conn, catalog)
        conn.execute(FILL.encode())
        login = str(conn.execute("SELECT current_user").fetchone()[0])  # type: ignore[index]
    role = "nl2sql_bench_reader"
    apply(dsn, migration(load_policy(settings.policy_path, catalog), RlsTarget("postgres", role, login)))
    return dsn, role


def p50s_ms(clients: dict[str, Client], sql: str, rounds: int) -> dict[str, float]:
    """Interleaved, round by round, so both clients see the same machine state."""
    samples: dict[str, list[float]] = {name: [] for name in clients}
    for _ in range(rounds + 1):
        for name, client in clients.items():
            started = time.perf_counter()
            client.sql(sql, user_id=USER)
            samples[name].append(time.perf_counter() - started)
    return {f"{name}_p50_ms": round(statistics.median(values[1:]) * 1000, 2) for name, values in samples.items()}


def measure(dsn: str, role: str, rounds: int) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    with Client(dsn, Settings(), pooled=True) as off, \
            Client(dsn, replace(Settings(), rls_role=role), pooled=True) as on:
        for name, sql in QUERIES.items():
            assert off.sql(sql, user_id=USER).rows == on.sql(sql, user_id=USER).rows, name
            timing = p50s_ms({"rls_off": off, "rls_on": on}, sql, rounds)
            results[name] = {**timing, "ratio": round(timing["rls_on_p50_ms"] / timing["rls_off_p50_ms"], 2)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    dsn, role = database()
    report: dict[str, object] = {"document_indexes": measure(dsn, role, args.rounds)}
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in CHAIN_INDEXES:
            conn.execute(statement.encode())
        conn.execute("ANALYZE")
    report["with_policy_chain_indexes"] = measure(dsn, role, args.rounds)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
