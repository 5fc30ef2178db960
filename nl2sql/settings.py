"""Settings are data: one frozen object with documented defaults. Core code never reads the environment;
adapters (the CLI) build a ``Settings`` from flags and environment variables and pass it in."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import error

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent


def project_folder(name: str) -> Path:
    """``schema_docs`` or ``prompts``: the copy shipped inside an installed package (``nl2sql/<name>``, see
    setup.py), else the folder at the top of a source checkout (an editable install), which is the source of
    truth."""
    shipped = PACKAGE_DIR / name
    return shipped if shipped.is_dir() else PROJECT_ROOT / name


DEFAULT_SCHEMA_DOC = project_folder("schema_docs") / "core_platform.md"
DEFAULT_PROMPTS_DIR = project_folder("prompts")


@dataclass(frozen=True)
class Settings:
    #: Markdown schema document used as the catalog; its tenancy policy sits beside it as ``<stem>.tenancy.toml``.
    schema_doc: Path = DEFAULT_SCHEMA_DOC
    #: The guard refuses SQL longer than this many characters (``input_too_long``) ...
    max_sql_chars: int = 100_000
    #: ... or nesting deeper than this many levels of PostgreSQL's parse tree (``too_deeply_nested``) ...
    max_nesting: int = 128
    #: ... or made of more nodes than this (``too_complex``): a bound on the guard's own work per query.
    max_nodes: int = 5_000
    #: Guarded queries a client keeps, keyed by (SQL, max rows, scope): the guarded text does not depend on the
    #: user (their id is only ever the bound ``$1``), so a repeated query skips the guard. 0 disables the cache.
    guard_cache_size: int = 1024
    #: Where a parsed schema document is kept between runs, keyed by its content (None: parse every time).
    cache_dir: Path | None = None
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
    #: Seconds a request waits for a free pooled connection before ``pool_exhausted`` (never an endless queue).
    pool_wait_s: float = 2.0
    #: Behind a transaction pooler (PgBouncer in transaction mode): no startup options and no prepared statements;
    #: each transaction sets its session with ``set_config(..., true)`` instead.
    transaction_pooler: bool = False
    #: With row-level security applied (``nl2sql rls --apply``): the reader role every query runs as, with the
    #: user's claims in ``request.jwt.claims``, both transaction-local. None: the guard is the only lock.
    rls_role: str | None = None
    #: Folder of the jinja2 prompt templates the LLM drafter renders.
    prompts_dir: Path = DEFAULT_PROMPTS_DIR
    #: An OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp). With neither a key nor a base URL the
    #: assistant answers from verified questions only.
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str = "gpt-4o-mini"
    #: Seconds per LLM request, and how often the client retries timeouts, 429 and 5xx (with backoff).
    llm_timeout_s: float = 30.0
    llm_max_retries: int = 2
    #: Further drafts after the first when the guard or PostgreSQL rejects one (0 = no repair).
    repair_attempts: int = 2
    #: Closest verified pairs shown to the model as examples.
    few_shot: int = 4
    #: Questions longer than this are refused (a question, not a document).
    max_question_chars: int = 1_000
    #: Seconds a user's vocabulary (their distinct statuses, agents, types) is reused before it is read again ...
    vocabulary_ttl_s: float = 60.0
    #: ... for at most this many users at once (the least recently asking are forgotten first).
    vocabulary_cache_users: int = 10_000
    #: Resolved questions kept, keyed by (question, vocabulary): a repeated question skips matching and
    #: composing (shared by users whose vocabularies are equal). 0 disables.
    answer_cache_size: int = 4_096
    #: Where ``nl2sql learn`` adds pairs; None means ``<stem>.learned.toml`` beside the schema document.
    learned_questions: Path | None = None
    #: Refuse a query whose estimated total cost (EXPLAIN) exceeds this; None disables the gate.
    max_query_cost: float | None = 1_000_000.0
    #: Which sources the cost gate applies to: LLM drafts by default, not SQL a person wrote (``nl2sql sql``).
    cost_gate_llm: bool = True
    cost_gate_sql: bool = False

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
    def llm_configured(self) -> bool:
        return bool(self.llm_api_key or self.llm_base_url)

    @property
    def lexicon_path(self) -> Path:
        """The project's reviewed word list for composed answers (``<stem>.lexicon.toml``)."""
        return self.schema_doc.with_name(self.schema_doc.stem + ".lexicon.toml")

    @property
    def questions_path(self) -> Path:
        """The project's verified questions (``<stem>.questions.toml``)."""
        return self.schema_doc.with_name(self.schema_doc.stem + ".questions.toml")

    @property
    def learned_path(self) -> Path:
        """Pairs added with ``nl2sql learn``, kept apart from the reviewed library."""
        return self.learned_questions or self.schema_doc.with_name(self.schema_doc.stem + ".learned.toml")

    @property
    def corrections_path(self) -> Path:
        """Corrected example queries kept in the project (``<stem>.corrections.toml``); see ``nl2sql lint``."""
        return self.schema_doc.with_name(self.schema_doc.stem + ".corrections.toml")
