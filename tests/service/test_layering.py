"""The service is an adapter: the core never imports the web framework, ``nl2sql sql`` does not pay for it, and
the environment is read only at the edge."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from nl2sql.service.config import ServiceConfig
from nl2sql.service.env import HANDOFF_DEMO_SECRET_FILE, config_from_env
from nl2sql.service.tokens import parse_duration, write_demo_secret

PACKAGE = Path(__file__).resolve().parents[2] / "nl2sql"
WEB = re.compile(r"^\s*(from|import)\s+(fastapi|starlette|uvicorn|jwt|prometheus_client)\b", re.M)
WEB_AT_IMPORT_TIME = re.compile(r"^(from|import)\s+(fastapi|starlette|uvicorn|jwt|prometheus_client)\b", re.M)


def test_only_the_service_imports_the_web_framework() -> None:
    """The core never does; the CLI (an adapter too) only inside the serve and token commands."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        pattern = WEB_AT_IMPORT_TIME if parts[0] == "cli" else WEB
        if parts[0] != "service" and pattern.search(path.read_text()):
            offenders.append("/".join(parts))
    assert offenders == []


def test_the_cli_does_not_import_the_service_until_serve_runs() -> None:
    script = ("import sys, nl2sql.cli\n"
              "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
              "('fastapi', 'starlette', 'uvicorn', 'jwt', 'prometheus_client', 'pydantic'))\n"
              "print(heavy)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_demo_mode_only_without_a_secret_or_jwks(tmp_path: Path) -> None:
    secret_file = tmp_path / "demo-jwt-secret"
    secret = write_demo_secret(secret_file)
    handoff = {HANDOFF_DEMO_SECRET_FILE: str(secret_file)}
    demo = config_from_env(handoff)
    assert demo.demo and demo.jwt_secret == secret
    configured = config_from_env({**handoff, "NL2SQL_JWT_SECRET": "s" * 40})
    assert not configured.demo and configured.jwt_secret == "s" * 40
    jwks = config_from_env({**handoff, "NL2SQL_JWKS_URL": "http://127.0.0.1:9/jwks.json"})
    assert not jwks.demo and jwks.jwt_secret is None
    assert config_from_env({}) == ServiceConfig()


def test_settings_from_the_environment() -> None:
    config = config_from_env({"NL2SQL_JWT_SECRET": "s" * 40, "NL2SQL_RATE_PER_S": "2.5", "NL2SQL_RATE_BURST": "7",
                              "NL2SQL_JWT_ISSUER": "https://x.supabase.co/auth/v1", "NL2SQL_AUDIT_LOG": "/tmp/a.log"})
    assert (config.rate_per_s, config.rate_burst, config.jwt_issuer) == (2.5, 7, "https://x.supabase.co/auth/v1")
    assert str(config.audit_log) == "/tmp/a.log"
    from nl2sql.service.config import ServiceConfigError

    with pytest.raises(ServiceConfigError):
        config_from_env({"NL2SQL_RATE_BURST": "many"})


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("1h", 3600), ("7d", 604800)])
def test_token_lifetimes(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "1w", "-5m", "soon"])
def test_bad_token_lifetimes(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)
