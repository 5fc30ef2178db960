"""Faults a long-running service meets, each with a typed error, nothing hung, nothing half-done: the database
restarting under a live pool, a database that is down at start, every pooled connection busy, a lock held by
someone else. (Statement timeouts: ``test_executor.py``; a slow, failing or garbled LLM endpoint:
``test_assistant_llm.py``.)"""

from __future__ import annotations

import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest

from nl2sql.catalog import Catalog
from nl2sql.client import Client
from nl2sql.db import demo_data
from nl2sql.db.loader import create_schema, load_rows
from nl2sql.errors import DatabaseUnavailable, ExecutionError
from nl2sql.settings import Settings

from .conftest import ALICE, TenantDatabases

QUICK = replace(Settings(), connect_timeout_s=2.0, pool_wait_s=0.5, pool_min_size=1, pool_max_size=2)


@pytest.fixture()
def own_server(catalog: Catalog, data_now: Any) -> Iterator[tuple[Any, str]]:
    """A PostgreSQL of this test's own (embedded), so it can be stopped and started."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        folder = Path(tempfile.mkdtemp(prefix="nl2sql-faults-"))
        server = pgserver.get_server(folder / "pg", cleanup_mode="stop")
    dsn = str(server.get_uri())
    with psycopg.connect(dsn) as conn:
        create_schema(conn, catalog)
        load_rows(conn, demo_data.generate(data_now, markers=True))
    yield server, dsn
    server.cleanup()


def test_the_pool_recovers_after_the_database_restarts(own_server: tuple[Any, str]) -> None:
    server, dsn = own_server
    with Client(dsn, QUICK, pooled=True) as client:
        before = client.sql("SELECT count(*) FROM tasks", user_id=ALICE).rows
        import pgserver

        pgserver._commands.pg_ctl(["-w", "stop", "-m", "fast"], pgdata=server.pgdata, user=server.system_user)
        with pytest.raises(DatabaseUnavailable):  # in flight while it is down: a clean, typed failure
            client.sql("SELECT count(*) FROM tasks", user_id=ALICE)
        server.ensure_postgres_running()
        deadline, answer = time.monotonic() + 20, None
        while answer is None and time.monotonic() < deadline:
            try:
                answer = client.sql("SELECT count(*) FROM tasks", user_id=ALICE).rows
            except DatabaseUnavailable:
                time.sleep(0.2)
        assert answer == before


def test_a_database_down_at_start_is_a_clear_error() -> None:
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as raised:
        Client("postgresql://nobody@127.0.0.1:1/none", QUICK, pooled=True)
    assert raised.value.code == "database_unavailable" and time.monotonic() - started < 15


def test_every_connection_busy_is_a_bounded_wait_then_pool_exhausted(tenant_dbs: TenantDatabases) -> None:
    settings = replace(QUICK, pool_min_size=1, pool_max_size=1, pool_wait_s=0.3)
    with Client(tenant_dbs.full, settings, pooled=True) as client:
        assert client.executor is not None and client.executor._pool is not None
        with client.executor._pool.connection():  # someone else holds the only connection
            started = time.monotonic()
            with pytest.raises(DatabaseUnavailable) as raised:
                client.sql("SELECT 1", user_id=ALICE)
            waited = time.monotonic() - started
        assert raised.value.code == "pool_exhausted" and waited < 5
        assert client.sql("SELECT 1 AS one", user_id=ALICE).rows == [(1,)]  # and it serves again


def test_a_lock_held_by_someone_else_is_a_lock_timeout(tenant_dbs: TenantDatabases) -> None:
    holding = threading.Event()
    release = threading.Event()

    def hold_lock() -> None:
        with psycopg.connect(tenant_dbs.full) as conn, conn.transaction():
            conn.execute("LOCK TABLE public.tasks IN ACCESS EXCLUSIVE MODE")
            holding.set()
            release.wait(20)

    locker = threading.Thread(target=hold_lock)
    locker.start()
    try:
        assert holding.wait(10)
        with Client(tenant_dbs.full, replace(Settings(), lock_timeout_ms=300)) as client, \
                pytest.raises(ExecutionError) as raised:
            client.sql("SELECT count(*) FROM tasks", user_id=ALICE)
        assert raised.value.code == "lock_timeout"
    finally:
        release.set()
        locker.join()
