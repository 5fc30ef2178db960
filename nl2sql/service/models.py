"""Request and response bodies, for validation and for ``/openapi.json``. Responses are the CLI's
``--format json`` contracts (``nl2sql/payloads.py``), documented here field by field.

Request models ignore fields they do not define: identity comes only from the token, so a ``user_id`` in a
body has no effect (a test holds this)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Scope = Literal["user", "all"]
MAX_ROWS_DOC = "Rows to return (default 100; larger requests are lowered to 10,000)."
SCOPE_DOC = "'all' is an unscoped report, allowed only when the database says the user holds the admin role."


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SqlRequest(_Request):
    sql: str = Field(description="PostgreSQL SELECT; $1 means the asking user's id.",
                     examples=["SELECT status, count(*) FROM tasks GROUP BY status"])
    max_rows: int | None = Field(None, description=MAX_ROWS_DOC)
    scope: Scope = Field("user", description=SCOPE_DOC)


class AskRequest(_Request):
    question: str = Field(examples=["how many of my tasks failed this week?"])
    max_rows: int | None = Field(None, description=MAX_ROWS_DOC)


class ExplainRequest(_Request):
    query: str = Field(description="SQL, or a question (anything not starting with a SQL keyword), planned first.",
                       examples=["SELECT * FROM tasks ORDER BY created_at DESC"])
    analyze: bool = Field(False, description="Run it (read-only, rolled back) for actual rows and times.")


class DemoTokenRequest(_Request):
    user: str = Field(description="A demo user's first name (alice, bob, carol, ada, dave) or id.",
                      examples=["alice"])


class SqlResponse(BaseModel):
    sql: str = Field(description="The guarded SQL that ran.")
    params: list[str] = Field(description="Its parameters: $1 is the asking user's id.")
    columns: list[str]
    rows: list[list[Any]] = Field(description="Numbers as numbers, timestamps ISO 8601, UUIDs as strings, JSON "
                                              "columns as JSON.")
    row_count: int
    truncated: bool = Field(description="More rows exist than max_rows, or the result hit the size limit.")


class AskResponse(SqlResponse):
    question: str
    source: Literal["verified", "composed", "llm"]
    explanation: str


class CheckResponse(BaseModel):
    sql: str = Field(description="The guarded SQL that would run; nothing ran.")
    params: list[str]
    tables: list[str]
    max_rows: int
    scope: Scope


class Finding(BaseModel):
    severity: Literal["error", "warning", "info"]
    code: str
    message: str
    node: str
    suggestion: str | None = None


class ExplainResponse(BaseModel):
    sql: str
    params: list[str]
    plan: dict[str, Any] = Field(description="PostgreSQL's EXPLAIN (FORMAT JSON) of the guarded SQL.")
    findings: list[Finding]
    total_cost: float | None = Field(description="The planner's estimate; null when only the plan's shape is shown.")
    shape_only: bool = Field(description="True for a non-admin: the plan's shape without costs or row counts, "
                                         "which come from every user's rows.")


class VerifiedQuestion(BaseModel):
    id: str
    question: str
    explanation: str
    examples: list[str] = Field(description="Other phrasings it answers.")


class QuestionsResponse(BaseModel):
    questions: list[VerifiedQuestion]


class SchemaColumn(BaseModel):
    name: str
    type: str


class SchemaTable(BaseModel):
    name: str
    columns: list[SchemaColumn]


class SchemaResponse(BaseModel):
    tables: list[SchemaTable]


class DemoUser(BaseModel):
    id: str
    name: str
    roles: list[str]
    status: str


class DemoUsersResponse(BaseModel):
    users: list[DemoUser]


class DemoTokenResponse(BaseModel):
    token: str
    user_id: str
    name: str
    expires_in: int


class Health(BaseModel):
    status: Literal["ok"]


class ErrorDetail(BaseModel):
    code: str = Field(description="A stable code: docs/errors.md, docs/service.md.")
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail
