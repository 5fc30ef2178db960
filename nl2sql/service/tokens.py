"""Minting HS256 tokens shaped like Supabase Auth's (``nl2sql token``, the demo's ``/v1/demo/token``), and the
demo's secret: made at random when ``nl2sql serve`` starts on the embedded database with no secret configured,
kept in a file only its owner can read, so ``nl2sql token`` can mint with it."""

from __future__ import annotations

import os
import re
import secrets
import time
import uuid
from pathlib import Path

import jwt

#: Beside the embedded database's data folder (``~/.local/share/nl2sql/``, or ``$NL2SQL_HOME``).
DEMO_SECRET_FILE = "demo-jwt-secret"


def mint_token(secret: str, user_id: uuid.UUID, *, ttl_s: int, audience: str = "authenticated",
               issuer: str | None = None, role: str = "authenticated") -> str:
    now = int(time.time())
    claims: dict[str, object] = {"sub": str(user_id), "aud": audience, "role": role, "iat": now,
                                 "exp": now + ttl_s}
    if issuer:
        claims["iss"] = issuer
    return jwt.encode(claims, secret, algorithm="HS256")


def write_demo_secret(path: Path) -> str:
    """A new random secret, written to ``path`` readable by its owner only (created 0600, never widened)."""
    secret = secrets.token_urlsafe(48)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + f".{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret)
    os.replace(temporary, path)  # readers never see a half-written secret
    return secret


def read_demo_secret(path: Path) -> str | None:
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return None


_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNIT_S = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> int:
    """``90``, ``90s``, ``15m``, ``1h``, ``7d`` -> seconds."""
    match = _DURATION.match(text.lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a duration such as 15m, 1h or 7d")
    return int(match.group(1)) * _UNIT_S[match.group(2)]
