"""A real local HTTP server that speaks the OpenAI chat-completions API and replays a script, so the real
``openai`` client is exercised end to end (retries, timeouts, status codes) without any network.

Each scripted step is one HTTP response: ``reply(content)`` (a 200 completion), ``status(code)`` (an error,
with a tiny Retry-After so the client's own retries are fast), or ``stall(seconds)`` (answers too late).
Every request body is recorded for assertions (what the model was shown)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from .support.http import local_http_server


@dataclass
class Step:
    content: str | None = None
    status: int = 200
    delay_s: float = 0.0


def reply(content: str | dict[str, Any]) -> Step:
    return Step(content if isinstance(content, str) else json.dumps(content))


def status(code: int) -> Step:
    return Step(None, code)


def stall(seconds: float) -> Step:
    return Step(json.dumps({"sql": "SELECT 1", "explanation": "late", "tables": []}), 200, seconds)


@dataclass
class FakeOpenAI:
    steps: list[Step]
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""

    @property
    def prompts_text(self) -> str:
        return "\n".join(m["content"] for r in self.requests for m in r.get("messages", []))


def _handler(server_state: FakeOpenAI, lock: threading.Lock) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            with lock:
                server_state.requests.append(body)
                step = server_state.steps.pop(0) if server_state.steps else status(500)
            if step.delay_s:
                time.sleep(step.delay_s)
            if step.status != 200:
                payload = json.dumps({"error": {"message": f"scripted {step.status}", "type": "test"}}).encode()
                self.send_response(step.status)
                self.send_header("retry-after-ms", "5")
            else:
                payload = json.dumps({
                    "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body.get("model"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": step.content}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
                self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (a stall)
                self.wfile.write(payload)

    return Handler


@contextmanager
def fake_openai(*steps: Step) -> Iterator[FakeOpenAI]:
    state = FakeOpenAI(list(steps))
    with local_http_server(_handler(state, threading.Lock())) as base:
        state.base_url = f"{base}/v1"
        yield state
