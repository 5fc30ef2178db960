"""The floor for the HTTP benchmark: FastAPI endpoints of the same shape as nl2sql's (pydantic body, sync
endpoint in the thread pool sized to a connection pool of the same size, the same JSON contract) that run the
already-guarded SQL through raw psycopg. No token check, no guard, no audit, no metrics: what is left is the
framework, the server and PostgreSQL.

    BARE_DSN=... BARE_QUERIES=final.json python -m uvicorn bare_app:create --factory --app-dir bench
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
import psycopg
from fastapi import FastAPI, Header, Response
from psycopg_pool import ConnectionPool
from pydantic import BaseModel

from nl2sql.output import json_value


class SqlBody(BaseModel):
    sql: str


class AskBody(BaseModel):
    question: str


def create() -> FastAPI:
    #: (user id, SQL text or question) -> the guarded SQL nl2sql would run for it
    final: dict[str, str] = json.loads(open(os.environ["BARE_QUERIES"]).read())  # noqa: SIM115
    size = int(os.environ.get("BARE_POOL_SIZE", "4"))
    pool = ConnectionPool(os.environ["BARE_DSN"], min_size=size, max_size=size, open=False,
                          kwargs={"cursor_factory": psycopg.RawCursor, "autocommit": False})

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pool.open(wait=True)
        anyio.to_thread.current_default_thread_limiter().total_tokens = size
        yield
        pool.close()

    app = FastAPI(lifespan=lifespan)

    def run(user: str, text: str) -> Response:
        sql = final[f"{user}|{text}"]
        with pool.connection() as conn, conn.transaction(force_rollback=True):
            cur = conn.execute(sql, [uuid.UUID(user)])
            columns = [c.name for c in cur.description or []]
            rows = cur.fetchall()
        payload: dict[str, Any] = {"sql": sql, "params": [user], "columns": columns,
                                   "rows": [[json_value(v) for v in row] for row in rows[:100]],
                                   "row_count": min(len(rows), 100), "truncated": len(rows) > 100}
        return Response(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(),
                        media_type="application/json")

    @app.post("/bare/sql")
    def bare_sql(body: SqlBody, x_user_id: str = Header()) -> Response:
        return run(x_user_id, body.sql)

    @app.post("/bare/ask")
    def bare_ask(body: AskBody, x_user_id: str = Header()) -> Response:
        return run(x_user_id, body.question)

    return app
