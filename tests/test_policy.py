"""The tenancy policy: every table covered, every rule checked against the catalog."""

from __future__ import annotations

import pytest

from nl2sql.catalog import Catalog
from nl2sql.errors import ConfigurationError, GuardError
from nl2sql.guard import Guard
from nl2sql.policy import TenancyPolicy, build_policy

from .conftest import ALICE


def test_every_documented_table_has_a_policy(catalog: Catalog, policy: TenancyPolicy) -> None:
    assert set(policy.tables) == set(catalog.tables)


def test_parent_chains_resolve(policy: TenancyPolicy) -> None:
    assert policy.scoped_sql["project_steps"].count("IN (SELECT") == 2
    assert policy.scoped_sql["users"] == 'SELECT * FROM public."users" WHERE "id" = $1 OFFSET 0'


@pytest.mark.parametrize("tables", [
    {"nope": {"owner_column": "user_id"}},
    {"tasks": {"owner_column": "nope"}},
    {"tasks": {"owner_column": "status"}},
    {"tasks": {"owner_column": "user_id", "parent": "users", "via": "user_id"}},
    {"projects": {"parent": "agent_conversations", "via": "nope"}},
    {"projects": {"parent": "agent_conversations", "via": "conversation_id"}},
    {"projects": {"parent": "deliverables", "via": "conversation_id"},
     "deliverables": {"parent": "projects", "via": "conversation_id"}},
    {"tasks": {"owner_colum": "user_id"}},
])
def test_invalid_policies_are_refused(tables: dict[str, object], catalog: Catalog) -> None:
    with pytest.raises(ConfigurationError) as err:
        build_policy({"tables": tables}, catalog)
    assert err.value.code == "policy_invalid"


def test_a_table_without_a_policy_cannot_be_queried(catalog: Catalog) -> None:
    partial = build_policy({"tables": {"tasks": {"owner_column": "user_id"}}}, catalog)
    guard = Guard(catalog, partial)
    assert "user_id" in guard("SELECT count(*) FROM tasks", user_id=ALICE).sql
    with pytest.raises(GuardError) as err:
        guard("SELECT count(*) FROM users", user_id=ALICE)
    assert err.value.code == "no_tenancy_policy"
