"""Documented WHERE patterns must parse and name columns some table has."""

from __future__ import annotations

from sqlglot import exp

from ...catalog import Catalog
from ...errors import GuardError
from ...guard.parse import parse_single
from ..finding import Finding


def where_patterns(catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    for pattern in catalog.where_patterns:
        for snippet in pattern.sql:
            body = snippet.strip()
            body = body[len("where"):].strip() if body.lower().startswith("where") else body
            try:
                tree = parse_single(f"SELECT 1 WHERE {body}")
            except GuardError:
                findings.append(Finding("error", "where_pattern_unparsable", f"WHERE pattern {pattern.label!r}: "
                                        f"{snippet!r} does not parse.", pattern.location))
                continue
            unknown = sorted({c.name for c in tree.find_all(exp.Column)} - catalog.all_column_names)
            if unknown:
                findings.append(Finding("error", "where_pattern_unknown_column", f"WHERE pattern {pattern.label!r}: "
                                        f"no table has column(s) {', '.join(unknown)}.", pattern.location))
    return findings
