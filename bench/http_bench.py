"""HTTP load, 127.0.0.1 only, bounded in time: ``nl2sql serve`` beside a bare FastAPI endpoint that runs the same
guarded SQL through raw psycopg (``bare_app.py``), in the same run, with 1 and 2 workers.

32 concurrent clients (each its own user, with that user's token) mix ``/v1/sql`` and ``/v1/ask`` (verified
questions). Every response is checked against what that user is answered in-process (same rows, same order) and
for other users' SECRET markers. Targets (issue 9): nl2sql >= 0.6x the bare endpoint's throughput, 0 errors.

    .venv/bin/python bench/http_bench.py [--seconds 30] [--clients 32] [--workers 1,2] [--warmup 3]
    # NL2SQL_BENCH_DSN=postgresql://... for a server of your own, else an embedded one
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _loadgen import Outcome, request_bytes, run_load
from _tenants import Tenant, tenant_database

from nl2sql import Client, Settings
from nl2sql.assistant import Assistant
from nl2sql.payloads import answer_payload, result_payload
from nl2sql.service.tokens import mint_token

BENCH = Path(__file__).resolve().parent
SECRET = "http-bench-secret-" + "x" * 32
#: Half SQL a person wrote, half verified questions; none depends on the clock, so answers are stable.
MIX: list[tuple[str, str]] = [
    ("sql", "SELECT status, count(*) AS n FROM tasks GROUP BY status ORDER BY status"),
    ("ask", "Task count by status"),
    ("sql", "SELECT id, status, prompt, progress FROM tasks ORDER BY created_at DESC, id LIMIT 10"),
    ("ask", "Tasks by agent"),
    ("sql", "SELECT p.name, count(s.id) AS steps FROM projects p LEFT JOIN project_steps s "
            "ON s.project_id = p.id GROUP BY p.name ORDER BY p.name"),
    ("ask", "List my tasks"),
    ("sql", "SELECT d.title, v.version_number FROM deliverables d JOIN deliverable_versions v "
            "ON v.deliverable_id = d.id ORDER BY d.id, v.version_number"),
    ("ask", "Count my tasks"),
]
MARKER = re.compile(r"U\d\dSECRET")


def expected_answers(dsn: str, people: list[Tenant], mix: list[tuple[str, str]]
                     ) -> tuple[dict[tuple[int, int], dict[str, Any]], dict[str, str]]:
    """Per (client, request): the answer in-process; and per (user, text): the guarded SQL the bare app runs."""
    answers, final = {}, {}
    with Client(dsn, Settings(), pooled=True) as client:
        assistant = Assistant(client)
        for number, tenant in enumerate(people):
            for slot, (kind, text) in enumerate(mix):
                if kind == "sql":
                    payload = result_payload(client.sql(text, user_id=tenant.id))
                else:
                    payload = answer_payload(assistant.ask(text, user_id=tenant.id))
                answers[number, slot] = payload
                final[f"{tenant.id}|{text}"] = payload["sql"]
    return answers, final


def checker(people: list[Tenant], answers: dict[tuple[int, int], dict[str, Any]]) -> Any:
    def check(number: int, slot: int, body: Any) -> str | None:
        want = answers[number, slot]
        if body.get("columns") != want["columns"] or body.get("rows") != want["rows"]:
            return f"client {number} request {slot}: not the user's answer"
        strangers = set(MARKER.findall(json.dumps(body["rows"]))) - {people[number].marker}
        if strangers:
            return f"client {number} request {slot}: rows of {sorted(strangers)}"
        return None
    return check


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(command: list[str], env: dict[str, str], ready_path: str, logs: Path) -> Iterator[int]:
    port = free_port()
    with (logs / "stdout.log").open("w") as out, (logs / "stderr.log").open("w") as err:
        process = subprocess.Popen([*command, "--port", str(port)], env=env, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"server exited: {(logs / 'stderr.log').read_text()[-2000:]}")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{ready_path}", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("server not ready in 120 s")
                time.sleep(0.2)
            yield port
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30.0, help="measured time per server and worker count")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients, one user each")
    parser.add_argument("--workers", default="1,2", help="worker counts to measure, comma separated")
    parser.add_argument("--only", choices=["sql", "ask"], help="send only this kind of request (to see its share)")
    args = parser.parse_args()
    mix = [(kind, text) for kind, text in MIX if args.only in (None, kind)]

    dsn, people = tenant_database(args.clients)
    answers, final = expected_answers(dsn, people, mix)
    check = checker(people, answers)
    scratch = Path(tempfile.mkdtemp(prefix="nl2sql-http-bench-"))
    (scratch / "final.json").write_text(json.dumps(final))
    tokens = [mint_token(SECRET, t.id, ttl_s=3600) for t in people]
    ours_requests = [[request_bytes(f"/v1/{kind}", {"sql": text} if kind == "sql" else {"question": text},
                                    {"Authorization": f"Bearer {tokens[n]}"}) for kind, text in mix]
                     for n in range(len(people))]
    bare_requests = [[request_bytes(f"/bare/{kind}", {"sql": text} if kind == "sql" else {"question": text},
                                    {"X-User-Id": str(people[n].id)}) for kind, text in mix]
                     for n in range(len(people))]
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("NL2SQL_")}
    ours_env = {**base_env, "NL2SQL_DATABASE_URL": dsn, "NL2SQL_JWT_SECRET": SECRET,
                "NL2SQL_RATE_PER_S": "1000000", "NL2SQL_RATE_BURST": "1000000",
                "NL2SQL_AUDIT_LOG": str(scratch / "audit.jsonl")}
    bare_env = {**base_env, "BARE_DSN": dsn, "BARE_QUERIES": str(scratch / "final.json"),
                "BARE_POOL_SIZE": str(Settings().pool_max_size)}
    nl2sql = [sys.executable, "-m", "nl2sql.cli", "serve"]
    uvicorn = [sys.executable, "-m", "uvicorn", "bare_app:create", "--factory", "--app-dir", str(BENCH),
               "--no-access-log", "--log-level", "warning"]

    report: dict[str, Any] = {"clients": args.clients, "seconds": args.seconds, "mix": [k for k, _ in mix],
                              "pool_size_per_worker": Settings().pool_max_size, "cpus": os.cpu_count(), "runs": {}}
    for workers in [int(w) for w in args.workers.split(",")]:
        results: dict[str, Outcome] = {}
        for name, command, env, requests, ready in (
                ("bare", [*uvicorn, "--workers", str(workers)], bare_env, bare_requests, "/openapi.json"),
                ("nl2sql", [*nl2sql, "--workers", str(workers)], ours_env, ours_requests, "/readyz")):
            with server(command, env, ready, scratch) as port:
                results[name] = run_load(port, requests, check, args.seconds, args.warmup)
        bare, ours = results["bare"].summary(), results["nl2sql"].summary()
        report["runs"][f"{workers}_worker{'s' if workers > 1 else ''}"] = {
            "bare_fastapi_psycopg": bare, "nl2sql_serve": ours,
            "throughput_ratio": round(ours["req_per_s"] / bare["req_per_s"], 2), "target_ratio_min": 0.6}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
