"""Identity comes from a verified token and from nothing else. Real tokens: HS256 with the configured secret,
ES256 with a key from a JWKS served over HTTP by a local server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient

from nl2sql.service.auth import TokenVerifier
from nl2sql.service.config import ServiceConfig
from nl2sql.service.http_errors import AuthUnavailable, Unauthorized, status_of

from .conftest import ALICE, BOB, SECRET, Jwks, bearer, claims_for, es256, hs256

ALICE_ONLY = "SELECT id FROM users"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}.{b64(signature)}"


def alg_none() -> str:
    return unsigned({"alg": "none", "typ": "JWT"}, claims_for(ALICE))


def hs256_signed_with_public_key(jwks: Jwks) -> str:
    """Algorithm confusion: HMAC keyed with the published public key, which anyone can read."""
    public_pem = jwks.keys["key-1"].public_key().public_bytes(serialization.Encoding.PEM,
                                                              serialization.PublicFormat.SubjectPublicKeyInfo)
    header, payload = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "key-1"}).encode()), \
        b64(json.dumps(claims_for(ALICE)).encode())
    signature = hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


def tampered() -> str:
    """A valid token for bob with its payload changed to say alice; the signature is bob's."""
    header, _, signature = hs256(BOB).split(".")
    return f"{header}.{b64(json.dumps(claims_for(ALICE)).encode())}.{signature}"


def unknown_kid() -> str:
    stranger = ec.generate_private_key(ec.SECP256R1())
    return es256(ALICE, stranger, "not-published")


def known_kid_wrong_key() -> str:
    return es256(ALICE, ec.generate_private_key(ec.SECP256R1()), "key-1")


#: Each bad token, and the reason it must be refused for (so no case passes by failing for another reason).
BAD_TOKENS: dict[str, tuple[Callable[[Jwks], str], str]] = {
    "alg none": (lambda _: alg_none(), "'none' are not accepted"),
    "HS256 signed with the public key": (hs256_signed_with_public_key, "Signature verification failed"),
    "no exp": (lambda _: hs256(ALICE, exp=None), 'missing the "exp" claim'),
    "expired": (lambda _: hs256(ALICE, exp=int(time.time()) - 120, iat=int(time.time()) - 3600), "has expired"),
    "wrong aud": (lambda _: hs256(ALICE, aud="someone-else"), "Audience doesn't match"),
    "no aud": (lambda _: hs256(ALICE, aud=None), 'missing the "aud" claim'),
    "wrong iss": (lambda _: hs256(ALICE, iss="https://evil.example/auth/v1"), "Invalid issuer"),
    "no iss": (lambda _: hs256(ALICE, iss=None), 'missing the "iss" claim'),
    "tampered payload": (lambda _: tampered(), "Signature verification failed"),
    "unknown kid": (lambda _: unknown_kid(), "kid 'not-published' is published"),
    "published kid, other key": (lambda _: known_kid_wrong_key(), "Signature verification failed"),
    "role anon": (lambda _: hs256(ALICE, role="anon"), "not 'anon'"),
    "role service_role": (lambda _: hs256(ALICE, role="service_role"), "not 'service_role'"),
    "no role": (lambda _: hs256(ALICE, role=None), 'missing the "role" claim'),
    "sub not a UUID": (lambda _: hs256("alice"), "sub is not a user id"),
    "no sub": (lambda _: hs256(ALICE, sub=None), 'missing the "sub" claim'),
    "wrong secret": (lambda _: hs256(ALICE, secret="another-secret-that-is-also-long-enough!!"),
                     "Signature verification failed"),
    "not yet valid": (lambda _: hs256(ALICE, nbf=int(time.time()) + 3600), "not yet valid"),
    "ES256 key, RS256 claimed": (lambda jwks: _relabelled(es256(ALICE, jwks.keys["key-1"], "key-1"), "RS256"),
                                 "No RS256 signing key"),
    "HS512": (lambda _: _hs512(), "'HS512' are not accepted"),
    "garbage": (lambda _: "not.a.token", "not a JWT"),
}


def _relabelled(token: str, alg: str) -> str:
    header, payload, signature = token.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(header + "=="))
    return f"{b64(json.dumps({**decoded, 'alg': alg}).encode())}.{payload}.{signature}"


def _hs512() -> str:
    import jwt

    return jwt.encode(claims_for(ALICE), SECRET * 2, algorithm="HS512")


@pytest.mark.parametrize("case", sorted(BAD_TOKENS))
def test_every_bad_token_gets_401(case: str, http: TestClient, jwks: Jwks) -> None:
    make, reason = BAD_TOKENS[case]
    response = http.post("/v1/sql", json={"sql": ALICE_ONLY}, headers=bearer(make(jwks)))
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "unauthorized"
    assert reason in response.json()["error"]["message"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic YWxpY2U6c2VjcmV0"}, {"Authorization": "Bearer"},
                                     {"X-User-Id": str(ALICE)}])
