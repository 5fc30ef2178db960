"""Responses already shaped as the JSON contracts (``nl2sql/payloads.py``): serialised once, not revalidated."""

import json
from typing import Any

from fastapi import Response

from ..models import ErrorBody

#: Documented on every authenticated endpoint; the statuses come from ``http_errors``.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text} for status, text in (
        (400, "Bad input (invalid_request, invalid_max_rows, empty_question, ...)"),
        (401, "Missing or invalid bearer token (unauthorized); WWW-Authenticate: Bearer"),
        (403, "An unscoped report by a non-admin (scope_forbidden), or the database refused access"),
        (413, "The body is larger than the limit (body_too_large)"),
        (422, "Refused by the guard, no answer, rejected by PostgreSQL, or over the cost ceiling"),
        (429, "Rate limited (rate_limited); Retry-After says when to try again"),
        (500, "A bug or a configuration problem; the server log has the details"),
        (502, "The LLM endpoint failed (llm_unavailable)"),
        (503, "Database unavailable or pool exhausted; Retry-After"),
        (504, "The statement timed out (statement_timeout, lock_timeout)"),
    )
}


class JsonBody(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
