"""Lint a schema document against its own DDL (and, given one, a live database).

    findings = lint(load_catalog("schema_docs/core_platform.md"))
    if has_errors(findings): ...

Every finding has a severity, a stable code (``docs/lint.md``), a message and a location in the document.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..db.introspect import LiveSchema
from ..findings import SEVERITIES, Finding, Severity
from .checks import CHECKS
from .corrections import Correction, load_corrections
from .drift import drift


def lint(catalog: Catalog, live: LiveSchema | None = None, corrections: tuple[Correction, ...] = ()) \
        -> list[Finding]:
    findings = [finding for check in CHECKS for finding in check(catalog)]
    if live is not None:
        findings += drift(catalog, live)
    locations = {example.title: example.location for example in catalog.examples}
    findings += [Finding("info", "example_corrected", f"Example {c.corrects!r} is replaced by the project's "
                         f"correction when grounding the model: {c.why}", locations[c.corrects])
                 for c in corrections]
    return sorted(findings, key=lambda f: (f.location.line if f.location else 10**9, SEVERITIES.index(f.severity)))


def has_errors(findings: list[Finding]) -> bool:
    return any(finding.severity == "error" for finding in findings)


__all__ = ["Correction", "Finding", "Severity", "has_errors", "lint", "load_corrections"]
