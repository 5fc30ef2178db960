"""``/healthz`` (the process answers), ``/readyz`` (the database answers through the pool within the limit) and
``/metrics`` (Prometheus)."""

import anyio
import anyio.to_thread
from fastapi import APIRouter, Response

from ..deps import CurrentService
from ..metrics import CONTENT_TYPE
from ..models import Health
from ._json import JsonBody

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Response:
    return JsonBody({"status": "ok"})


@router.get("/readyz", response_model=Health, summary="The database answers within the readiness limit",
            responses={503: {"description": "The database did not answer in time"}})
async def readyz(service: CurrentService) -> Response:
    timeout = service.config.ready_timeout_s
    try:
        with anyio.fail_after(timeout):
            await anyio.to_thread.run_sync(service.ping, timeout, limiter=service.probe_limiter,
                                           abandon_on_cancel=True)
    except Exception as exc:  # a timeout, a refused connection, an exhausted pool: all mean "not ready"
        reason = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
        return JsonBody({"status": "unavailable", "reason": reason}, status_code=503, headers={"Retry-After": "1"})
    return JsonBody({"status": "ok"})


@router.get("/metrics", summary="Prometheus metrics", response_class=Response,
            responses={200: {"content": {CONTENT_TYPE: {}}}})
async def metrics(service: CurrentService) -> Response:
    return Response(service.metrics.render(), media_type=CONTENT_TYPE)
