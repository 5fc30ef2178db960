"""The service's settings from the environment (adapters read it; the library never does), and the factory
uvicorn calls in every worker process.

``nl2sql serve`` resolves the database once (starting the embedded one if need be) and, in demo mode, makes
the token secret; it hands both to its workers through two variables of its own, ``NL2SQL_SERVE_DSN`` and
``NL2SQL_SERVE_DEMO_SECRET_FILE`` (the path of the 0600 secret file, never the secret itself)."""

import os
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from fastapi import FastAPI

# The CLI's reading of the library's variables (NL2SQL_SCHEMA_DOC, the LLM, the pool, ...): one reading for
# both adapters, so `nl2sql sql` and `nl2sql serve` see the same Settings.
from ..cli._support import embedded_data_dir, read_environment, settings_from_env
from .config import ServiceConfig, ServiceConfigError
from .tokens import DEMO_SECRET_FILE, read_demo_secret

HANDOFF_DSN = "NL2SQL_SERVE_DSN"
HANDOFF_DEMO_SECRET_FILE = "NL2SQL_SERVE_DEMO_SECRET_FILE"

# Environment variable -> (ServiceConfig field, parser).
_ENVIRONMENT: dict[str, tuple[str, Callable[[str], Any]]] = {
    "NL2SQL_JWT_SECRET": ("jwt_secret", str),
    "NL2SQL_JWKS_URL": ("jwks_url", str),
    "NL2SQL_JWT_AUDIENCE": ("jwt_audience", str),
    "NL2SQL_JWT_ISSUER": ("jwt_issuer", str),
    "NL2SQL_JWT_LEEWAY_S": ("jwt_leeway_s", float),
    "NL2SQL_RATE_PER_S": ("rate_per_s", float),
    "NL2SQL_RATE_BURST": ("rate_burst", int),
    "NL2SQL_LLM_DRAFTS_PER_MIN": ("llm_drafts_per_min", float),
    "NL2SQL_LLM_DRAFT_BURST": ("llm_draft_burst", int),
    "NL2SQL_MAX_BODY_BYTES": ("max_body_bytes", int),
    "NL2SQL_AUDIT_LOG": ("audit_log", Path),
}
assert {name for name, _ in _ENVIRONMENT.values()} <= {f.name for f in fields(ServiceConfig)}


def config_from_env(environ: Mapping[str, str]) -> ServiceConfig:
    config = replace(ServiceConfig(), **read_environment(environ, _ENVIRONMENT, ServiceConfigError))
    demo_file = environ.get(HANDOFF_DEMO_SECRET_FILE)
    if demo_file and not (config.jwt_secret or config.jwks_url):
        config = replace(config, jwt_secret=read_demo_secret(Path(demo_file)), demo=True)
    return config


def demo_secret_path(environ: Mapping[str, str]) -> Path:
    """Beside the embedded database's data folder: ``~/.local/share/nl2sql/demo-jwt-secret``."""
    return embedded_data_dir(dict(environ)).parent / DEMO_SECRET_FILE


def app_from_env() -> FastAPI:
    """uvicorn's factory (``nl2sql.service.env:app_from_env``): one app per worker process."""
    from .app import create_app

    dsn = os.environ.get(HANDOFF_DSN) or os.environ.get("NL2SQL_DATABASE_URL")
    if not dsn:
        raise ServiceConfigError(f"No database: start the service with `nl2sql serve` (it sets {HANDOFF_DSN}).")
    return create_app(dsn, settings_from_env(os.environ), config_from_env(os.environ).validate())
