"""Golden files, one per guard rule: ``tests/golden/<rule>.sql`` holds cases of input SQL and either the SQL
that rule alone produces (``-- expect:``) or the error code it raises (``-- error:``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from nl2sql.catalog import Catalog
from nl2sql.errors import GuardError
from nl2sql.guard import rules as rules_module
from nl2sql.guard.context import GuardContext
from nl2sql.guard.dialect import render
from nl2sql.guard.parse import parse_single
from nl2sql.policy import TenancyPolicy

GOLDEN = Path(__file__).parent / "golden"
RULES = {rule.__name__: rule for rule in rules_module.RULES}


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    sql: str
    expect: str | None
    error: str | None


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(GOLDEN.glob("*.sql")):
        for chunk in path.read_text().split("-- case:")[1:]:
            name, _, rest = chunk.partition("\n")
            if "-- error:" in rest:
                sql, _, code = rest.partition("-- error:")
                cases.append(Case(path.stem, name.strip(), sql.strip(), None, code.strip()))
            else:
                sql, _, expected = rest.partition("-- expect:")
                cases.append(Case(path.stem, name.strip(), sql.strip(), expected.strip(), None))
    return cases


CASES = load_cases()


def test_every_rule_has_a_golden_file() -> None:
    assert {case.rule for case in CASES} == set(RULES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}:{c.name}" for c in CASES])
def test_golden(case: Case, catalog: Catalog, policy: TenancyPolicy) -> None:
    ctx = GuardContext(catalog, policy, max_rows=100)
    rule = RULES[case.rule]
    if case.error:
        with pytest.raises(GuardError) as raised:
            rule(parse_single(case.sql), ctx)
        assert raised.value.code == case.error, raised.value.message
    else:
        assert render(rule(parse_single(case.sql), ctx), policy.scoped_sql) == case.expect


@pytest.mark.parametrize("sql", ["SELECT '\"__nl2sql_scoped__tasks\"' FROM tasks",
                                 "SELECT 1 AS \"__nl2sql_scoped__tasks\" FROM tasks"])
def test_render_refuses_a_smuggled_placeholder(sql: str, catalog: Catalog, policy: TenancyPolicy) -> None:
    ctx = GuardContext(catalog, policy, max_rows=100)
    scoped = rules_module.tenant_scope(parse_single(sql), ctx)
    with pytest.raises(GuardError) as raised:
        render(scoped, policy.scoped_sql)
    assert raised.value.code == "reserved_name"
