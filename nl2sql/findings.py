"""A finding: what is wrong, how badly, and where. One type for the document's lint, the plan audit and the
row-level-security check, so every report reads (and prints as JSON) the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .catalog.model import Location

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    #: Where in the schema document (lint), if anywhere.
    location: Location | None = None
    #: Which plan node (explain), if any.
    node: str | None = None
    #: A concrete fix (``CREATE INDEX ...``), if one helps.
    suggestion: str | None = None

    @classmethod
    def at_node(cls, severity: Severity, code: str, message: str, node: str,
                suggestion: str | None = None) -> Finding:
        """A finding about a plan node (``nl2sql explain``)."""
        return cls(severity, code, message, node=node, suggestion=suggestion)

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"severity": self.severity, "code": self.code, "message": self.message}
        if self.node is not None:
            found["node"] = self.node
        else:
            found["location"] = None if self.location is None else {"section": self.location.section,
                                                                     "line": self.location.line}
        if self.suggestion:
            found["suggestion"] = self.suggestion
        return found

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{self.severity}: {where}{self.message} [{self.code}]"
