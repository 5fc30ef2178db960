"""``/v1/questions`` and ``/v1/schema``: what a user can ask about, for suggestions and a schema browser.
Only what the schema document says publicly; nothing from the tenancy policy beyond which tables it covers."""

from typing import Any

from fastapi import APIRouter, Response

from ..deps import CurrentCaller
from ..models import QuestionsResponse, SchemaResponse
from ..state import Service
from ._json import ERROR_RESPONSES, JsonBody

router = APIRouter(prefix="/v1", tags=["catalog"], responses=ERROR_RESPONSES)


@router.get("/questions", response_model=QuestionsResponse, summary="The verified questions the caller can ask")
async def questions(caller: CurrentCaller) -> Response:
    return JsonBody(questions_payload(caller.service))


@router.get("/schema", response_model=SchemaResponse, summary="The documented tables and columns one can ask about")
async def schema(caller: CurrentCaller) -> Response:
    return JsonBody(schema_payload(caller.service))


def questions_payload(service: Service) -> dict[str, Any]:
    # Every pair applies to every user (each runs on the asker's own rows), so one list serves everyone.
    return {"questions": [{"id": pair.id, "question": pair.phrasings[0].text, "explanation": pair.explanation,
                           "examples": [p.text for p in pair.phrasings[1:]]}
                          for pair in service.assistant.library.pairs]}


def schema_payload(service: Service) -> dict[str, Any]:
    client = service.client
    covered = client.policy.tables  # a documented table the policy does not cover is refused by the guard
    return {"tables": [{"name": table.name, "columns": [{"name": c.name, "type": c.type} for c in table.columns]}
                       for name, table in sorted(client.catalog.tables.items()) if name in covered]}
