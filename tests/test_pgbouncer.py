"""The production shape: PgBouncer in transaction-pooling mode in front of PostgreSQL (Debian's pgbouncer, a
real process on a free port). Startup options do not pass through it and a server connection serves any client
transaction, so each transaction pins its own session settings and, with row-level security on, its claims and
role, transaction-locally (``nl2sql.db.session``)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import psycopg
import pytest

from nl2sql.client import Client
from nl2sql.db import demo_data
from nl2sql.db.embedded import with_database
from nl2sql.settings import Settings

from .conftest import ALICE, RlsDatabases, TenantDatabases
from .support.pgbouncer import pgbouncer
from .test_adversarial import CASES, Case, check_case

BOB = demo_data.USERS[1].id
POOLER = replace(Settings(), transaction_pooler=True, pool_min_size=2, pool_max_size=6)


@pytest.fixture(scope="module")
def bouncer(server_dsn: str) -> Iterator[str]:
    with pgbouncer(server_dsn) as dsn:
        yield dsn


def through(bouncer: str, dsn: str) -> str:
    return with_database(bouncer, dsn.split("dbname=")[1].split()[0])


@pytest.fixture(scope="module")
def legacy_through_bouncer(bouncer: str, legacy_dsn: str) -> Iterator[Client]:
    with Client(through(bouncer, legacy_dsn), POOLER, pooled=True) as client:
        yield client


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_through_pgbouncer_on_legacy_defaults(case: Case, legacy_through_bouncer: Client,
                                                     tenant_dbs: TenantDatabases) -> None:
    """No startup options reach the server here, and the database's defaults read text differently: every
    transaction's first statement pins the settings, so every answer is still exactly alice's."""
    check_case(case, legacy_through_bouncer, tenant_dbs)


def expected(dsn: str, user: Any) -> tuple[int, str]:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT count(*), coalesce(string_agg(prompt, '|' ORDER BY id), '') FROM public.tasks "
                           "WHERE user_id = %s", (user,)).fetchone()
    assert row is not None
    return int(row[0]), str(row[1])


def test_two_users_interleaved_with_rls_through_pgbouncer(bouncer: str, rls_databases: RlsDatabases) -> None:
    dsn = rls_databases.create("bouncer")
    want = {ALICE: expected(dsn, ALICE), BOB: expected(dsn, BOB)}
    assert want[ALICE] != want[BOB]
    settings = replace(POOLER, rls_role=rls_databases.role)
    sql = "SELECT count(*), coalesce(string_agg(prompt, '|' ORDER BY id), '') FROM tasks"
    with Client(through(bouncer, dsn), settings, pooled=True) as client:
        def ask(user: Any) -> tuple[Any, tuple[int, str]]:
            row = client.sql(sql, user_id=user).rows[0]
            return user, (int(row[0]), str(row[1]))

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(ask, [ALICE, BOB] * 100))
    assert len(answers) == 200 and all(got == want[user] for user, got in answers)


def test_claims_and_role_never_outlive_a_transaction_behind_pgbouncer(bouncer: str,
                                                                      rls_databases: RlsDatabases) -> None:
    dsn = rls_databases.create("bouncer_leftovers")
    settings = replace(POOLER, rls_role=rls_databases.role, pool_min_size=1, pool_max_size=1)
    with Client(through(bouncer, dsn), settings, pooled=True) as client:
        client.sql("SELECT count(*) FROM tasks", user_id=ALICE)
    # Any client of the pooler now gets a server connection the query used; nothing of alice remains on it.
    with psycopg.connect(through(bouncer, dsn), prepare_threshold=None) as conn:
        claims, role, search_path = conn.execute(
            "SELECT current_setting('request.jwt.claims', true), current_setting('role'), "
            "current_setting('search_path')").fetchone()  # type: ignore[misc]
    assert claims in (None, "") and role == "none" and search_path != "pg_catalog"
