"""The FastAPI app: a thin HTTP adapter over the library.

    app = create_app(dsn, Settings(), ServiceConfig(jwt_secret=...))

Errors become responses here, through ``http_errors`` (the one table of statuses); the outermost middleware
writes the audit line and the metrics for every request."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from ..errors import Nl2SqlError
from ..settings import Settings
from .config import ServiceConfig
from .deps import audit_of, service_of
from .http_errors import InvalidRequest, MethodNotAllowed, NotFound, ServiceRefusal, error_body, status_of
from .mcp_endpoint import PATH as MCP_PATH
from .mcp_endpoint import McpEndpoint
from .middleware import ServiceMiddleware, log
from .routes import catalog, demo, ops, page, query
from .state import Service

DESCRIPTION = """Answers questions about a PostgreSQL application database with SQL that is provably safe to run
for the caller, who is whoever the bearer token says (a Supabase Auth access token). Every table reference is
limited to the caller's rows; every query runs read-only. Errors: `{"error": {"code", "message"}}`, codes in
docs/errors.md and docs/service.md."""
#: Threads for first-time token checks (which may fetch the JWKS) and for readiness probes.
AUTH_THREADS, PROBE_THREADS = 4, 1


def create_app(dsn: str, settings: Settings | None = None, config: ServiceConfig | None = None) -> FastAPI:
    service = Service(dsn, settings or Settings(), config or ServiceConfig())
    mcp = McpEndpoint(service)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(service.open)
        # One thread per pooled connection: more threads would only queue inside the pool, holding the GIL.
        anyio.to_thread.current_default_thread_limiter().total_tokens = service.settings.pool_max_size
        service.auth_limiter = anyio.CapacityLimiter(AUTH_THREADS)
        service.probe_limiter = anyio.CapacityLimiter(PROBE_THREADS)
        try:
            async with mcp.running():
                yield
        finally:
            await anyio.to_thread.run_sync(service.close)

    app = FastAPI(title="nl2sql", version=_version(), description=DESCRIPTION, lifespan=lifespan)
    app.state.service = service
    routers = [query.router, catalog.router, ops.router, page.router] + ([demo.router] if service.config.demo else [])
    for router in routers:
        app.include_router(router)
    app.router.routes.append(Route(MCP_PATH, mcp, include_in_schema=False))  # MCP for agents, same tokens as /v1
    page.mount_static(app)  # the web page's files
    for exc_class in (Nl2SqlError, ServiceRefusal, RequestValidationError, StarletteHTTPException):
        app.add_exception_handler(exc_class, _error_response)
    # Metrics and audit label a request by its endpoint; any other path is "other", so labels stay bounded.
    paths = frozenset(getattr(route, "path", "") for router in [app.router, *routers] for route in router.routes)
    app.add_middleware(ServiceMiddleware, service=service, paths=paths)
    return app


async def _error_response(request: Request, exc: Exception) -> Response:
    refusal = _as_refusal(exc)
    record = audit_of(request)
    record.error_code = refusal.code if isinstance(refusal, (ServiceRefusal, Nl2SqlError)) else None
    service_of(request).metrics.failed(refusal)
    if status_of(refusal) >= 500 and status_of(refusal) not in (502, 503, 504):
        log.error("request %s failed [%s]: %s", record.request_id, record.error_code, refusal, exc_info=refusal)
    status, headers, body = error_body(refusal, record.request_id)
    return Response(body, status_code=status, headers=headers)


def _as_refusal(exc: Exception) -> Exception:
    """FastAPI's own errors (a malformed body, an unknown path) in the service's terms."""
    if isinstance(exc, RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg')}"
                             for e in exc.errors()[:5])
        return InvalidRequest(f"The request body is not valid: {problems}.")
    if isinstance(exc, StarletteHTTPException):
        if exc.status_code == 404:
            return NotFound("No such endpoint; see /docs.")
        if exc.status_code == 405:
            return MethodNotAllowed("This endpoint does not take that method; see /docs.")
        return InvalidRequest(str(exc.detail))
    return exc


def _version() -> str:
    try:
        return version("nl2sql")
    except PackageNotFoundError:
        return "0"
