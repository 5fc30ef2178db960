"""``/v1/demo/users`` and ``/v1/demo/token``: demo users and tokens for them, so a page (or curl) can pick a
user. Mounted only when ``nl2sql serve`` runs the embedded demo database with a secret it made itself; never
with a configured DSN, secret or JWKS."""

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response

from ...db.embedded import demo_users
from ..deps import CurrentService, audit_of
from ..http_errors import InvalidRequest
from ..models import DemoTokenRequest, DemoTokenResponse, DemoUsersResponse
from ..tokens import mint_token
from ._json import ERROR_RESPONSES, JsonBody

router = APIRouter(prefix="/v1/demo", tags=["demo"], responses={400: ERROR_RESPONSES[400]})


@router.get("/users", response_model=DemoUsersResponse, summary="The demo database's users")
async def users() -> Response:
    return JsonBody({"users": demo_users()})


@router.post("/token", response_model=DemoTokenResponse, summary="A token for a demo user, by first name or id")
async def token(body: DemoTokenRequest, service: CurrentService, request: Request) -> Response:
    user = find_demo_user(body.user)
    user_id = uuid.UUID(user["id"])
    config = service.config
    assert config.demo and config.jwt_secret, "demo routes are mounted in demo mode only"
    audit_of(request).user_id = user_id
    minted = mint_token(config.jwt_secret, user_id, ttl_s=config.demo_token_ttl_s, audience=config.jwt_audience,
                        issuer=config.jwt_issuer, role=config.jwt_role)
    return JsonBody({"token": minted, "user_id": user["id"], "name": user["name"],
                     "expires_in": config.demo_token_ttl_s})


def find_demo_user(wanted: str) -> dict[str, Any]:
    key = wanted.strip().lower()
    for user in demo_users():
        if key in (user["id"], user["name"].lower(), user["name"].split()[0].lower()):
            return user
    names = ", ".join(u["name"].split()[0].lower() for u in demo_users())
    raise InvalidRequest(f"No demo user {wanted[:40]!r}; pick one of: {names}.")
