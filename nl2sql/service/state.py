"""Everything one service process holds: the library (a pooled ``Client`` and an ``Assistant``), the token
verifier, the rate limits, the audit log and the metrics. Opened by the app's lifespan, closed with it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

import anyio

from ..assistant import Assistant
from ..client import Client
from ..settings import Settings
from .audit import AuditLog
from .auth import TokenVerifier
from .config import ServiceConfig
from .drafts import MeteredDrafter
from .http_errors import RateLimited
from .metrics import Metrics
from .ratelimit import TokenBuckets


class Service:
    def __init__(self, dsn: str, settings: Settings, config: ServiceConfig) -> None:
        self.dsn, self.settings, self.config = dsn, settings, config.validate()
        self.verifier = TokenVerifier(config)
        self.requests = TokenBuckets(config.rate_per_s, config.rate_burst)
        self.drafts = TokenBuckets(config.llm_drafts_per_min / 60.0, config.llm_draft_burst)
        self.audit = AuditLog(config.audit_log)
        self.metrics = Metrics(self.pool_stats)
        self._client: Client | None = None
        self._assistant: Assistant | None = None
        # Made on the event loop by the lifespan: first-time token checks and readiness probes each get a few
        # threads of their own, so they never queue behind queries waiting for a database connection.
        self.auth_limiter: anyio.CapacityLimiter | None = None
        self.probe_limiter: anyio.CapacityLimiter | None = None

    # -- lifecycle ----------------------------------------------------------------------------------------------
    def open(self) -> None:
        client = Client(self.dsn, self.settings, pooled=True)
        try:
            drafter = MeteredDrafter(self.settings) if self.settings.llm_configured else None
            self._assistant = Assistant(client, drafter=drafter)
        except BaseException:
            client.close()
            raise
        self._client = client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        self.audit.close()

    @property
    def client(self) -> Client:
        assert self._client is not None, "the service is not open (the app's lifespan opens it)"
        return self._client

    @property
    def assistant(self) -> Assistant:
        assert self._assistant is not None, "the service is not open (the app's lifespan opens it)"
        return self._assistant

    # -- per request --------------------------------------------------------------------------------------------
    def admit(self, user_id: uuid.UUID) -> None:
        wait = self.requests.take(user_id)
        if wait:
            raise RateLimited(f"Too many requests; this user may make {self.config.rate_per_s:g} per second "
                              f"(bursts of {self.config.rate_burst}).", wait)

    def draft_gate(self, user_id: uuid.UUID) -> None:
        wait = self.drafts.take(user_id)
        if wait:
            raise RateLimited(f"Too many LLM drafts; this user may have {self.config.llm_drafts_per_min:g} per "
                              f"minute (bursts of {self.config.llm_draft_burst}).", wait)

    # -- pool ---------------------------------------------------------------------------------------------------
    def pool_stats(self) -> Mapping[str, int]:
        executor = self._client.executor if self._client is not None else None
        return executor.pool_stats() if executor is not None else {}

    def ping(self, timeout_s: float) -> None:
        """Raises unless the database answers ``SELECT 1`` through the pool (the connection wait is bounded)."""
        executor = self._client.executor if self._client is not None else None
        if executor is None:
            raise RuntimeError("no database")
        executor.ping(timeout_s)
