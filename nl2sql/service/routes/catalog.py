"""``/v1/questions`` and ``/v1/schema``: what a user can ask about, for suggestions and a schema browser.
Only what the schema document says publicly; nothing from the tenancy policy beyond which tables it covers."""

from fastapi import APIRouter, Response

from ...payloads import questions_payload, schema_payload
from ..deps import CurrentCaller
from ..models import QuestionsResponse, SchemaResponse
from ._json import ERROR_RESPONSES, JsonBody

router = APIRouter(prefix="/v1", tags=["catalog"], responses=ERROR_RESPONSES)


@router.get("/questions", response_model=QuestionsResponse, summary="The verified questions the caller can ask")
async def questions(caller: CurrentCaller) -> Response:
    return JsonBody(questions_payload(caller.service.assistant.library))


@router.get("/schema", response_model=SchemaResponse, summary="The documented tables and columns one can ask about")
async def schema(caller: CurrentCaller) -> Response:
    return JsonBody(schema_payload(caller.service.client))
