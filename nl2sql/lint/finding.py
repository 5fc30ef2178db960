"""A lint finding: what is wrong, how badly, and where in the document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..catalog import Location

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    location: Location | None

    def to_dict(self) -> dict[str, Any]:
        where = None if self.location is None else {"section": self.location.section, "line": self.location.line}
        return {"severity": self.severity, "code": self.code, "message": self.message, "location": where}

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{self.severity}: {where}{self.message} [{self.code}]"