def test_no_bearer_token_gets_401(headers: dict[str, str], http: TestClient) -> None:
    response = http.post("/v1/sql", json={"sql": ALICE_ONLY}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", ["/v1/questions", "/v1/schema"])
def test_catalog_endpoints_need_a_token_too(path: str, http: TestClient) -> None:
    assert http.get(path).status_code == 401


def test_hs256_and_es256_tokens_are_accepted(http: TestClient, jwks: Jwks) -> None:
    for token in (hs256(ALICE), es256(ALICE, jwks.keys["key-1"], "key-1")):
        response = http.post("/v1/sql", json={"sql": ALICE_ONLY}, headers=bearer(token))
        assert response.status_code == 200, response.text
        assert response.json()["rows"] == [[str(ALICE)]]


def test_a_leeway_inside_30_s_accepts_a_just_expired_token(http: TestClient) -> None:
    just_expired = hs256(ALICE, exp=int(time.time()) - 2)
    assert http.post("/v1/sql", json={"sql": ALICE_ONLY}, headers=bearer(just_expired)).status_code == 200


def test_the_user_comes_from_the_token_not_the_request(http: TestClient) -> None:
    response = http.post(f"/v1/sql?user_id={BOB}", json={"sql": ALICE_ONLY, "user_id": str(BOB)},
                         headers={**bearer(hs256(ALICE)), "X-User-Id": str(BOB), "X-Supabase-User": str(BOB)})
    assert response.status_code == 200
    assert response.json()["rows"] == [[str(ALICE)]]
    assert response.json()["params"] == [str(ALICE)]
    asked = http.post("/v1/ask", json={"question": "count my tasks", "user_id": str(BOB)},
                      headers=bearer(hs256(BOB)))
    assert asked.json()["params"] == [str(BOB)]


# ---- the verifier itself: cache, JWKS rotation, refetch limits ----------------------------------------------

def test_a_verified_token_is_cached_until_it_expires() -> None:
    verifier = TokenVerifier(ServiceConfig(jwt_secret=SECRET, jwt_leeway_s=0))
    token = hs256(ALICE, iss=None, exp=int(time.time()) + 2)
    assert verifier.cached(token) is None
    assert verifier.verify(token).user_id == ALICE
    assert verifier.cached(token) is not None
    time.sleep(max(0.0, verifier.cached(token).expires_at - time.time()) + 0.05)  # type: ignore[union-attr]
    assert verifier.cached(token) is None
    with pytest.raises(Unauthorized):
        verifier.verify(token)


def test_the_token_cache_is_bounded() -> None:
    verifier = TokenVerifier(ServiceConfig(jwt_secret=SECRET, token_cache_size=3))
    tokens = [hs256(ALICE, iss=None, jti=str(n)) for n in range(5)]
    for token in tokens:
        verifier.verify(token)
    assert [verifier.cached(t) is not None for t in tokens] == [False, False, True, True, True]


def test_an_unknown_kid_refetches_the_jwks_at_a_bounded_rate(fresh_jwks: Jwks) -> None:
    config = ServiceConfig(jwks_url=fresh_jwks.url, jwks_refetch_interval_s=0.3)
    verifier = TokenVerifier(config)
    assert verifier.verify(es256(ALICE, fresh_jwks.keys["key-1"], "key-1", iss=None)).user_id == ALICE
    assert fresh_jwks.fetches == 1
    time.sleep(0.35)
    rotated = fresh_jwks.add_key("key-2")  # the auth server rotates its signing key
    assert verifier.verify(es256(BOB, rotated, "key-2", iss=None)).user_id == BOB
    assert fresh_jwks.fetches == 2
    for n in range(20):  # forged kids straight after: no fetch until the interval has passed
        with pytest.raises(Unauthorized):
            verifier.verify(es256(ALICE, rotated, f"forged-{n}", iss=None))
    assert fresh_jwks.fetches == 2
    time.sleep(0.35)
    with pytest.raises(Unauthorized):
        verifier.verify(es256(ALICE, rotated, "forged-late", iss=None))
    assert fresh_jwks.fetches == 3


def test_an_unreachable_jwks_is_503_not_401() -> None:
    verifier = TokenVerifier(ServiceConfig(jwks_url="http://127.0.0.1:9/jwks.json", jwks_timeout_s=1))
    with pytest.raises(AuthUnavailable) as raised:
        verifier.verify(es256(ALICE, ec.generate_private_key(ec.SECP256R1()), "key-1", iss=None))
    assert status_of(raised.value) == 503


@pytest.mark.parametrize("config", [ServiceConfig(), ServiceConfig(jwt_secret="short"),
                                    ServiceConfig(jwt_secret=SECRET, jwt_leeway_s=31)])
def test_the_service_refuses_to_start_without_sound_key_settings(config: ServiceConfig) -> None:
    from nl2sql.service.config import ServiceConfigError

    with pytest.raises(ServiceConfigError):
        config.validate()


def test_rs256_keys_from_the_jwks_are_accepted_with_their_own_algorithm_only(fresh_jwks: Jwks) -> None:
    import jwt

    key = fresh_jwks.add_rsa_key("rsa-1")
    verifier = TokenVerifier(ServiceConfig(jwks_url=fresh_jwks.url))
    token = jwt.encode(claims_for(BOB, iss=None), key, algorithm="RS256", headers={"kid": "rsa-1"})
    assert verifier.verify(token).user_id == BOB
    as_es256 = _relabelled(token, "ES256")  # the RSA key named for another algorithm
    with pytest.raises(Unauthorized, match="No ES256 signing key"):
        verifier.verify(as_es256)
    with pytest.raises(Unauthorized, match="not accepted"):  # no secret configured: HS256 is no option at all
        verifier.verify(hs256(BOB, iss=None))
