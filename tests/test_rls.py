"""The second lock, on a real PostgreSQL: row-level security generated from the tenancy policy.

With the guard bypassed entirely (raw SQL through the reader role and the user's claims), every documented
table shows exactly the user's rows; the adversarial corpus answers the same with RLS on; the claims and the role
do not outlive a transaction on a pooled connection; and ``nl2sql rls --check`` finds missing and weaker policies.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

import psycopg
import pytest

from nl2sql.catalog import Catalog
from nl2sql.client import Client
from nl2sql.output import json_value
from nl2sql.policy import TenancyPolicy
from nl2sql.rls import RlsTarget, check
from nl2sql.settings import Settings

from .conftest import ALICE, Databases, RlsDatabases, TenantDatabases
from .test_adversarial import CASES, Case, check_case


@pytest.fixture(scope="module")
def reader_role(rls_databases: RlsDatabases) -> str:
    return rls_databases.role


@pytest.fixture(scope="module")
def rls_dsn(rls_databases: RlsDatabases) -> str:
    return rls_databases.create("main")


def as_reader(dsn: str, role: str, user: uuid.UUID | None, sql: str) -> list[tuple[Any, ...]]:
    """Raw SQL, no guard at all: only the database's row-level security stands between it and the rows."""
    with psycopg.connect(dsn) as conn, conn.transaction(force_rollback=True):
        if user is not None:
            conn.execute("SELECT set_config('request.jwt.claims', %s, true)",
                         (json.dumps({"sub": str(user), "role": "authenticated"}),))
        conn.execute("SELECT set_config('role', %s, true)", (role,))
        return conn.execute(sql.encode()).fetchall()


def canonical(rows: list[tuple[Any, ...]]) -> list[str]:
    return sorted(json.dumps(json_value(list(row)), sort_keys=True, default=str) for row in rows)


def test_rls_alone_shows_each_table_exactly_the_users_rows(rls_dsn: str, reader_role: str, policy: TenancyPolicy,
                                                            tenant_dbs: TenantDatabases) -> None:
    for name in policy.tables:
        table = f'public."{name}"'
        mine = as_reader(rls_dsn, reader_role, ALICE, f"SELECT * FROM {table}")
        with psycopg.connect(tenant_dbs.alice_only) as conn:
            expected = conn.execute(f"SELECT * FROM {table}".encode()).fetchall()
        assert canonical(mine) == canonical(expected), name
        assert expected, f"{name}: the oracle holds no row, the comparison would prove nothing"
        # Fails closed: no claims, or claims for nobody, show nothing.
        assert as_reader(rls_dsn, reader_role, None, f"SELECT count(*) FROM {table}") == [(0,)]
        assert as_reader(rls_dsn, reader_role, uuid.uuid4(), f"SELECT count(*) FROM {table}") == [(0,)]


def test_the_reader_cannot_forge_its_identity_in_one_statement(rls_dsn: str, reader_role: str) -> None:
    """The claims are read when the policy runs; a query that could call set_config (the guard refuses it,
    this is RLS alone) still cannot see rows it changed the claims to, within a single SELECT."""
    rows = as_reader(rls_dsn, reader_role, ALICE, "SELECT count(*) FROM public.tasks WHERE user_id <> "
                                                  f"'{ALICE}'")
    assert rows == [(0,)]


@pytest.fixture(scope="module")
def rls_client(rls_dsn: str, reader_role: str) -> Iterator[Client]:
    with Client(rls_dsn, replace(Settings(), rls_role=reader_role), pooled=True) as client:
        yield client


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_answers_the_same_with_rls_on(case: Case, rls_client: Client, tenant_dbs: TenantDatabases) -> None:
    check_case(case, rls_client, tenant_dbs)


