"""Example queries must run against the document's own DDL: known tables and columns, read-only, pure
functions, and literals that can be cast to the type they are cast to. The drafter shows the LLM only the
examples that pass (or the project's corrections of those that do not)."""

from __future__ import annotations

import uuid

from sqlglot import exp

from ...catalog import Catalog, ExampleQuery
from ...errors import GuardError
from ...guard.context import GuardContext
from ...guard.names import NodeIndex
from ...guard.parse import parse_single
from ...guard.rules import CATALOG_CHECKS
from ...policy import TenancyPolicy
from ..finding import Finding
from .names import nearest_table


def examples(catalog: Catalog) -> list[Finding]:
    return [finding for example in catalog.examples if (finding := example_problem(example, catalog))]


def example_problem(example: ExampleQuery, catalog: Catalog) -> Finding | None:
    title = f"Example {example.title!r}"
    try:
        expression = parse_single(example.sql)
    except GuardError as exc:
        return Finding("error", "example_unparsable", f"{title}: {exc.message}", example.location)
    unknown = [ref.name for ref in NodeIndex(expression).relations if ref.name not in catalog.tables]
    if unknown:
        hints = "; ".join(f"{name}{nearest_table(name, catalog)}" for name in sorted(set(unknown)))
        return Finding("error", "example_unknown_table", f"{title} reads tables that do not exist: {hints}.",
                       example.location)
    # These checks read only the catalog; an empty policy says the tenancy rules are not consulted.
    ctx = GuardContext(catalog, TenancyPolicy.empty(catalog), max_rows=1)
    try:
        for check in CATALOG_CHECKS:
            expression = check(expression, ctx)
    except GuardError as exc:
        code = "example_unknown_column" if exc.code == "unknown_column" else "example_rejected"
        return Finding("error", code, f"{title}: {exc.message}", example.location)
    bad_cast = _bad_uuid_literal(expression)
    if bad_cast:
        return Finding("error", "example_bad_cast", f"{title}: the literal {bad_cast!r} is cast to UUID, which "
                       "fails at run time (did an operator bind more loosely than the cast? add parentheses).",
                       example.location)
    return None


def _bad_uuid_literal(expression: exp.Expression) -> str | None:
    for cast in expression.find_all(exp.Cast):
        target = cast.args.get("to")
        if isinstance(cast.this, exp.Literal) and cast.this.is_string and isinstance(target, exp.DataType) \
                and target.is_type(exp.DataType.Type.UUID):
            try:
                uuid.UUID(cast.this.name)
            except ValueError:
                return cast.this.name
    return None

