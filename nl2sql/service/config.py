"""The service's own settings: data with documented defaults, like ``nl2sql.Settings`` (which still holds every
query limit and the pool sizes). ``nl2sql.service.env`` builds both from the environment; nothing else reads it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: PyJWT refuses nothing about clock skew on its own; more than this would let an expired token live on.
MAX_LEEWAY_S = 30.0


class ServiceConfigError(ValueError):
    """The service cannot start with these settings (the message says which one and why)."""


@dataclass(frozen=True)
class ServiceConfig:
    # ---- identity: tokens as Supabase Auth issues them -------------------------------------------------------
    #: HS256 shared secret (Supabase's legacy JWT secret). ``NL2SQL_JWT_SECRET``.
    jwt_secret: str | None = None
    #: JWKS document with the ES256/RS256 signing keys (``https://<project>.supabase.co/auth/v1/.well-known/
    #: jwks.json``). ``NL2SQL_JWKS_URL``.
    jwks_url: str | None = None
    #: Required ``aud`` claim. ``NL2SQL_JWT_AUDIENCE``.
    jwt_audience: str = "authenticated"
    #: Required ``iss`` claim when set (``https://<project>.supabase.co/auth/v1``). ``NL2SQL_JWT_ISSUER``.
    jwt_issuer: str | None = None
    #: Required ``role`` claim: ``anon`` and ``service_role`` tokens are refused.
    jwt_role: str = "authenticated"
    #: Clock skew tolerated on ``exp``/``nbf``/``iat``, at most 30 s. ``NL2SQL_JWT_LEEWAY_S``.
    jwt_leeway_s: float = 10.0
    #: Verified tokens kept (until their expiry) so a token is checked once, not on every request.
    token_cache_size: int = 10_000
    #: Seconds a fetched JWKS is used before it is fetched again.
    jwks_ttl_s: float = 600.0
    #: An unknown ``kid`` refetches the JWKS (key rotation), at most once per this many seconds, so a stream of
    #: forged ``kid`` values cannot turn the service into a load generator against the auth server.
    jwks_refetch_interval_s: float = 30.0
    #: Seconds to wait for the JWKS endpoint.
    jwks_timeout_s: float = 5.0

    # ---- per-user rate limits (token buckets) ----------------------------------------------------------------
    #: Requests per second a user may sustain, and the burst above it. ``NL2SQL_RATE_PER_S`` / ``NL2SQL_RATE_BURST``.
    rate_per_s: float = 20.0
    rate_burst: int = 40
    #: LLM drafts (first tries and repairs) per minute a user may sustain, and the burst.
    #: ``NL2SQL_LLM_DRAFTS_PER_MIN`` / ``NL2SQL_LLM_DRAFT_BURST``.
    llm_drafts_per_min: float = 10.0
    llm_draft_burst: int = 5

    # ---- requests, audit, health ----------------------------------------------------------------------------
    #: Larger request bodies are refused with 413. ``NL2SQL_MAX_BODY_BYTES``.
    max_body_bytes: int = 262_144
    #: Where the audit trail goes, one JSON line per request; None is standard output. ``NL2SQL_AUDIT_LOG``.
    audit_log: Path | None = None
    #: ``/readyz`` fails when the database does not answer within this many seconds.
    ready_timeout_s: float = 1.0

    # ---- demo (embedded database, no secret configured) ------------------------------------------------------
    #: Serve ``/v1/demo/*`` (demo users and tokens for them). Only ``nl2sql serve`` on the embedded demo
    #: database with no secret or JWKS configured turns this on.
    demo: bool = False
    #: Lifetime of a demo token.
    demo_token_ttl_s: int = 3_600

    def validate(self) -> ServiceConfig:
        if not (self.jwt_secret or self.jwks_url):
            raise ServiceConfigError("No way to verify tokens: set NL2SQL_JWT_SECRET (HS256) or NL2SQL_JWKS_URL "
                                     "(ES256/RS256), or serve the embedded demo database.")
        if not 0 <= self.jwt_leeway_s <= MAX_LEEWAY_S:
            raise ServiceConfigError(f"jwt_leeway_s must be between 0 and {MAX_LEEWAY_S:g}, not {self.jwt_leeway_s}.")
        if self.jwt_secret is not None and len(self.jwt_secret.encode()) < 32:
            raise ServiceConfigError("NL2SQL_JWT_SECRET must be at least 32 bytes (HS256 needs a 256-bit key).")
        if self.demo and self.jwt_secret is None:
            raise ServiceConfigError("Demo mode mints its tokens with a secret; none was made.")
        for name in ("rate_per_s", "rate_burst", "llm_drafts_per_min", "llm_draft_burst", "max_body_bytes",
                     "token_cache_size"):
            if getattr(self, name) <= 0:
                raise ServiceConfigError(f"{name} must be positive, not {getattr(self, name)}.")
        return self
