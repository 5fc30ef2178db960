"""The outermost layer of every HTTP request (plain ASGI, no per-request task or body copy): a request id, the
body size limit (413), the audit line, the request metrics, and the last word on a bug (500, traceback logged)."""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .audit import AuditRecord
from .http_errors import INTERNAL_ERROR, BodyTooLarge, error_body
from .routes.page import STATIC_PREFIX
from .state import Service

log = logging.getLogger("nl2sql.service")

#: Probes and scrapes come every few seconds from machines, not users; the page and its files read no data (the
#: page's own /v1 calls are audited): counted in the metrics, not audited. Any other unknown path is audited as
#: "other", since a scan for paths is worth seeing.
UNAUDITED = frozenset({"/healthz", "/readyz", "/metrics", "/", STATIC_PREFIX})


class ServiceMiddleware:
    def __init__(self, app: ASGIApp, service: Service, paths: frozenset[str]) -> None:
        self.app, self.service, self.paths = app, service, paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        record = AuditRecord(endpoint=_endpoint(path, self.paths), method=scope["method"])
        scope.setdefault("state", {})["audit"] = record
        started = False
        status = 500
        request_id = record.request_id.encode()

        async def send_with_id(message: Message) -> None:
            nonlocal started, status
            if message["type"] == "http.response.start":
                started, status = True, message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id)]
            await send(message)

        try:
            body_receive = await self._bounded(scope, receive)
            await self.app(scope, body_receive, send_with_id)
        except BodyTooLarge as exc:
            record.error_code = exc.code
            await self._send_error(exc, record, send_with_id)
        except Exception as exc:  # a bug: logged with its traceback, the client sees only the code
            log.exception("request %s %s %s failed", record.request_id, scope["method"], path)
            record.error_code = INTERNAL_ERROR
            if not started:
                await self._send_error(exc, record, send_with_id)
        finally:
            record.status = status
            self.service.metrics.observe(record.endpoint, status, time.perf_counter() - record.started)
            if record.endpoint not in UNAUDITED:
                self.service.audit.write(record)

    async def _bounded(self, scope: Scope, receive: Receive) -> Receive:
        """``receive`` for a body within the limit; raises ``BodyTooLarge`` otherwise. A declared length is
        checked up front (the server holds the body to it); a chunked body is read here, up to the limit."""
        limit = self.service.config.max_body_bytes
        headers = dict(scope["headers"])
        too_large = BodyTooLarge(f"The request body is larger than the limit of {limit:,} bytes.")
        declared = headers.get(b"content-length")
        if declared is not None:
            if int(declared) > limit:
                raise too_large
            return receive
        if b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            return receive
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return _replay([], message, receive)
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                raise too_large
            more = message.get("more_body", False)
        return _replay(chunks, None, receive)

    @staticmethod
    async def _send_error(exc: BaseException, record: AuditRecord, send: Send) -> None:
        status, headers, body = error_body(exc, record.request_id)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(k.encode(), v.encode()) for k, v in headers.items()]})
        await send({"type": "http.response.body", "body": body})


def _replay(chunks: list[bytes], pending: Message | None, receive: Receive) -> Receive:
    """A ``receive`` that hands back a body already read, then defers to the real one."""
    queue: list[Any] = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}] if chunks else []
    if pending is not None:
        queue.append(pending)

    async def replayed() -> Message:
        return queue.pop(0) if queue else await receive()

    return replayed


def _endpoint(path: str, paths: frozenset[str]) -> str:
    """The bounded label of a request: its route, ``/static`` for any of the page's files, else ``other``."""
    if path in paths:
        return path
    return STATIC_PREFIX if path.startswith(STATIC_PREFIX + "/") else "other"
