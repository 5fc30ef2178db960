"""A real PgBouncer (Debian's package) in transaction-pooling mode, on a free 127.0.0.1 port, in front of a
test server: the service's documented production shape."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def pgbouncer(server_dsn: str) -> Iterator[str]:
    """Start PgBouncer in front of ``server_dsn``; yields a conninfo for the same database through it."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise RuntimeError("pgbouncer is not installed (apt-get install -y pgbouncer; .ci/run does it)")
    target = conninfo_to_dict(server_dsn)
    user = str(target.get("user") or "postgres")
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="nl2sql-pgbouncer-"))
    folder.chmod(0o755)
    host = str(target.get("host") or "127.0.0.1")
    (folder / "users.txt").write_text(f'"{user}" ""\n')
    (folder / "pgbouncer.ini").write_text(f"""[databases]
* = host={host} port={target.get("port") or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder / "users.txt"}
pool_mode = transaction
ignore_startup_parameters = extra_float_digits
max_client_conn = 200
default_pool_size = 4
server_reset_query =
logfile = {folder / "pgbouncer.log"}
pidfile = {folder / "pgbouncer.pid"}
""")
    for path in folder.iterdir():
        path.chmod(0o644)
    command = [binary, str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        # PgBouncer refuses to run as root: run it as the owner of the server's socket folder (the embedded
        # server's own user) or as postgres, and let that account write its log.
        import pwd

        account = pwd.getpwuid(os.stat(host).st_uid) if host.startswith("/") else pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        command[1:1] = ["-u", account.pw_name]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dsn = make_conninfo(server_dsn, host="127.0.0.1", port=str(port))
    try:
        _wait_until_ready(dsn, process)
        yield dsn
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_until_ready(dsn: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"pgbouncer exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            with psycopg.connect(dsn, connect_timeout=2, prepare_threshold=None) as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError:
            time.sleep(0.2)
    raise RuntimeError("pgbouncer did not accept connections within 15 s")
