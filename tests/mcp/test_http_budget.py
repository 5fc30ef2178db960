"""``/mcp`` in the app (in-process): the caller's limits apply to MCP as to ``/v1``: the request rate, and the LLM
draft budget, which over MCP is a tool error ``rate_limited`` saying when to try again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from nl2sql.service.app import create_app
from nl2sql.settings import Settings

from ..conftest import TenantDatabases
from ..service.conftest import bearer, hs256, service_config
from .conftest import ALICE

HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def tool_call(name: str, arguments: dict[str, Any], id_: int = 1) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": id_, "method": "tools/call", "params": {"name": name, "arguments": arguments}}


@contextmanager
def app_with(dsn: str, settings: dict[str, Any] | None = None, **config: Any) -> Iterator[TestClient]:
    app = create_app(dsn, replace(Settings(), **(settings or {})), service_config(None, None, **config))
    with TestClient(app) as http:
        yield http


def call(http: TestClient, name: str, arguments: dict[str, Any]) -> Any:
    return http.post("/mcp", json=tool_call(name, arguments), headers={**HEADERS, **bearer(hs256(ALICE))})


def test_llm_drafts_over_mcp_are_charged_to_the_user(tenant_dbs: TenantDatabases) -> None:
    from ..fake_openai import fake_openai, reply

    draft = {"sql": "SELECT count(*) AS n FROM deliverables", "explanation": "Counts deliverables.", "tables": []}
    with fake_openai(reply(draft), reply(draft)) as llm, \
            app_with(tenant_dbs.full, {"llm_base_url": llm.base_url}, llm_drafts_per_min=0.5,
                     llm_draft_burst=1) as http:
        first = call(http, "ask", {"question": "how big is my deliverable pile"}).json()["result"]
        second = call(http, "ask", {"question": "how big is my deliverable pile"}).json()["result"]
        verified = call(http, "ask", {"question": "Count my tasks"}).json()["result"]
    assert not first.get("isError") and first["structuredContent"]["source"] == "llm"
    assert second["isError"] and second["structuredContent"]["error"]["code"] == "rate_limited"
    assert "Try again in" in second["structuredContent"]["error"]["message"]
    assert len(llm.requests) == 1  # the refused draft never reached the model
    assert verified["structuredContent"]["source"] == "verified"


def test_the_request_rate_limit_covers_mcp(tenant_dbs: TenantDatabases) -> None:
    with app_with(tenant_dbs.full, rate_per_s=0.5, rate_burst=2) as http:
        statuses = [call(http, "check", {"sql": "SELECT 1"}) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert statuses[2].json()["error"]["code"] == "rate_limited" and statuses[2].headers["retry-after"]


pytestmark = pytest.mark.db
