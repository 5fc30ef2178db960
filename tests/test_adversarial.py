"""The tenant-isolation oracle, on a real PostgreSQL.

Each case of ``adversarial/corpus.sql`` runs as alice on a database holding every user's rows, through the
library. It must be refused (a ``GuardError``), or return exactly what the same SQL returns on a database that
holds only alice's rows, and never a row with another user's ``...SECRET`` marker. Refusing a case marked
[answer] is a false rejection and fails too, so the oracle cannot pass by refusing everything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from nl2sql.client import Client
from nl2sql.errors import ExecutionError, GuardError
from nl2sql.output import json_value
from nl2sql.settings import Settings

from .conftest import ALICE, TenantDatabases

CORPUS = Path(__file__).parent / "adversarial" / "corpus.sql"
TABLES = ("users", "agent_conversations", "tasks", "projects", "project_steps", "deliverables",
          "deliverable_versions")


@dataclass(frozen=True)
class Case:
    name: str
    expectation: str  # answer | reject | either
    sql: str


def load_corpus() -> list[Case]:
    cases: list[Case] = []
    header = re.compile(r"^-- case: (.*) \[(answer|reject|either)\]$")
    current: tuple[str, str] | None = None
    body: list[str] = []
    for line in [*CORPUS.read_text().splitlines(), "-- case: end [either]"]:
        match = header.match(line)
        if match:
            if current:
                cases.append(Case(current[0], current[1], "\n".join(body).strip()))
            current, body = (match.group(1), match.group(2)), []
        elif current:
            body.append(line)
    return cases


CASES = load_corpus()


def canonical(rows: list[tuple[Any, ...]]) -> list[str]:
    return sorted(json.dumps(json_value(list(row)), sort_keys=True, default=str) for row in rows)


def run_raw(dsn: str, sql: str) -> list[tuple[Any, ...]]:
    """The oracle's answer: the SQL exactly as written, alice's id bound to $1, on alice's own database."""
    with psycopg.connect(dsn, cursor_factory=psycopg.RawCursor) as conn:
        conn.read_only = True
        with conn.transaction(force_rollback=True):
            params = [ALICE] if "$1" in sql else None
            return conn.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def row_counts_before(tenant_dbs: TenantDatabases) -> Iterator[dict[str, int]]:
    counts = _row_counts(tenant_dbs.full)
    yield counts
    assert _row_counts(tenant_dbs.full) == counts, "a hostile query changed the database"


def _row_counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM public.{t}".encode()).fetchone()[0]  # type: ignore[index]
                for t in TABLES}


def test_corpus_is_substantial() -> None:
    kinds = [case.expectation for case in CASES]
    assert kinds.count("answer") >= 40 and kinds.count("reject") >= 40


@pytest.fixture(scope="module")
def legacy_client(legacy_dsn: str, settings: Settings) -> Iterator[Client]:
    with Client(legacy_dsn, settings, pooled=True) as c:
        yield c


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_query(case: Case, client: Client, tenant_dbs: TenantDatabases,
                       row_counts_before: dict[str, int]) -> None:
    check_case(case, client, tenant_dbs)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_query_with_legacy_database_defaults(case: Case, legacy_client: Client,
                                                    tenant_dbs: TenantDatabases) -> None:
    """The same corpus on a database whose defaults turn standard_conforming_strings off, allow \\' and search
    public (holding a function that shadows lower()) first: the executor pins how text is read, so every answer
    is still exactly alice's."""
    check_case(case, legacy_client, tenant_dbs)


def check_case(case: Case, client: Client, tenant_dbs: TenantDatabases) -> None:
    try:
        result = client.sql(case.sql, user_id=ALICE, max_rows=10_000)
    except GuardError as refused:
        assert case.expectation != "answer", f"false rejection [{refused.code}]: {refused.message}"
        return
    except ExecutionError as failed:
        assert case.expectation != "reject", f"reached the database: {failed.code}"
        # The same failure must happen on alice's own data; otherwise the error itself leaks something.
        with pytest.raises(psycopg.Error):
            run_raw(tenant_dbs.alice_only, case.sql)
        return
    assert case.expectation != "reject", f"ran instead of being refused: {result.sql}"
    assert "SECRET" not in json.dumps(json_value([list(r) for r in result.rows]), default=str)
    assert not result.truncated
    assert canonical(result.rows) == canonical(run_raw(tenant_dbs.alice_only, case.sql))
