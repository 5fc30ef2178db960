"""Who is asking: a bearer token as Supabase Auth issues it, verified, and nothing else.

Accepted: HS256 with the configured shared secret, and ES256 / RS256 with a key from the configured JWKS (by
``kid``). The algorithm is pinned by the key, never taken from the token on trust: an HS256 token is only ever
checked against the shared secret (so one signed with a public key fails), ``none`` and everything else are
refused. Required claims: ``exp``, ``sub`` (the user's UUID), ``aud``, ``role`` (= "authenticated"), and ``iss``
when configured. A verified token is cached until it expires, so verification (0.2-0.5 ms) runs once per token.

Framework-free: the HTTP layer maps ``Unauthorized`` / ``AuthUnavailable`` to 401 / 503.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from ..lru import LruCache
from .config import ServiceConfig
from .http_errors import AuthUnavailable, Unauthorized

log = logging.getLogger("nl2sql.service.auth")

#: The algorithm each kind of JWKS key may sign with. Supabase's asymmetric keys are ES256 (P-256) or RS256.
ALGORITHM_FOR_KEY: dict[tuple[object, object], str] = {("EC", "P-256"): "ES256", ("RSA", None): "RS256"}
ASYMMETRIC = frozenset(ALGORITHM_FOR_KEY.values())


@dataclass(frozen=True)
class Identity:
    user_id: uuid.UUID
    expires_at: float  # the token's exp, seconds since the epoch


class TokenVerifier:
    def __init__(self, config: ServiceConfig, *, jwks: JwksKeys | None = None) -> None:
        self.config = config
        self.secret = config.jwt_secret
        self.jwks = jwks or (JwksKeys(config) if config.jwks_url else None)
        required = ["exp", "sub", "aud", "role"] + (["iss"] if config.jwt_issuer else [])
        self._options: Any = {"require": required, "verify_signature": True, "verify_exp": True,
                              "verify_aud": True, "verify_iss": bool(config.jwt_issuer)}
        self._cache: LruCache[str, Identity] = LruCache(config.token_cache_size)

    def cached(self, token: str) -> Identity | None:
        """The identity of a token verified before and not yet expired; cheap enough for the event loop."""
        identity = self._cache.get(token)
        if identity is not None and identity.expires_at <= time.time():
            self._cache.discard(token)
            return None
        return identity

    def verify(self, token: str) -> Identity:
        """Check ``token`` fully (may fetch the JWKS). Raises ``Unauthorized`` with the reason."""
        identity = self.cached(token)
        if identity is not None:
            return identity
        identity = self._verify(token)
        self._cache.put(token, identity)
        return identity

    def _verify(self, token: str) -> Identity:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"The bearer token is not a JWT: {exc}") from None
        algorithm = str(header.get("alg"))
        key = self._key_for(algorithm, header.get("kid"))
        try:
            claims = jwt.decode(token, key, algorithms=[algorithm], audience=self.config.jwt_audience,
                                issuer=self.config.jwt_issuer, leeway=self.config.jwt_leeway_s,
                                options=self._options)
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"The bearer token was refused: {exc}") from None
        if claims.get("role") != self.config.jwt_role:
            raise Unauthorized(f"The token's role must be {self.config.jwt_role!r}, not {claims.get('role')!r} "
                               "(anon and service_role tokens are not accepted).")
        try:
            user_id = uuid.UUID(str(claims["sub"]))
        except ValueError:
            raise Unauthorized("The token's sub is not a user id (a UUID).") from None
        return Identity(user_id, float(claims["exp"]))

    def _key_for(self, algorithm: str, kid: object) -> Any:
        if algorithm == "HS256" and self.secret:
            return self.secret
        if algorithm in ASYMMETRIC and self.jwks is not None:
            if not isinstance(kid, str) or not kid:
                raise Unauthorized(f"An {algorithm} token must name its signing key (kid).")
            key = self.jwks.key(kid, algorithm)
            if key is None:
                raise Unauthorized(f"No {algorithm} signing key with kid {kid[:64]!r} is published.")
            return key
        raise Unauthorized(f"Tokens signed with {algorithm[:16]!r} are not accepted here.")


class JwksKeys:
    """The signing keys of a JWKS URL: fetched on first use, kept for ``jwks_ttl_s``, fetched again when a
    token names an unknown ``kid`` (key rotation), but at most once per ``jwks_refetch_interval_s``."""

    def __init__(self, config: ServiceConfig) -> None:
        assert config.jwks_url
        self.url = config.jwks_url
        self.config = config
        self._keys: dict[str, tuple[str, Any]] = {}  # kid -> (algorithm, key)
        self._fetched_at: float | None = None  # monotonic time of the last attempt
        self._lock = threading.Lock()
        self.fetches = 0

    def key(self, kid: str, algorithm: str) -> Any:
        with self._lock:
            now = time.monotonic()
            stale = self._fetched_at is None or now - self._fetched_at >= self.config.jwks_ttl_s
            may_refetch = self._fetched_at is None or now - self._fetched_at >= self.config.jwks_refetch_interval_s
            if stale or (kid not in self._keys and may_refetch):
                self._refresh(now)
            found = self._keys.get(kid)
        if found is None or found[0] != algorithm:  # a key signs with its own algorithm only
            return None
        return found[1]

    def _refresh(self, now: float) -> None:
        self._fetched_at = now
        self.fetches += 1
        try:
            request = urllib.request.Request(self.url, headers={"Accept": "application/json"})
            with urllib.request.urlopen(request, timeout=self.config.jwks_timeout_s) as response:
                document = json.loads(response.read(1_000_000))
        except (OSError, ValueError) as exc:
            log.warning("cannot fetch the JWKS from %s: %s", self.url, exc)
            if not self._keys:
                raise AuthUnavailable("The signing keys cannot be fetched; try again shortly.") from None
            return  # keep the keys we have
        self._keys = parse_jwks(document)


def parse_jwks(document: object) -> dict[str, tuple[str, Any]]:
    """kid -> (pinned algorithm, public key) for every usable signing key; others are skipped."""
    keys: dict[str, tuple[str, Any]] = {}
    entries = document.get("keys", []) if isinstance(document, dict) else []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str) or entry.get("use", "sig") != "sig":
            continue
        algorithm = ALGORITHM_FOR_KEY.get((entry.get("kty"), entry.get("crv")))
        if algorithm is None or entry.get("alg", algorithm) != algorithm:
            continue
        try:
            keys[entry["kid"]] = (algorithm, jwt.PyJWK(entry, algorithm).key)
        except jwt.PyJWTError as exc:
            log.warning("skipping JWKS key %s: %s", entry["kid"], exc)
    return keys


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header."""
    if not authorization:
        raise Unauthorized("Send a token: Authorization: Bearer <JWT>.", missing=True)
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <JWT>'.")
    return token.strip()
