"""Request-scoped pieces the endpoints declare: the service, the audit record, and the verified caller.

Identity comes from the bearer token and nowhere else. The token check is cheap once a token has been seen
(cached until it expires), so it runs on the event loop; a first sighting is verified in a small thread pool of
its own, since it may fetch the JWKS."""

import uuid
from dataclasses import dataclass
from typing import Annotated, cast

import anyio.to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .audit import AuditRecord
from .auth import bearer_token
from .state import Service

bearer_scheme = HTTPBearer(auto_error=False, scheme_name="SupabaseJWT",
                           description="A Supabase Auth access token (in the demo: `nl2sql token` or "
                                       "POST /v1/demo/token).")


def service_of(request: Request) -> Service:
    return cast(Service, request.app.state.service)


def audit_of(request: Request) -> AuditRecord:
    return cast(AuditRecord, request.state.audit)


@dataclass(frozen=True)
class Caller:
    user_id: uuid.UUID
    service: Service
    audit: AuditRecord


async def authenticated(request: Request,
                        _: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]) -> Caller:
    service = service_of(request)
    record = audit_of(request)
    token = bearer_token(request.headers.get("authorization"))
    identity = service.verifier.cached(token)
    if identity is None:
        identity = await anyio.to_thread.run_sync(service.verifier.verify, token, limiter=service.auth_limiter)
    record.user_id = identity.user_id
    service.admit(identity.user_id)
    return Caller(identity.user_id, service, record)


CurrentCaller = Annotated[Caller, Depends(authenticated)]
CurrentService = Annotated[Service, Depends(service_of)]
