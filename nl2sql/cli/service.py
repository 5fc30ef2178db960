"""``serve`` and ``token``: the HTTP service and tokens for it. FastAPI, uvicorn and PyJWT are imported inside
the commands, so ``nl2sql sql`` never pays for them."""

from __future__ import annotations

import os

import click

from ..errors import error
from ._support import resolve_dsn, run_action, settings_from_env

ALICE = "11111111-1111-1111-1111-111111111111"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--dsn", help="PostgreSQL connection string. Default: $NL2SQL_DATABASE_URL, else the embedded demo "
                            "(which also makes a token secret for the run and serves /v1/demo/token).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes, each with its own connection pool.")
def serve_command(host: str, port: int, dsn: str | None, workers: int) -> None:
    """Serve the HTTP API (FastAPI on uvicorn); the caller is whoever the bearer token says."""
    def action() -> None:
        import uvicorn

        from ..service.config import ServiceConfigError
        from ..service.env import HANDOFF_DEMO_SECRET_FILE, HANDOFF_DSN, config_from_env, demo_secret_path
        from ..service.tokens import write_demo_secret

        configured_dsn = dsn or os.environ.get("NL2SQL_DATABASE_URL")
        keys_configured = os.environ.get("NL2SQL_JWT_SECRET") or os.environ.get("NL2SQL_JWKS_URL")
        if configured_dsn and not keys_configured:
            raise error("usage", "A served database needs a way to verify tokens: set NL2SQL_JWT_SECRET (Supabase's "
                                 "JWT secret, HS256) or NL2SQL_JWKS_URL (its JWKS, ES256/RS256).")
        settings = settings_from_env(os.environ)
        os.environ[HANDOFF_DSN] = resolve_dsn(dsn, settings)
        os.environ.pop(HANDOFF_DEMO_SECRET_FILE, None)
        if not configured_dsn and not keys_configured:
            secret_file = demo_secret_path(os.environ)
            write_demo_secret(secret_file)
            os.environ[HANDOFF_DEMO_SECRET_FILE] = str(secret_file)
            _demo_instructions(host, port)
        try:
            config_from_env(os.environ).validate()  # fail here, once, rather than in every worker
        except ServiceConfigError as exc:
            raise error("usage", str(exc)) from exc
        uvicorn.run("nl2sql.service.env:app_from_env", factory=True, host=host, port=port, workers=workers,
                    access_log=False, server_header=False, timeout_graceful_shutdown=10)
    run_action("text", action)


def _demo_instructions(host: str, port: int) -> None:
    base = f"http://{host}:{port}"
    for line in (
        "nl2sql serve: demo mode (embedded database, no NL2SQL_JWT_SECRET): a token secret was made for this run.",
        "Get a token for a demo user (alice, bob, carol, ada, dave):",
        f"  TOKEN=$(nl2sql token --user-id {ALICE})",
        f"  TOKEN=$(curl -s -X POST {base}/v1/demo/token -H 'content-type: application/json' "
        "-d '{\"user\": \"alice\"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"token\"])')",
        "Then:",
        f"  curl -s {base}/v1/sql -H \"Authorization: Bearer $TOKEN\" -H 'content-type: application/json' "
        "-d '{\"sql\": \"SELECT status, count(*) FROM tasks GROUP BY status\"}'",
        f"API documentation: {base}/docs",
    ):
        click.echo(line, err=True)


@click.command("token")
@click.option("--user-id", required=True, help="The user the token speaks for (the JWT's sub), a UUID.")
@click.option("--ttl", default="1h", show_default=True, help="Lifetime: 90s, 15m, 1h, 7d.")
def token_command(user_id: str, ttl: str) -> None:
    """Mint an HS256 token (Supabase-shaped) with NL2SQL_JWT_SECRET, or with the demo server's secret."""
    def action() -> None:
        from ..guard import parse_user_id
        from ..service.env import config_from_env, demo_secret_path
        from ..service.tokens import mint_token, parse_duration, read_demo_secret

        uid = parse_user_id(user_id)
        try:
            ttl_s = parse_duration(ttl)
        except ValueError as exc:
            raise error("usage", f"--ttl: {exc}") from exc
        config = config_from_env(os.environ)
        secret = config.jwt_secret or read_demo_secret(demo_secret_path(os.environ))
        if not secret:
            raise error("usage", "No secret to sign with: set NL2SQL_JWT_SECRET, or start `nl2sql serve` on the "
                                 "demo database first (it makes one).")
        click.echo(mint_token(secret, uid, ttl_s=ttl_s, audience=config.jwt_audience, issuer=config.jwt_issuer))
    run_action("text", action)
