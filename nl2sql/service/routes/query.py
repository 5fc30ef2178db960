"""``/v1/sql``, ``/v1/check``, ``/v1/ask``, ``/v1/explain``: the library's four verbs, as the caller."""

from contextlib import AbstractContextManager

from fastapi import APIRouter, Response

from ...explain import audit
from ...explain.target import looks_like_sql
from ...payloads import answer_payload, query_payload, result_payload
from ..audit import Source
from ..deps import Caller, CurrentCaller
from ..models import AskRequest, AskResponse, CheckResponse, ExplainRequest, ExplainResponse, SqlRequest, SqlResponse
from ..ratelimit import draft_gate
from ._json import ERROR_RESPONSES, JsonBody

router = APIRouter(prefix="/v1", tags=["queries"], responses=ERROR_RESPONSES)


@router.post("/sql", response_model=SqlResponse, summary="Guard SQL for the caller and run it read-only")
def run_sql(body: SqlRequest, caller: CurrentCaller) -> Response:
    caller.audit.input_sql = body.sql
    result = caller.service.client.sql(body.sql, user_id=caller.user_id, max_rows=body.max_rows, scope=body.scope)
    caller.audit.ran(result.sql, "sql", result.row_count, result.truncated)
    return JsonBody(result_payload(result))


@router.post("/check", response_model=CheckResponse, summary="The guarded SQL and its parameters; nothing runs")
def check_sql(body: SqlRequest, caller: CurrentCaller) -> Response:
    caller.audit.input_sql = body.sql
    guarded = caller.service.client.check(body.sql, user_id=caller.user_id, max_rows=body.max_rows,
                                          scope=body.scope)
    caller.audit.ran(guarded.sql, "sql")
    return JsonBody(query_payload(guarded))


@router.post("/ask", response_model=AskResponse,
             summary="Answer a question: a verified question, else (LLM configured) a guarded draft")
def ask(body: AskRequest, caller: CurrentCaller) -> Response:
    caller.audit.question = body.question
    with _drafts_charged_to(caller):
        answer = caller.service.assistant.ask(body.question, user_id=caller.user_id, max_rows=body.max_rows)
    caller.audit.ran(answer.result.sql, answer.source, answer.result.row_count, answer.result.truncated)
    return JsonBody(answer_payload(answer))


@router.post("/explain", response_model=ExplainResponse,
             summary="Plan audit of SQL or a question, as the caller would run it")
def explain(body: ExplainRequest, caller: CurrentCaller) -> Response:
    service = caller.service
    source: Source
    if looks_like_sql(body.query):
        caller.audit.input_sql = body.query
        sql, source = body.query, "sql"
    else:
        caller.audit.question = body.query
        with _drafts_charged_to(caller):
            plan = service.assistant.plan(body.query, user_id=caller.user_id)
        sql, source = plan.sql, plan.source
    report = audit(service.client, sql, user_id=caller.user_id, analyze=body.analyze)
    caller.audit.ran(report.sql, source)
    return JsonBody(report.to_dict())


def _drafts_charged_to(caller: Caller) -> AbstractContextManager[None]:
    """LLM drafts made inside (first tries and repairs) are charged to the caller's draft budget."""
    return draft_gate(lambda: caller.service.draft_gate(caller.user_id))
