"""A plan finding: a severity, a stable code (``docs/explain.md``), a message, the plan node it is about, and
where one would help a concrete ``CREATE INDEX``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class PlanFinding:
    severity: Severity
    code: str
    message: str
    node: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"severity": self.severity, "code": self.code, "message": self.message,
                                 "node": self.node}
        if self.suggestion:
            found["suggestion"] = self.suggestion
        return found
