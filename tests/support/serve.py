"""A real ``nl2sql serve`` process for the tests that need one (service, MCP over HTTP, the page), and stopping
an embedded PostgreSQL a test started."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

NL2SQL = shutil.which("nl2sql") or f"{sys.executable} -m nl2sql.cli"
#: Variables that would change what the server does; each test sets the ones it means.
SERVICE_VARIABLES = ("NL2SQL_DATABASE_URL", "NL2SQL_JWT_SECRET", "NL2SQL_JWKS_URL", "NL2SQL_JWT_ISSUER",
                     "NL2SQL_AUDIT_LOG", "NL2SQL_SERVE_DSN", "NL2SQL_SERVE_DEMO_SECRET_FILE", "NL2SQL_HOME",
                     "NL2SQL_RATE_PER_S", "NL2SQL_RATE_BURST")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    return {**env, **values}


def nl2sql(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NL2SQL.split(), *args], capture_output=True, text=True, timeout=120, env=env,
                          stdin=subprocess.DEVNULL)


@dataclass
class Server:
    base: str
    process: subprocess.Popen[str]
    stdout: str = ""
    stderr: str = ""


@contextmanager
def serving(*args: str, env: dict[str, str], logs: Path, startup_s: float = 120) -> Iterator[Server]:
    """The server's stdout (the audit trail) and stderr go to files: a pipe nobody reads would fill up and
    block the server's writes."""
    port = free_port()
    out, err = (logs / "stdout.log").open("w"), (logs / "stderr.log").open("w")
    process = subprocess.Popen([*NL2SQL.split(), "serve", "--port", str(port), *args], env=env, text=True,
                               stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        deadline = time.monotonic() + startup_s
        while True:
            assert process.poll() is None, (logs / "stderr.log").read_text()
            try:
                if httpx.get(server.base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not become ready"
            time.sleep(0.2)
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        out.close()
        err.close()
        server.stdout, server.stderr = (logs / "stdout.log").read_text(), (logs / "stderr.log").read_text()


def stop_embedded(data_dir: Path) -> None:
    """Stop the embedded PostgreSQL in ``data_dir``, if one runs there."""
    if not (data_dir / "postmaster.pid").exists():
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    # pgserver hands back the handle this process made when it started the database, made to keep it running.
    server.cleanup_mode = "stop"
    server.cleanup()