def test_claims_and_role_do_not_outlive_the_transaction(rls_dsn: str, reader_role: str) -> None:
    settings = replace(Settings(), rls_role=reader_role, pool_min_size=1, pool_max_size=1)
    with Client(rls_dsn, settings, pooled=True) as client:
        assert client.sql("SELECT count(*) FROM tasks", user_id=ALICE).rows[0][0] > 0
        assert client.executor is not None and client.executor._pool is not None
        with client.executor._pool.connection() as conn:  # the very connection the query used
            claims, role, user = conn.execute("SELECT current_setting('request.jwt.claims', true), "
                                              "current_setting('role'), current_user").fetchone()  # type: ignore[misc]
            conn.rollback()
        assert claims in (None, "") and role == "none" and user != reader_role


def test_check_finds_missing_and_weaker_policies(rls_databases: RlsDatabases, policy: TenancyPolicy,
                                                 reader_role: str, rls_dsn: str) -> None:
    target = RlsTarget("postgres", reader_role)
    assert [f for f in check(rls_dsn, policy, target) if f.severity == "error"] == []
    weak = rls_databases.create("weak")
    with psycopg.connect(weak, autocommit=True) as conn:
        conn.execute(f'CREATE POLICY everyone ON public.deliverables FOR SELECT TO "{reader_role}" USING (true)'
                     .encode())
        conn.execute("ALTER TABLE public.tasks DISABLE ROW LEVEL SECURITY")
    codes = {(f.code, f.message.split(":")[0]) for f in check(weak, policy, target)}
    assert ("policy_weaker", "public.deliverables") in codes
    assert ("rls_disabled", "public.tasks") in codes
    assert ("policy_weaker", "public.tasks") in codes  # no RLS: the reader sees everyone's tasks


def test_cli_prints_applies_and_checks(databases: Databases, catalog: Catalog, data_now: datetime,
                                       reader_role: str, rls_databases: RlsDatabases) -> None:
    dsn = databases.demo("rls_cli", catalog, data_now)
    rls_databases.created.append(dsn)  # dropped with the role

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "nl2sql.cli", "rls", "--dsn", dsn, "--reader-role", reader_role,
                               *args], capture_output=True, text=True, timeout=120, env=os.environ.copy())

    printed = cli("--format", "json")
    assert printed.returncode == 0 and "CREATE POLICY" in json.loads(printed.stdout)["sql"]
    assert cli("--check").returncode == 6  # nothing applied yet
    applied = cli("--apply")
    assert applied.returncode == 0, applied.stderr
    checked = cli("--check", "--format", "json")
    assert checked.returncode == 0, checked.stdout
    assert not [f for f in json.loads(checked.stdout)["findings"] if f["severity"] == "error"]


def test_a_guard_bug_alone_leaks_nothing(rls_dsn: str, reader_role: str, tenant_dbs: TenantDatabases) -> None:
    """Forge what a broken guard would let through (every table unscoped, "proved"): with RLS on, the database
    still answers with alice's rows only."""
    from nl2sql.db.executor import Executor
    from nl2sql.guard import _PROOF, GuardedQuery

    unscoped = GuardedQuery("SELECT count(*), count(*) FILTER (WHERE prompt LIKE '%SECRET%') FROM public.tasks",
                            ALICE, 10, "user", ("tasks",), _PROOF)
    with Executor(rls_dsn, replace(Settings(), rls_role=reader_role)) as executor:
        total, secrets = executor.run(unscoped).rows[0]
    with psycopg.connect(tenant_dbs.alice_only) as conn:
        assert (total, secrets) == (conn.execute("SELECT count(*) FROM public.tasks").fetchone()[0], 0)  # type: ignore[index]


def test_unscoped_reports_still_run_as_the_login_role(rls_client: Client) -> None:
    from .conftest import ADMIN

    assert rls_client.sql("SELECT count(*) FROM users", user_id=ADMIN, scope="all").rows == [(5,)]
    assert rls_client.sql("SELECT count(*) FROM users", user_id=ADMIN).rows == [(1,)]
