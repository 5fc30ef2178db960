"""Documented WHERE patterns must parse and name columns some table has. ``$1`` is the asking user's id (a
UUID), so a pattern comparing it with a column that is not a UUID (``agent_name = $1``) would teach the
drafter to mix the user's id into another filter: an error."""

from __future__ import annotations

from typing import cast

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from ...findings import Finding
from ..model import Catalog


def where_patterns(catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    for pattern in catalog.where_patterns:
        for snippet in pattern.sql:
            body = snippet.strip()
            body = body[len("where"):].strip() if body.lower().startswith("where") else body
            try:
                tree = cast(exp.Expression, sqlglot.parse_one(f"SELECT 1 WHERE {body}", dialect="postgres"))
            except SqlglotError:
                findings.append(Finding("error", "where_pattern_unparsable", f"WHERE pattern {pattern.label!r}: "
                                        f"{snippet!r} does not parse.", pattern.location))
                continue
            unknown = sorted({c.name for c in tree.find_all(exp.Column)} - catalog.all_column_names)
            if unknown:
                findings.append(Finding("error", "where_pattern_unknown_column", f"WHERE pattern {pattern.label!r}: "
                                        f"no table has column(s) {', '.join(unknown)}.", pattern.location))
                continue
            for column in _compared_with_user_id(tree):
                types = {c.type.upper() for t in catalog.tables.values() if (c := t.column(column))}
                if types and not all(t.startswith("UUID") for t in types):
                    findings.append(Finding("error", "where_pattern_parameter_type", f"WHERE pattern "
                                            f"{pattern.label!r}: {snippet!r} compares {column} "
                                            f"({', '.join(sorted(types))}) with $1, which is the asking user's id "
                                            "(a UUID).", pattern.location))
    return findings


def _compared_with_user_id(tree: exp.Expression) -> list[str]:
    columns = []
    for comparison in tree.find_all(exp.EQ, exp.NEQ, exp.In):
        sides = [comparison.this, *([comparison.expression] if comparison.args.get("expression") else []),
                 *comparison.args.get("expressions", [])]
        if any(isinstance(side, exp.Parameter) and side.name == "1" for side in sides):
            columns += [side.name for side in sides if isinstance(side, exp.Column)]
    return columns
