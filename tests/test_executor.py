"""The executor on a real PostgreSQL: read-only, timeouts, row and byte caps, typed errors, admin scope."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import uuid
from typing import Any

import psycopg
import pytest

from nl2sql.catalog import Catalog
from nl2sql.client import Client
from nl2sql.db.executor import Executor
from nl2sql.db.loader import create_schema
from nl2sql.errors import AuthorizationError, ExecutionError, GuardError, InputError
from nl2sql.guard import _PROOF as PROOF  # the test forges a "proved" write to test the last line of defence
from nl2sql.guard import GuardedQuery
from nl2sql.settings import Settings

from .conftest import ADMIN, ALICE, Databases, TenantDatabases


def test_rows_are_fetched_n_plus_one_to_report_truncation(client: Client) -> None:
    result = client.sql("SELECT id FROM tasks ORDER BY id", user_id=ALICE, max_rows=5)
    assert result.row_count == 5 and result.truncated and result.truncated_by == "max_rows"
    total = client.sql("SELECT count(*) FROM tasks", user_id=ALICE).rows[0][0]
    exact = client.sql("SELECT id FROM tasks", user_id=ALICE, max_rows=total)
    assert exact.row_count == total and not exact.truncated


def test_max_rows_is_lowered_to_the_hard_cap(client: Client) -> None:
    query = client.check("SELECT id FROM tasks", user_id=ALICE, max_rows=10_000_000)
    assert query.max_rows == Settings().hard_max_rows and query.sql.endswith("LIMIT 10001")
    with pytest.raises(InputError) as raised:
        client.check("SELECT 1", user_id=ALICE, max_rows=0)
    assert raised.value.code == "invalid_max_rows"


def test_result_bytes_are_capped(tenant_dbs: TenantDatabases) -> None:
    settings = Settings(max_result_bytes=2_000)
    with Client(tenant_dbs.full, settings) as small:
        result = small.sql("SELECT prompt, llm_metadata FROM tasks", user_id=ALICE)
    assert result.truncated and result.truncated_by == "max_result_bytes"
    assert 0 < result.row_count < 100


def test_statement_timeout_is_a_typed_error(tenant_dbs: TenantDatabases) -> None:
    with Client(tenant_dbs.full, Settings(statement_timeout_ms=100)) as slow, pytest.raises(ExecutionError) as err:
        slow.sql("SELECT count(*) FROM generate_series(1, 1000000000)", user_id=ALICE)
    assert err.value.code == "statement_timeout"


def test_database_errors_are_typed(client: Client) -> None:
    with pytest.raises(ExecutionError) as err:
        client.sql("SELECT 1 / 0 FROM tasks", user_id=ALICE)
    assert err.value.code == "invalid_sql"


def test_unreachable_database_is_typed() -> None:
    with Client("postgresql://nobody@127.0.0.1:1/none?connect_timeout=1") as nowhere, \
            pytest.raises(ExecutionError) as err:
        nowhere.sql("SELECT 1", user_id=ALICE)
    assert err.value.code == "database_unavailable"


def test_executor_refuses_sql_the_guard_did_not_produce(tenant_dbs: TenantDatabases) -> None:
    forged = GuardedQuery("DELETE FROM tasks", ALICE, 10, "user", ("tasks",))
    with Executor(tenant_dbs.full) as executor, pytest.raises(GuardError) as err:
        executor.run(forged)
    assert err.value.code == "unscoped_reference"


def test_transaction_is_read_only_even_if_a_write_got_through(client: Client, tenant_dbs: TenantDatabases) -> None:
    # Forge what the guard would never produce, to show the database itself refuses the write.
    forged = GuardedQuery("WITH d AS (DELETE FROM public.tasks RETURNING 1) SELECT count(*) FROM d", ALICE, 10, "user",
                          ("tasks",), PROOF)
    before = client.sql("SELECT count(*) FROM tasks", user_id=ALICE, scope="user").rows
    with Executor(tenant_dbs.full) as executor, pytest.raises(ExecutionError) as err:
        executor.run(forged)
    assert err.value.code == "read_only_violation"
    assert client.sql("SELECT count(*) FROM tasks", user_id=ALICE).rows == before


def test_unscoped_reports_need_the_admin_role_from_the_database(client: Client) -> None:
    everyone = client.sql("SELECT count(*) FROM users", user_id=ADMIN, scope="all")
    assert everyone.rows[0][0] == 5
    with pytest.raises(AuthorizationError) as err:
        client.sql("SELECT count(*) FROM users", user_id=ALICE, scope="all")
    assert err.value.code == "scope_forbidden"
    stranger = "99999999-9999-9999-9999-999999999999"
    with pytest.raises(AuthorizationError):
        client.sql("SELECT count(*) FROM users", user_id=stranger, scope="all")


def test_unscoped_report_is_still_guarded(client: Client) -> None:
    with pytest.raises(GuardError) as err:
        client.sql("DELETE FROM tasks", user_id=ADMIN, scope="all")
    assert err.value.code == "not_read_only"


def test_the_pool_reuses_its_connections(tenant_dbs: TenantDatabases) -> None:
    """Twenty queries on a pool of at most two connections are served by at most two server processes: the
    pool keeps connections, it does not open one per query."""
    settings = dataclasses.replace(Settings(), pool_min_size=1, pool_max_size=2)
    with Client(tenant_dbs.full, settings, pooled=True) as pooled, \
            psycopg.connect(tenant_dbs.full, autocommit=True) as observer:
        assert pooled.executor is not None and pooled.executor._pool is not None
        backends = set()
        for _ in range(20):
            pooled.sql("SELECT count(*) FROM tasks", user_id=ALICE)
            with pooled.executor._pool.connection() as conn:
                backends.add(conn.info.backend_pid)
        live = {row[0] for row in observer.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")}
    assert 1 <= len(backends) <= 2 and backends <= live


def test_a_session_that_reads_text_differently_runs_nothing(legacy_dsn: str) -> None:
    """A pooler that drops the startup options leaves the database's own defaults in force (here
    standard_conforming_strings off, public first in search_path): the executor notices and refuses."""

    class OptionsDropped(Executor):
        def _connect_kwargs(self) -> dict[str, Any]:
            return {k: v for k, v in super()._connect_kwargs().items() if k != "options"}

    with Client(legacy_dsn) as client:
        query = client.check("SELECT count(*) FROM tasks", user_id=ALICE)
    with OptionsDropped(legacy_dsn) as executor, pytest.raises(ExecutionError) as err:
        executor.run(query)
    assert err.value.code == "session_not_pinned"
    with Executor(legacy_dsn) as executor:  # with its options, the same database answers
        assert executor.run(query).rows[0][0] > 0


@pytest.mark.parametrize(("roles", "status", "admin"), [
    ('["user", "admin"]', "active", True),
    ('["admin"]', "inactive", False),
    ('{"admin": true}', "active", False),
    ('{"admin": false}', "active", False),
    ('"admin"', "active", False),
    ('["administrator"]', "active", False),
    ('[["admin"]]', "active", False),
    ("null", "active", False),
])
def test_admin_means_an_active_user_whose_roles_array_holds_admin(
        roles: str, status: str, admin: bool, databases: Databases, catalog: Catalog) -> None:
    dsn = databases.create("admins")
    who = uuid.uuid4()
    with psycopg.connect(dsn) as conn:
        create_schema(conn, catalog)
        conn.execute("INSERT INTO users (id, email, roles, status) VALUES (%s, 'x@example.com', %s::jsonb, %s)",
                     (who, roles, status))
    with Client(dsn) as client:
        assert client.is_admin(who) is admin
        if admin:
            assert client.sql("SELECT count(*) FROM users", user_id=who, scope="all").rows == [(1,)]
        else:
            with pytest.raises(AuthorizationError):
                client.sql("SELECT count(*) FROM users", user_id=who, scope="all")


def test_statement_too_complex_is_its_own_error(tenant_dbs: TenantDatabases) -> None:
    # The guard refuses such nesting long before; forge one to show the database's refusal is typed, not
    # reported as an unavailable database.
    forged = GuardedQuery("SELECT " + "+".join(["1"] * 100_000), ALICE, 10, "user", (), PROOF)
    with Executor(tenant_dbs.full) as executor, pytest.raises(ExecutionError) as err:
        executor.run(forged)
    assert err.value.code == "statement_too_complex"


def test_huge_rows_stop_at_the_byte_cap_without_filling_memory(tenant_dbs: TenantDatabases) -> None:
    """5 MB a row for ~70 rows: the result would take ~350 MB; rows stream in and the transfer stops at the
    10 MB cap, so the process grows by a small multiple of the cap (measured in a fresh process)."""
    script = (
        "import json, resource, sys\n"
        "from nl2sql import Client\n"
        "with Client(sys.argv[1]) as c:\n"
        "    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    r = c.sql(\"SELECT repeat('x', 5000000) AS big FROM tasks\", user_id=sys.argv[2], max_rows=10000)\n"
        "    grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before\n"
        "print(json.dumps({'rows': r.row_count, 'by': r.truncated_by, 'grew_mb': grew / 1024}))\n")
    done = subprocess.run([sys.executable, "-c", script, tenant_dbs.full, str(ALICE)], capture_output=True,
                          text=True, timeout=120, check=True)
    outcome = json.loads(done.stdout)
    assert outcome["by"] == "max_result_bytes" and outcome["rows"] == 2
    assert outcome["grew_mb"] < 100, outcome


@pytest.mark.parametrize("sql", ["SELECT (repeat('[', 5000) || repeat(']', 5000))::jsonb AS j FROM users",
                                 "SELECT ('[1' || repeat('0', 5000) || ']')::json AS j FROM users"])
def test_a_value_python_cannot_decode_is_a_typed_error(sql: str, client: Client) -> None:
    with pytest.raises(ExecutionError) as err:
        client.sql(sql, user_id=ALICE)
    assert err.value.code == "result_unreadable"


def test_a_query_with_too_many_parts_is_refused_before_any_work(client: Client) -> None:
    columns = ", ".join(["id"] * 6000)
    with pytest.raises(GuardError) as err:
        client.sql(f"SELECT {columns} FROM tasks", user_id=ALICE)
    assert err.value.code == "too_complex"


def test_numbers_json_cannot_hold_are_text_not_invalid_json(client: Client) -> None:
    from nl2sql.output import json_value, to_json

    sql = ("SELECT 'NaN'::numeric AS a, 'Infinity'::float8 AS b, '-Infinity'::float8 AS c, 10::numeric ^ 5000 AS d, "
           "1e400::numeric + 0.5 AS e FROM users")
    row = json_value(list(client.sql(sql, user_id=ALICE).rows[0]))

    def refuse(constant: str) -> None:
        raise AssertionError(f"invalid JSON constant {constant}")

    decoded = json.loads(to_json({"row": row}), parse_constant=refuse)["row"]
    assert decoded[:3] == ["NaN", "Infinity", "-Infinity"]
    assert decoded[3].split(".")[0] == "1" + "0" * 5000  # 5,001 digits: kept exactly, as text
    assert isinstance(decoded[4], str) and decoded[4].startswith("1000") and decoded[4].endswith(".5")


def test_json_nested_past_the_limit_is_a_typed_error(client: Client) -> None:
    ok = client.sql("SELECT (repeat('[', 90) || repeat(']', 90))::jsonb AS j FROM users", user_id=ALICE)
    assert ok.row_count == 1
    with pytest.raises(ExecutionError) as err:
        client.sql("SELECT (repeat('[', 600) || repeat(']', 600))::jsonb AS j FROM users", user_id=ALICE)
    assert err.value.code == "result_unreadable"
