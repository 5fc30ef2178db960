"""The audit trail: one JSON line per request. It says who asked what, what ran and how it went; it never holds
row values, the token or an API key (the record has no field that could carry them)."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Literal

Source = Literal["verified", "composed", "llm", "sql"]
#: A submitted SQL text is kept for the record (a refused attempt matters most), up to this many characters.
MAX_INPUT_CHARS = 4_000


@dataclass
class AuditRecord:
    """Filled in as the request goes: the middleware opens it, authentication adds the user, the endpoint adds
    what ran, the error handler adds the code; the middleware writes it when the response has been sent."""

    endpoint: str
    method: str
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started: float = field(default_factory=time.perf_counter)
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))
    user_id: uuid.UUID | None = None
    question: str | None = None
    input_sql: str | None = None
    source: Source | None = None
    sql: str | None = None
    row_count: int | None = None
    truncated: bool | None = None
    error_code: str | None = None
    status: int | None = None

    def ran(self, sql: str, source: Source, row_count: int | None = None, truncated: bool | None = None) -> None:
        self.sql, self.source, self.row_count, self.truncated = sql, source, row_count, truncated

    def line(self, duration_ms: float) -> str:
        return json.dumps({
            "time": self.at, "request_id": self.request_id,
            "user_id": str(self.user_id) if self.user_id else None, "method": self.method,
            "endpoint": self.endpoint, "status": self.status, "question": self.question,
            "input_sql": self.input_sql[:MAX_INPUT_CHARS] if self.input_sql else None, "source": self.source,
            "sql": self.sql, "sql_sha256": hashlib.sha256(self.sql.encode()).hexdigest() if self.sql else None,
            "row_count": self.row_count, "truncated": self.truncated, "duration_ms": round(duration_ms, 3),
            "error_code": self.error_code,
        }, ensure_ascii=False)


class AuditLog:
    """Appends lines to ``path`` (opened in append mode, so several worker processes can share it) or stdout."""

    def __init__(self, path: Path | None = None) -> None:
        self._owned: IO[str] | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._owned = path.open("a", encoding="utf-8", buffering=1)
        self._stream: IO[str] = self._owned or sys.stdout
        self._lock = threading.Lock()

    def write(self, record: AuditRecord) -> None:
        line = record.line((time.perf_counter() - record.started) * 1000) + "\n"
        with self._lock:
            self._stream.write(line)
            self._stream.flush()

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()
