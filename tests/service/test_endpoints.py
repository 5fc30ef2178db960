"""The endpoints: the CLI's JSON contracts over HTTP, the documented statuses, OpenAPI, health, metrics."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

from nl2sql.service.app import create_app
from nl2sql.service.state import Service
from nl2sql.settings import Settings

from ..conftest import TenantDatabases
from .conftest import ADMIN, ALICE, bearer, hs256, service_config

ALICE_TOKEN = bearer(hs256(ALICE))
TASKS = "SELECT id, status, llm_metadata, created_at, progress FROM tasks ORDER BY created_at, id"


@contextmanager
def app_with(dsn: str, settings: dict[str, Any] | None = None, **config: Any) -> Iterator[TestClient]:
    """An app of the test's own, for limits the shared one must not have."""
    app = create_app(dsn, replace(Settings(), **(settings or {})), service_config(None, None, **config))
    with TestClient(app) as client:
        yield client


def service_of(http: TestClient) -> Service:
    return http.app.state.service  # type: ignore[attr-defined,no-any-return]


def cli_json(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "nl2sql.cli", *args, "--format", "json"], capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


# ---- contracts ------------------------------------------------------------------------------------------------

def test_sql_answers_exactly_what_the_cli_prints(http: TestClient, tenant_dbs: TenantDatabases) -> None:
    response = http.post("/v1/sql", json={"sql": TASKS, "max_rows": 5}, headers=ALICE_TOKEN)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == cli_json("sql", TASKS, "--user-id", str(ALICE), "--dsn", tenant_dbs.full,
                                       "--max-rows", "5")
    assert response.json()["truncated"] is True


def test_ask_answers_exactly_what_the_cli_prints(http: TestClient, tenant_dbs: TenantDatabases) -> None:
    question = "Break down my tasks by status"
    response = http.post("/v1/ask", json={"question": question}, headers=ALICE_TOKEN)
    assert response.status_code == 200
    payload = response.json()
    assert payload["source"] == "verified" and payload["question"] == question
    assert payload == cli_json("ask", question, "--user-id", str(ALICE), "--dsn", tenant_dbs.full)


def test_check_returns_the_guarded_sql_and_runs_nothing(http: TestClient) -> None:
    response = http.post("/v1/check", json={"sql": "SELECT count(*) FROM tasks", "max_rows": 7}, headers=ALICE_TOKEN)
    assert response.status_code == 200
    payload = response.json()
    assert set(payload) == {"sql", "params", "tables", "max_rows", "scope"}
    assert payload["params"] == [str(ALICE)] and payload["tables"] == ["tasks"] and payload["max_rows"] == 7
    assert '"user_id" = $1' in payload["sql"] and str(ALICE) not in payload["sql"]


@pytest.mark.parametrize("query", ["SELECT status, count(*) FROM tasks GROUP BY status",
                                   "show my 5 latest deliverables"])
def test_explain_audits_sql_or_a_question(query: str, http: TestClient) -> None:
    response = http.post("/v1/explain", json={"query": query, "analyze": True}, headers=ALICE_TOKEN)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert set(payload) == {"sql", "params", "plan", "findings", "total_cost", "shape_only"}
    assert payload["params"] == [str(ALICE)] and payload["shape_only"] is True  # alice is no admin


def test_questions_lists_the_verified_library(http: TestClient) -> None:
    questions = http.get("/v1/questions", headers=ALICE_TOKEN).json()["questions"]
    assert len(questions) > 10
    assert {"id", "question", "explanation", "examples"} <= set(questions[0])
    by_status = next(q for q in questions if q["id"] == "tasks_by_status")
    assert by_status["question"] == "Task count by status"


def test_schema_lists_documented_tables_without_policy_internals(http: TestClient) -> None:
    response = http.get("/v1/schema", headers=ALICE_TOKEN)
    tables = {t["name"]: [c["name"] for c in t["columns"]] for t in response.json()["tables"]}
    assert {"tasks", "users", "projects", "deliverables"} <= set(tables)
    assert "messages" not in tables  # mentioned by the document, defined by no CREATE TABLE
    assert "status" in tables["tasks"]
    for internal in ("OFFSET 0", "$1", "owner_column", "parent_key", "via"):
        assert internal not in response.text


# ---- statuses: the error tree, mapped in one place -------------------------------------------------------------

@pytest.mark.parametrize(("body", "status", "code"), [
    ({"sql": "DELETE FROM tasks"}, 422, "not_read_only"),
    ({"sql": "SELECT * FROM pg_user"}, 422, "system_catalog"),
    ({"sql": "SELECT 1 / 0"}, 422, "invalid_sql"),
    ({"sql": "SELECT 1", "max_rows": 0}, 400, "invalid_max_rows"),
    ({"sql": "SELECT count(*) FROM users", "scope": "all"}, 403, "scope_forbidden"),
    ({"sql": "SELECT 1", "scope": "everyone"}, 400, "invalid_request"),
    ({"query": "SELECT 1"}, 400, "invalid_request"),
])
def test_errors_have_their_documented_status(body: dict[str, Any], status: int, code: str, http: TestClient) -> None:
    response = http.post("/v1/sql", json=body, headers=ALICE_TOKEN)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


