"""Property-based tests against PostgreSQL itself: the guard's reading of SQL must be PostgreSQL's reading.

1. Hostile fragments (identifiers with Unicode and quotes, every quoting style, dollar quotes, comments,
   operators, casts, nesting, CTEs named like the table): whatever the guard accepts returns on the database of
   every user exactly what the same SQL returns on a database holding only the user's rows, and fails exactly
   when it fails there. Run on a database with legacy defaults too (standard_conforming_strings off).
2. The name-resolution model (``guard/resolve.py``) never claims a subquery column PostgreSQL does not have:
   every name it derives is the name the server gives that column.

Bounded and derandomised here; ``bench/fuzz_guard.py`` runs many more, randomly, and reports the count.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nl2sql.catalog import Catalog
from nl2sql.client import Client
from nl2sql.errors import ExecutionError, GuardError
from nl2sql.guard.context import Statement
from nl2sql.guard.tree import parse
from nl2sql.output import json_value
from nl2sql.settings import Settings

from .conftest import ALICE, TenantDatabases
from .fuzzing import hostile_queries, join_trees, schema_queries, select_lists

EXAMPLES = 150


def canonical(rows: list[tuple[Any, ...]]) -> list[str]:
    return sorted(json.dumps(json_value(list(row)), sort_keys=True, default=str) for row in rows)


def oracle(dsn: str, sql: str) -> list[tuple[Any, ...]] | None:
    """The SQL as written, alice's id bound, on alice's own data; None when PostgreSQL refuses it."""
    with psycopg.connect(dsn, cursor_factory=psycopg.RawCursor) as conn:
        conn.read_only = True
        try:
            with conn.transaction(force_rollback=True):
                return conn.execute(sql, [ALICE] if "$1" in sql else None).fetchall()
        except psycopg.Error:
            return None


def check_against_oracle(client: Client, alice_only: str, sql: str, stats: Counter[str]) -> None:
    try:
        result = client.sql(sql, user_id=ALICE, max_rows=10_000)
    except GuardError:
        stats["refused"] += 1
        return
    except ExecutionError:
        stats["failed"] += 1
        assert oracle(alice_only, sql) is None, f"fails only on the full database: {sql!r}"
        return
    stats["answered"] += 1
    expected = oracle(alice_only, sql)
    assert expected is not None, f"answered although PostgreSQL refuses it on alice's data: {sql!r}"
    assert "SECRET" not in json.dumps(json_value([list(r) for r in result.rows]), default=str), sql
    assert canonical(result.rows) == canonical(expected), f"{sql!r}\nran as: {result.sql!r}"


@pytest.fixture(scope="module")
def full_client(tenant_dbs: TenantDatabases) -> Iterator[Client]:
    with Client(tenant_dbs.full, Settings(), pooled=True) as client:
        yield client


@pytest.fixture(scope="module")
def legacy_client(legacy_dsn: str) -> Iterator[Client]:
    with Client(legacy_dsn, Settings(), pooled=True) as client:
        yield client


@pytest.mark.parametrize("which", ["full_client", "legacy_client"])
@pytest.mark.parametrize(("queries", "answered_share"), [(hostile_queries, (1, 3)), (schema_queries, (3, 4))],
                         ids=["hostile", "schema"])
def test_generated_queries_answer_exactly_as_on_the_users_own_data(
        which: str, queries: Callable[[], st.SearchStrategy[str]], answered_share: tuple[int, int],
        request: pytest.FixtureRequest, tenant_dbs: TenantDatabases) -> None:
    """Hostile fragments, and queries over the documented schema (joins of every kind along its keys, OR'ed
    predicates, correlated and uncorrelated subqueries, aggregates, window functions, CTEs and set operations)."""
    client: Client = request.getfixturevalue(which)
    stats: Counter[str] = Counter()

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(sql=queries())
    def property_holds(sql: str) -> None:
        check_against_oracle(client, tenant_dbs.alice_only, sql, stats)

    property_holds()
    # The property must not pass by refusing: most generated queries are valid and must be answered.
    share, out_of = answered_share
    assert stats["answered"] >= EXAMPLES * share // out_of, stats


def test_subquery_column_names_are_postgresqls(catalog: Catalog, tenant_dbs: TenantDatabases) -> None:
    checked = Counter[str]()

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(items=select_lists(), alias=st.sampled_from(["", " AS s(a)", " AS s(a, b)"]))
    def names_agree(items: list[str], alias: str) -> None:
        inner = f"SELECT {', '.join(items)} FROM public.tasks t"
        outer = f"SELECT * FROM ({inner}){alias or ' AS s'}"
        statement = Statement(parse(outer), catalog)
        entry = next(e for e in statement.names.entries(statement.tree.root) if e.refname == "s")
        with psycopg.connect(tenant_dbs.alice_only, cursor_factory=psycopg.RawCursor) as conn:
            try:
                cursor = conn.execute(outer + " LIMIT 0", [ALICE] if "$1" in outer else None)
            except psycopg.Error:
                checked["invalid"] += 1
                return
            actual = [column.name for column in cursor.description or []]
        claimed = entry.columns
        for position, name in enumerate(claimed.names):
            if name is not None and claimed.complete:
                assert actual[position] == name, (outer, claimed, actual)
        assert {n for n in claimed.names if n} <= set(actual), (outer, claimed, actual)
        if claimed.complete:
            assert len(claimed.names) == len(actual), (outer, claimed, actual)
        checked["compared"] += 1

    names_agree()
    assert checked["compared"] >= EXAMPLES // 2, checked


def test_join_alias_columns_are_postgresqls(catalog: Catalog, tenant_dbs: TenantDatabases) -> None:
    """Every entry of a FROM clause of nested joins, aliases and column lists: the columns the model claims
    (names and, where it says it is sure, positions) are the columns PostgreSQL gives ``entry.*``."""
    checked = Counter[str]()

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(tree=join_trees())
    def columns_agree(tree: str) -> None:
        statement = Statement(parse(f"SELECT 1 FROM {tree}"), catalog)
        with psycopg.connect(tenant_dbs.alice_only) as conn:
            for entry in statement.names.entries(statement.tree.root):
                if not entry.refname or entry.refname.startswith("\x00"):
                    continue
                try:
                    with conn.transaction():
                        cursor = conn.execute(f'SELECT "{entry.refname}".* FROM {tree} LIMIT 0'.encode())
                except psycopg.Error:
                    checked["invalid"] += 1
                    continue
                actual = [column.name for column in cursor.description or []]
                claimed = entry.columns
                assert {n for n in claimed.names if n} <= set(actual), (tree, entry.refname, claimed, actual)
                if claimed.complete:
                    assert list(claimed.names) == actual, (tree, entry.refname, claimed, actual)
                checked["compared"] += 1

    columns_agree()
    assert checked["compared"] >= EXAMPLES, checked
