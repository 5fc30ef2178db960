"""Settings are data: one frozen object with documented defaults. Core code never reads the environment;
adapters (the CLI) build a ``Settings`` from flags and environment variables and pass it in."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import error

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCHEMA_DOC = PROJECT_ROOT / "schema_docs" / "core_platform.md"


@dataclass(frozen=True)
class Settings:
    #: Markdown schema document used as the catalog; its tenancy policy sits beside it as ``<stem>.tenancy.toml``.
    schema_doc: Path = DEFAULT_SCHEMA_DOC
    #: Rows returned when the caller asks for nothing else.
    max_rows: int = 100
    #: No request may return more rows than this; larger requests are lowered to it, not refused.
    hard_max_rows: int = 10_000
    #: PostgreSQL ``statement_timeout`` for every guarded query.
    statement_timeout_ms: int = 10_000
    #: PostgreSQL ``lock_timeout``: a read-only query never waits long on somebody else's lock.
    lock_timeout_ms: int = 1_000
    #: PostgreSQL ``idle_in_transaction_session_timeout`` for the executor's connections.
    idle_in_transaction_timeout_ms: int = 5_000
    #: Stop reading rows once their text form exceeds this many bytes; the result is then marked truncated.
    max_result_bytes: int = 10_000_000
    #: Connections kept by the pool of a long-running process.
    pool_min_size: int = 1
    pool_max_size: int = 4
    #: Seconds to wait for a connection before reporting the database unavailable.
    connect_timeout_s: float = 5.0

    def with_max_rows(self, requested: int | None) -> Settings:
        """The settings with ``max_rows`` set from a caller's request, lowered to the hard cap."""
        if requested is None:
            return self
        if requested < 1:
            raise error("invalid_max_rows", f"--max-rows must be at least 1, got {requested}.")
        return replace(self, max_rows=min(requested, self.hard_max_rows))

    @property
    def policy_path(self) -> Path:
        return self.schema_doc.with_name(self.schema_doc.stem + ".tenancy.toml")

    @property
    def corrections_path(self) -> Path:
        """Corrected example queries kept in the project (``<stem>.corrections.toml``); see ``nl2sql lint``."""
        return self.schema_doc.with_name(self.schema_doc.stem + ".corrections.toml")
