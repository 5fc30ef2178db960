"""Example queries must run against the document's own DDL: known tables and columns, read-only, pure
functions, and literals that can be cast to the type they are cast to. Every problem an example has is
reported, not only the first. The drafter shows the LLM only the examples that pass (or the project's
corrections of those that do not)."""

from __future__ import annotations

import uuid

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from ...catalog import Catalog, ExampleQuery
from ...errors import Nl2SqlError, SqlSyntaxError, UnknownColumn, UnknownTable
from ...findings import Finding
from ...guard import catalog_problems


def examples(catalog: Catalog) -> list[Finding]:
    return [finding for example in catalog.examples for finding in example_problems(example, catalog)]


def example_problems(example: ExampleQuery, catalog: Catalog) -> list[Finding]:
    title = f"Example {example.title!r}"
    findings = [Finding("error", _code(problem), f"{title}: {problem.message}", example.location)
                for problem in catalog_problems(example.sql, catalog)]
    bad_cast = _bad_uuid_literal(example.sql)
    if bad_cast:
        findings.append(Finding("error", "example_bad_cast", f"{title}: the literal {bad_cast!r} is cast to UUID, "
                                "which fails at run time (did an operator bind more loosely than the cast? add "
                                "parentheses).", example.location))
    return findings


def _code(problem: Nl2SqlError) -> str:
    if isinstance(problem, UnknownTable):
        return "example_unknown_table"
    if isinstance(problem, UnknownColumn):
        return "example_unknown_column"
    if isinstance(problem, SqlSyntaxError):
        return "example_unparsable"
    return "example_rejected"


def _bad_uuid_literal(sql: str) -> str | None:
    try:
        tree = sqlglot.parse_one(sql, dialect="postgres")
    except SqlglotError:
        return None
    for cast in tree.find_all(exp.Cast):
        target = cast.args.get("to")
        if isinstance(cast.this, exp.Literal) and cast.this.is_string and isinstance(target, exp.DataType) \
                and target.is_type(exp.DataType.Type.UUID):
            try:
                uuid.UUID(cast.this.name)
            except ValueError:
                return cast.this.name
    return None
