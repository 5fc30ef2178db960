"""The embedded demo database: started from nothing, reused, and answering as the README promises."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import psycopg

from nl2sql.catalog import Catalog
from nl2sql.client import Client
from nl2sql.db import demo_data
from nl2sql.db.ddl import schema_ddl
from nl2sql.db.embedded import ensure_demo_database

from .support.serve import stop_embedded


def test_demo_database_starts_loads_and_is_reused(tmp_path: Path, catalog: Catalog) -> None:
    try:
        dsn = ensure_demo_database(tmp_path / "pgdata", catalog)
        with psycopg.connect(dsn) as conn:
            statuses = {r[0] for r in conn.execute("SELECT DISTINCT status FROM tasks").fetchall()}
            assert statuses == set(demo_data.TASK_STATUSES)
            assert conn.execute("SELECT count(*) FROM users WHERE roles ? 'admin'").fetchone() == (1,)
            assert conn.execute("SELECT count(*) FROM project_steps").fetchone()[0] > 20  # type: ignore[index]
            # uuid_generate_v4() works without uuid-ossp
            assert conn.execute("SELECT uuid_generate_v4()").fetchone() is not None
            conn.execute("INSERT INTO deliverable_versions (deliverable_id, version_number) "
                         "SELECT id, 99 FROM deliverables LIMIT 1")
            conn.rollback()
        assert ensure_demo_database(tmp_path / "pgdata", catalog) == dsn
        with Client(dsn) as client:
            result = client.sql("SELECT count(*) FROM tasks", user_id=demo_data.PRIMARY.id)
        assert 0 < result.rows[0][0] < sum(len(r) for t, r in demo_data.generate().tables.items() if t == "tasks")
    finally:
        stop_embedded(tmp_path / "pgdata")


def test_documented_indexes_that_cannot_exist_are_reported(catalog: Catalog) -> None:
    _, skipped = schema_ddl(catalog)
    reasons = {s.index.name: s.reason for s in skipped}
    assert "collides" in reasons["users_email_key"]
    assert set(reasons) == {"users_email_key", "idx_conversations_user_recent", "idx_messages_conversation_time",
                            "idx_agents_active"}


def test_demo_data_is_deterministic() -> None:
    from datetime import datetime

    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert demo_data.generate(now) == demo_data.generate(now)
    only = demo_data.generate(now, only_owner=demo_data.PRIMARY.id)
    assert only.tables["tasks"] == [t for t in demo_data.generate(now).tables["tasks"]
                                    if t["user_id"] == demo_data.PRIMARY.id]
