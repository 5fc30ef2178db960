"""The one place an error becomes an HTTP status: the library's error tree (docs/errors.md, column HTTP) and the
service's own refusals (token, rate limit, body size). Every error body is ``{"error": {"code", "message"}}``."""

from __future__ import annotations

import json
import math

from ..errors import (
    AuthorizationError,
    ConfigurationError,
    CostExceeded,
    DatabaseUnavailable,
    GuardError,
    InputError,
    InvalidSql,
    LlmUnavailable,
    Nl2SqlError,
    NoAnswer,
    PermissionDenied,
    QueryTimeout,
)

#: Most specific first: ``cost_exceeded`` is an ExecutionError the caller can fix (a narrower query), so 422;
#: the other execution failures (``execution_failed``, ``session_not_pinned``) fall through to 500.
LIBRARY_STATUS: tuple[tuple[type[Nl2SqlError], int], ...] = (
    (InputError, 400),
    (AuthorizationError, 403),
    (GuardError, 422),
    (NoAnswer, 422),
    (CostExceeded, 422),
    (InvalidSql, 422),
    (PermissionDenied, 403),
    (QueryTimeout, 504),
    (DatabaseUnavailable, 503),
    (LlmUnavailable, 502),
    (ConfigurationError, 500),
)
#: Seconds a client should wait after a 503 for an unavailable database or an exhausted pool.
DATABASE_RETRY_AFTER_S = 2


class ServiceRefusal(Exception):
    """A refusal the service makes before the library is involved. Subclasses fix the status and code."""

    status = 400
    code = "invalid_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def headers(self) -> dict[str, str]:
        return {}


class Unauthorized(ServiceRefusal):
    status, code = 401, "unauthorized"

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing

    def headers(self) -> dict[str, str]:
        # RFC 6750: no error attribute when the request carried no credentials at all.
        if self.missing:
            return {"WWW-Authenticate": 'Bearer realm="nl2sql"'}
        return {"WWW-Authenticate": 'Bearer realm="nl2sql", error="invalid_token"'}


class AuthUnavailable(ServiceRefusal):
    """The signing keys (JWKS) cannot be fetched: nothing is wrong with the token as far as we know."""

    status, code = 503, "auth_unavailable"

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}


class RateLimited(ServiceRefusal):
    status, code = 429, "rate_limited"

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(max(1, math.ceil(self.retry_after_s)))}


class BodyTooLarge(ServiceRefusal):
    status, code = 413, "body_too_large"


class InvalidRequest(ServiceRefusal):
    """The body is not the JSON the endpoint documents (a missing field, a wrong type)."""

    status, code = 400, "invalid_request"


class NotFound(ServiceRefusal):
    status, code = 404, "not_found"


class MethodNotAllowed(ServiceRefusal):
    status, code = 405, "method_not_allowed"


#: A bug: the client sees only this code (and the request id); the traceback goes to the server log.
INTERNAL_ERROR = "internal_error"


def status_of(exc: BaseException) -> int:
    if isinstance(exc, ServiceRefusal):
        return exc.status
    if isinstance(exc, Nl2SqlError):
        return next((status for cls, status in LIBRARY_STATUS if isinstance(exc, cls)), 500)
    return 500


def headers_of(exc: BaseException) -> dict[str, str]:
    if isinstance(exc, ServiceRefusal):
        return exc.headers()
    if isinstance(exc, DatabaseUnavailable):
        return {"Retry-After": str(DATABASE_RETRY_AFTER_S)}
    return {}


def code_of(exc: BaseException) -> str:
    if isinstance(exc, (ServiceRefusal, Nl2SqlError)):
        return exc.code
    return INTERNAL_ERROR


def error_body(exc: BaseException, request_id: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the ``{"error": {"code", "message"}}`` body for ``exc``. A bug's message stays in the
    server log: the client gets the code and the request id to quote."""
    code = code_of(exc)
    if isinstance(exc, (ServiceRefusal, Nl2SqlError)):
        message = exc.message
    else:
        message = f"Internal error; the server log has the details (request id {request_id})."
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    return status_of(exc), {"content-type": "application/json", **headers_of(exc)}, body
