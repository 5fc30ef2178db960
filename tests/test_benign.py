"""Reporting SQL is never refused for a bad reason. ``benign/reporting.sql`` holds 100+ queries an analyst would
write (date formatting and truncation, extract/date_part, age, width_bucket, mode, percentiles, regexp,
split_part, jsonb operators and functions, string_agg, FILTER, windows, GROUPING SETS, generate_series
calendars, recursive CTEs over the project tree...): every one passes the guard and returns exactly what it
returns on a database holding only the user's rows. And every function on the allow-list passes the guard
as a person spells it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nl2sql.client import Client
from nl2sql.errors import GuardError
from nl2sql.guard import Guard
from nl2sql.guard.allowlist import FUNCTIONS

from .conftest import ALICE, TenantDatabases
from .test_adversarial import Case, check_case

CORPUS = Path(__file__).parent / "benign" / "reporting.sql"


def load() -> list[Case]:
    chunks = re.split(r"^-- case: (.*)$", CORPUS.read_text(), flags=re.M)[1:]
    return [Case(name.strip(), "answer", sql.strip()) for name, sql in zip(chunks[::2], chunks[1::2], strict=True)]


CASES = load()


def test_the_corpus_is_substantial() -> None:
    assert len(CASES) >= 100


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_reporting_query_runs_as_on_the_users_own_data(case: Case, client: Client,
                                                        tenant_dbs: TenantDatabases) -> None:
    check_case(case, client, tenant_dbs)


# Names PostgreSQL's grammar only accepts in their SQL-standard form.
SQL_SYNTAX = {"extract": "extract(epoch FROM created_at)", "nullif": "nullif(1, 2)",
              "position": "position('a' IN prompt)"}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_allowed_function_passes_the_guard_by_its_postgresql_name(name: str, client: Client) -> None:
    guard: Guard = client.guard
    spellings = [SQL_SYNTAX[name]] if name in SQL_SYNTAX else [f"{name}(1)", f"pg_catalog.{name}(1)"]
    for spelled in spellings:
        try:
            guard(f"SELECT {spelled} FROM tasks", user_id=ALICE)
        except GuardError as refused:
            pytest.fail(f"{spelled} refused [{refused.code}]: {refused.message}")