@pytest.mark.parametrize(("question", "code"), [("what is the weather in Paris", "no_confident_match"),
                                                ("delete all my failed tasks", "write_refused"),
                                                ("how many messages did I send?", "cannot_answer"),
                                                ("", "empty_question")])
def test_ask_without_an_answer_is_422_or_400(question: str, code: str, http: TestClient) -> None:
    response = http.post("/v1/ask", json={"question": question}, headers=ALICE_TOKEN)
    assert response.status_code == (400 if code == "empty_question" else 422)
    assert response.json()["error"]["code"] == code


def test_an_admin_may_ask_for_an_unscoped_report(http: TestClient) -> None:
    response = http.post("/v1/sql", json={"sql": "SELECT count(*) FROM users", "scope": "all"},
                         headers=bearer(hs256(ADMIN)))
    assert response.status_code == 200 and response.json()["rows"][0][0] > 1


def test_a_body_that_is_not_json_is_400(http: TestClient) -> None:
    response = http.post("/v1/sql", content=b"{not json", headers={**ALICE_TOKEN, "content-type": "application/json"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_request"


def test_a_body_over_the_limit_is_413(http: TestClient) -> None:
    limit = service_of(http).config.max_body_bytes
    big = {"sql": "SELECT 1 -- " + "x" * limit}
    response = http.post("/v1/sql", json=big, headers=ALICE_TOKEN)
    assert response.status_code == 413 and response.json()["error"]["code"] == "body_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"sql": "SELECT 1 -- '
        for _ in range(limit // 1000 + 1):
            yield b"x" * 1000
        yield b'"}'

    chunked = http.post("/v1/sql", content=chunks(), headers={**ALICE_TOKEN, "content-type": "application/json"})
    assert chunked.status_code == 413


def test_a_small_chunked_body_is_read_normally(http: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"sql": "SELECT id '
        yield b'FROM users"}'

    response = http.post("/v1/sql", content=chunks(), headers={**ALICE_TOKEN, "content-type": "application/json"})
    assert response.status_code == 200 and response.json()["rows"] == [[str(ALICE)]]


def test_unknown_paths_and_methods_answer_in_the_error_format(http: TestClient) -> None:
    assert http.get("/v1/nothing").json()["error"]["code"] == "not_found"
    assert http.get("/v1/sql", headers=ALICE_TOKEN).json()["error"]["code"] == "method_not_allowed"
    assert http.post("/v1/demo/token", json={"user": "alice"}).status_code == 404  # not in demo mode


def test_a_statement_timeout_is_504(tenant_dbs: TenantDatabases) -> None:
    with app_with(tenant_dbs.full, {"statement_timeout_ms": 50}) as http:
        response = http.post("/v1/sql", json={"sql": "SELECT count(*) FROM tasks a, tasks b, tasks c, tasks d"},
                             headers=ALICE_TOKEN)
    assert response.status_code == 504 and response.json()["error"]["code"] == "statement_timeout"


def test_an_exhausted_pool_is_503_with_retry_after_and_not_ready(tenant_dbs: TenantDatabases) -> None:
    with app_with(tenant_dbs.full, {"pool_min_size": 1, "pool_max_size": 1, "pool_wait_s": 0.3}) as http:
        executor = service_of(http).client.executor
        assert executor is not None and http.get("/readyz").status_code == 200
        with executor.raw_connection():  # the only connection is busy elsewhere
            response = http.post("/v1/sql", json={"sql": "SELECT 1"}, headers=ALICE_TOKEN)
            ready = http.get("/readyz")
        assert http.get("/readyz").status_code == 200
    assert response.status_code == 503 and response.headers["retry-after"] == "2"
    assert response.json()["error"]["code"] == "pool_exhausted"
    assert ready.status_code == 503


def test_a_bug_is_500_with_only_the_code(tenant_dbs: TenantDatabases, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(tenant_dbs.full, Settings(), service_config(None, None))

    def broken() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/v1/broken", broken)
    with TestClient(app) as http, caplog.at_level(logging.ERROR, logger="nl2sql.service"):
        response = http.get("/v1/broken")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret internals" not in response.text and response.headers["x-request-id"] in response.text
    assert any("secret internals" in (r.exc_text or "") or r.exc_info for r in caplog.records)


# ---- rate limits ----------------------------------------------------------------------------------------------

def test_each_user_has_a_request_budget(tenant_dbs: TenantDatabases) -> None:
    with app_with(tenant_dbs.full, rate_per_s=0.5, rate_burst=2) as http:
        statuses = [http.post("/v1/check", json={"sql": "SELECT 1"}, headers=ALICE_TOKEN) for _ in range(3)]
        others = http.post("/v1/check", json={"sql": "SELECT 1"}, headers=bearer(hs256(ADMIN)))
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert statuses[2].json()["error"]["code"] == "rate_limited"
    assert 1 <= int(statuses[2].headers["retry-after"]) <= 2
    assert others.status_code == 200


def test_llm_drafts_have_a_budget_of_their_own(tenant_dbs: TenantDatabases) -> None:
    from ..fake_openai import fake_openai, reply

    draft = {"sql": "SELECT count(*) AS n FROM deliverables", "explanation": "Counts deliverables.", "tables": []}
    with fake_openai(reply(draft), reply(draft)) as llm, \
            app_with(tenant_dbs.full, {"llm_base_url": llm.base_url}, llm_drafts_per_min=0.5,
                     llm_draft_burst=1) as http:
        first = http.post("/v1/ask", json={"question": "how big is my deliverable pile"}, headers=ALICE_TOKEN)
        second = http.post("/v1/ask", json={"question": "how big is my deliverable pile"}, headers=ALICE_TOKEN)
        verified = http.post("/v1/ask", json={"question": "Count my tasks"}, headers=ALICE_TOKEN)
    assert first.status_code == 200 and first.json()["source"] == "llm"
    assert second.status_code == 429 and "LLM drafts" in second.json()["error"]["message"]
    assert len(llm.requests) == 1  # the refused draft never reached the model
    assert verified.status_code == 200 and verified.json()["source"] == "verified"


# ---- OpenAPI, health, metrics ---------------------------------------------------------------------------------

def test_every_endpoint_is_in_the_openapi_document(http: TestClient) -> None:
    document = http.get("/openapi.json").json()
    assert set(document["paths"]) >= {"/v1/sql", "/v1/check", "/v1/ask", "/v1/explain", "/v1/questions",
                                      "/v1/schema", "/healthz", "/readyz", "/metrics"}
    schemas = document["components"]["schemas"]
    assert {"SqlRequest", "SqlResponse", "AskResponse", "CheckResponse", "ExplainResponse", "ErrorBody"} <= set(schemas)
    assert "user_id" not in json.dumps(schemas["SqlRequest"])
    assert document["components"]["securitySchemes"]["SupabaseJWT"]["scheme"] == "bearer"
    sql = document["paths"]["/v1/sql"]["post"]
    assert sql["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/SqlResponse")
    assert {"401", "413", "422", "429", "503"} <= set(sql["responses"])


def test_health_and_readiness(http: TestClient) -> None:
    assert http.get("/healthz").json() == {"status": "ok"}
    assert http.get("/readyz").json() == {"status": "ok"}


def test_sync_endpoints_get_one_thread_per_pooled_connection(http: TestClient) -> None:
    assert http.portal is not None
    tokens = http.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)  # type: ignore[arg-type,return-value]
    assert tokens == service_of(http).settings.pool_max_size


def test_metrics_count_requests_refusals_database_errors_and_the_pool(http: TestClient) -> None:
    http.post("/v1/sql", json={"sql": "SELECT 1"}, headers=ALICE_TOKEN)
    http.post("/v1/sql", json={"sql": "DROP TABLE tasks"}, headers=ALICE_TOKEN)
    http.post("/v1/sql", json={"sql": "SELECT 1 / 0"}, headers=ALICE_TOKEN)
    text = http.get("/metrics").text
    assert 'nl2sql_http_requests_total{endpoint="/v1/sql",status="200"}' in text
    assert 'nl2sql_http_request_duration_seconds_bucket{endpoint="/v1/sql"' in text
    assert 'nl2sql_guard_refusals_total{code="not_read_only"}' in text
    assert 'nl2sql_database_errors_total{code="invalid_sql"}' in text
    assert "nl2sql_pool_connections " in text and "nl2sql_pool_max 4.0" in text


def test_the_audit_skips_probes_and_the_page_files_only(http: TestClient, audit_path: Path) -> None:
    before = len(audit_path.read_text().splitlines())
    for path in ("/healthz", "/readyz", "/metrics", "/", "/static/app.css", "/static/no-such-file.js"):
        http.get(path)
    http.get("/v1/questions", headers=ALICE_TOKEN)
    http.get("/admin/../etc/passwd")  # a scan for paths stays in the trail
    lines = audit_path.read_text().splitlines()[before:]
    assert [json.loads(line)["endpoint"] for line in lines] == ["/v1/questions", "other"]
    metrics = http.get("/metrics").text
    assert 'nl2sql_http_requests_total{endpoint="/static",status="200"}' in metrics



def test_an_admin_sees_the_full_plan(http: TestClient) -> None:
    response = http.post("/v1/explain", json={"query": "SELECT count(*) FROM tasks"}, headers=bearer(hs256(ADMIN)))
    assert response.status_code == 200
    assert response.json()["shape_only"] is False and response.json()["total_cost"] > 0
