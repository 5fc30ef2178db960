"""The audit trail: one JSON line per request with who, what and how it went; never row values, tokens or keys."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from nl2sql.service.app import create_app
from nl2sql.settings import Settings

from ..conftest import TenantDatabases
from ..fake_openai import fake_openai, reply
from .conftest import ALICE, audit_lines, bearer, hs256, service_config

FIELDS = {"time", "request_id", "user_id", "method", "endpoint", "status", "question", "input_sql", "source", "sql",
          "sql_sha256", "row_count", "truncated", "duration_ms", "error_code"}


def line_for(path: Path, request_id: str) -> dict[str, Any]:
    matches = [line for line in audit_lines(path) if line["request_id"] == request_id]
    assert len(matches) == 1
    return matches[0]


def row_values(payload: dict[str, Any]) -> set[str]:
    return {str(v) for row in payload["rows"] for v in row if v is not None and len(str(v)) >= 4}


def test_a_query_is_audited_without_its_rows_or_token(http: TestClient, audit_path: Path) -> None:
    token = hs256(ALICE)
    response = http.post("/v1/sql", json={"sql": "SELECT prompt, response, error_message FROM tasks", "max_rows": 3},
                         headers=bearer(token))
    assert response.status_code == 200
    record = line_for(audit_path, response.headers["x-request-id"])
    assert set(record) == FIELDS
    assert record["user_id"] == str(ALICE) and record["endpoint"] == "/v1/sql" and record["status"] == 200
    assert record["source"] == "sql" and record["sql"] == response.json()["sql"]
    assert record["sql_sha256"] == hashlib.sha256(record["sql"].encode()).hexdigest()
    assert record["row_count"] == 3 and record["truncated"] is True and record["error_code"] is None
    assert record["duration_ms"] > 0 and record["time"].endswith("+00:00")
    text = json.dumps(record)
    values = row_values(response.json())
    assert values and not any(value in text for value in values)
    assert token not in audit_path.read_text() and token.split(".")[2] not in audit_path.read_text()


def test_a_verified_answer_is_audited_with_its_question_and_source(http: TestClient, audit_path: Path) -> None:
    response = http.post("/v1/ask", json={"question": "Task count by status"}, headers=bearer(hs256(ALICE)))
    record = line_for(audit_path, response.headers["x-request-id"])
    assert record["question"] == "Task count by status" and record["source"] == "verified"
    assert record["sql"] == response.json()["sql"] and record["row_count"] == response.json()["row_count"]
    assert not any(value in json.dumps(record) for value in row_values(response.json()))


def test_refusals_are_audited_with_their_code(http: TestClient, audit_path: Path) -> None:
    refused = http.post("/v1/sql", json={"sql": "DELETE FROM tasks"}, headers=bearer(hs256(ALICE)))
    record = line_for(audit_path, refused.headers["x-request-id"])
    assert record["status"] == 422 and record["error_code"] == "not_read_only"
    assert record["input_sql"] == "DELETE FROM tasks" and record["sql"] is None
    forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."
    anonymous = http.post("/v1/sql", json={"sql": "SELECT 1"}, headers=bearer(forged))
    record = line_for(audit_path, anonymous.headers["x-request-id"])
    assert record["status"] == 401 and record["error_code"] == "unauthorized" and record["user_id"] is None
    assert forged not in audit_path.read_text()


def test_an_llm_draft_is_audited_without_the_api_key(tenant_dbs: TenantDatabases, tmp_path: Path) -> None:
    draft = {"sql": "SELECT count(*) AS n FROM deliverables", "explanation": "Counts deliverables.", "tables": []}
    key = "sk-test-0123456789abcdef-never-logged"
    audit = tmp_path / "audit.jsonl"
    with fake_openai(reply(draft)) as llm:
        settings = replace(Settings(), llm_base_url=llm.base_url, llm_api_key=key)
        with TestClient(create_app(tenant_dbs.full, settings, service_config(None, audit))) as http:
            response = http.post("/v1/ask", json={"question": "how big is my deliverable pile"},
                                 headers=bearer(hs256(ALICE)))
    assert response.status_code == 200
    record = line_for(audit, response.headers["x-request-id"])
    assert record["source"] == "llm" and record["question"] == "how big is my deliverable pile"
    assert key not in audit.read_text()
