"""Golden files, one per guard rule and rewrite: ``tests/golden/<name>.sql`` holds cases of input SQL and what
that rule alone does with it.

- a check (``rules/``): ``-- error: <code>`` (it refuses) or ``-- ok`` (it lets the query through);
- a rewrite (``rewrites/``): ``-- expect:`` and the user's text with that rewrite's edits applied, or
  ``-- error: <code>``.

Every input is PostgreSQL's own parse (pglast); nothing is re-rendered, so the expected text is the input with
only the rewritten spans changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from nl2sql.catalog import Catalog
from nl2sql.errors import GuardError
from nl2sql.guard.context import GuardContext, Statement
from nl2sql.guard.edits import Tokens, apply
from nl2sql.guard.rewrites import REWRITES
from nl2sql.guard.rules import RULES
from nl2sql.guard.tree import parse
from nl2sql.policy import TenancyPolicy

GOLDEN = Path(__file__).parent / "golden"
CHECKS = {rule.__name__: rule for rule in RULES}
REWRITE = {rewrite.__name__: rewrite for rewrite in REWRITES}


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    sql: str
    expect: str | None  # the rewritten text, or "ok" for a check that passes
    error: str | None


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(GOLDEN.glob("*.sql")):
        for chunk in path.read_text().split("-- case:")[1:]:
            name, _, rest = chunk.partition("\n")
            if "-- error:" in rest:
                sql, _, code = rest.partition("-- error:")
                cases.append(Case(path.stem, name.strip(), sql.strip(), None, code.strip()))
            elif "-- expect:" in rest:
                sql, _, expected = rest.partition("-- expect:")
                cases.append(Case(path.stem, name.strip(), sql.strip(), expected.strip(), None))
            else:
                sql, _, _ = rest.partition("-- ok")
                cases.append(Case(path.stem, name.strip(), sql.strip(), "ok", None))
    return cases


CASES = load_cases()


def test_every_rule_and_rewrite_has_a_golden_file() -> None:
    assert {case.rule for case in CASES} == set(CHECKS) | set(REWRITE)


def run(case: Case, catalog: Catalog, policy: TenancyPolicy) -> str:
    ctx = GuardContext(catalog, policy, max_rows=100)
    statement = Statement(parse(case.sql), catalog)
    if case.rule in CHECKS:
        CHECKS[case.rule](statement, ctx)
        return "ok"
    return apply(statement.tree, REWRITE[case.rule](statement, ctx, Tokens(statement.tree)))


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}:{c.name}" for c in CASES])
def test_golden(case: Case, catalog: Catalog, policy: TenancyPolicy) -> None:
    if case.error:
        with pytest.raises(GuardError) as raised:
            run(case, catalog, policy)
        assert raised.value.code == case.error, raised.value.message
    else:
        assert run(case, catalog, policy) == case.expect
