"""An embedded PostgreSQL (pgserver) with the demo database, for a machine that has no server of its own."""

from __future__ import annotations

import hashlib
import inspect
import warnings
from pathlib import Path
from typing import Any

import psycopg

from ..catalog import Catalog
from ..errors import error
from . import demo_data, loader
from .loader import create_schema, load_rows

DEMO_DATABASE = "nl2sql_demo"


def start_embedded(data_dir: Path) -> str:
    """Start (or reuse) the embedded server in ``data_dir``; returns a DSN for its ``postgres`` database."""
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on headless machines
            import pgserver  # imported here: starting a server is the only thing that needs it

            server = pgserver.get_server(data_dir, cleanup_mode=None)  # type: ignore[attr-defined]
    except Exception as exc:  # pgserver raises plain exceptions of several kinds
        raise error("embedded_database_failed", f"Could not start the embedded PostgreSQL in {data_dir}: "
                                                f"{exc}") from exc
    return str(server.get_uri())


def with_database(dsn: str, database: str) -> str:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(dsn)
    params["dbname"] = database
    return make_conninfo("", **params)


def ensure_demo_database(data_dir: Path, catalog: Catalog) -> str:
    """Start the embedded server and make sure the demo database exists and is current; returns its DSN."""
    admin_dsn = start_embedded(data_dir)
    version = _demo_version(catalog)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                           [DEMO_DATABASE]).fetchone()
        if row is not None and row[0] == version:
            return with_database(admin_dsn, DEMO_DATABASE)
        if row is not None:
            conn.execute(f'DROP DATABASE "{DEMO_DATABASE}"')
        conn.execute(f'CREATE DATABASE "{DEMO_DATABASE}"')
    dsn = with_database(admin_dsn, DEMO_DATABASE)
    with psycopg.connect(dsn) as conn:
        create_schema(conn, catalog)
        load_rows(conn, demo_data.generate())
        conn.execute(f"COMMENT ON DATABASE \"{DEMO_DATABASE}\" IS '{version}'".encode())
        conn.commit()
    return dsn


def _demo_version(catalog: Catalog) -> str:
    # Rebuilt whenever the DDL or the generator changes, so the demo never runs on stale data.
    source = inspect.getsource(demo_data) + inspect.getsource(loader) + "".join(t.ddl for t in catalog.tables.values())
    return "nl2sql demo " + hashlib.sha256(source.encode()).hexdigest()[:16]


def demo_users() -> list[dict[str, Any]]:
    return [{"id": str(u.id), "name": u.name, "roles": list(u.roles), "status": u.status}
            for u in demo_data.USERS]
