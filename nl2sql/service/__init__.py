"""``nl2sql serve``: the HTTP adapter (FastAPI on uvicorn). Identity comes only from a verified bearer token.

    from nl2sql.service.app import create_app      # imports FastAPI; nothing else in nl2sql does
    app = create_app(dsn, settings, ServiceConfig(jwt_secret=...))

Layout: ``app`` (factory, error responses), ``middleware`` (request id, body limit, audit, metrics),
``routes/`` (endpoints), ``deps`` (the caller), ``auth`` (token verification), ``tokens`` (minting, the demo
secret), ``ratelimit``, ``audit``, ``metrics``, ``http_errors`` (the one status table), ``models`` (OpenAPI),
``config`` (settings), ``env`` (settings from the environment; uvicorn's factory).
"""

from .config import ServiceConfig, ServiceConfigError

__all__ = ["ServiceConfig", "ServiceConfigError"]
