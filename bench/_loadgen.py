"""A small HTTP/1.1 load generator on 127.0.0.1: N clients, each on its own keep-alive connection, each cycling
through its own prepared requests for a fixed time. Plain asyncio streams (no HTTP library): it should cost the
machine as little as possible, since it shares the CPU with the server it measures.

Every response body is checked: the first of each kind fully (by ``check``), later ones by comparing bytes with
the first, falling back to a full check when they differ."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: (client, request index, parsed body) -> None when the answer is right, else what is wrong with it.
Check = Callable[[int, int, Any], str | None]


def request_bytes(path: str, body: dict[str, Any], headers: dict[str, str]) -> bytes:
    payload = json.dumps(body).encode()
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
             f"Content-Length: {len(payload)}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    transport_errors: int = 0
    elapsed_s: float = 0.0

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        ok = self.statuses.get(200, 0)
        return {
            "requests": len(ordered), "req_per_s": round(len(ordered) / self.elapsed_s, 1),
            "p50_ms": round(statistics.median(ordered) * 1000, 2) if ordered else None,
            "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 2) if ordered else None,
            "errors": len(ordered) - ok + self.transport_errors, "statuses": self.statuses,
            "wrong_answers": len(self.wrong), "first_wrong": self.wrong[:3],
        }


async def _client(port: int, number: int, requests: list[bytes], check: Check, until: float, measure_from: float,
                  outcome: Outcome, verified: dict[tuple[int, int], bytes]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        index = 0
        while True:
            started = time.perf_counter()
            if started >= until:
                return
            slot = index % len(requests)
            index += 1
            writer.write(requests[slot])
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = await reader.readexactly(length)
            finished = time.perf_counter()
            if started < measure_from:
                continue  # warm-up
            outcome.latencies.append(finished - started)
            outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
            if status == 200 and verified.get((number, slot)) != body:
                problem = check(number, slot, json.loads(body))
                if problem:
                    outcome.wrong.append(problem)
                else:
                    verified[(number, slot)] = body
    except (OSError, asyncio.IncompleteReadError):
        outcome.transport_errors += 1
    finally:
        writer.close()


async def _run(port: int, requests: list[list[bytes]], check: Check, seconds: float, warmup_s: float) -> Outcome:
    outcome, verified = Outcome(), {}
    now = time.perf_counter()
    measure_from, until = now + warmup_s, now + warmup_s + seconds
    await asyncio.gather(*(_client(port, n, reqs, check, until, measure_from, outcome, verified)
                           for n, reqs in enumerate(requests)))
    outcome.elapsed_s = time.perf_counter() - measure_from
    return outcome


def run_load(port: int, requests: list[list[bytes]], check: Check, seconds: float, warmup_s: float) -> Outcome:
    """``requests[n]`` are client n's requests, sent in turn, one at a time, for ``warmup_s + seconds``."""
    return asyncio.run(_run(port, requests, check, seconds, warmup_s))
