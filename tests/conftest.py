"""Shared fixtures. Database tests run on a real PostgreSQL, never a mock: the server named by
NL2SQL_TEST_DSN when set (CI points it at the machine's PostgreSQL 15), else an embedded pgserver (16)
started for the session. Every test database is created here and dropped at the end."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from nl2sql.catalog import Catalog, load_catalog
from nl2sql.client import Client
from nl2sql.db import demo_data
from nl2sql.db.embedded import with_database
from nl2sql.db.loader import create_schema, load_rows
from nl2sql.policy import TenancyPolicy, load_policy
from nl2sql.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests go last: pytest-playwright's session-wide Playwright keeps an event loop running in the
    main thread from its first test to the end of the session, and every asyncio test after it (the MCP client,
    the service) would then fail with "Cannot run the event loop while another loop is running"."""
    web = ROOT / "tests" / "web"
    items.sort(key=lambda item: Path(item.path).is_relative_to(web))


SHARED = Path(os.environ.get("NL2SQL_SHARED", ROOT.parent / "shared"))
ALICE = demo_data.PRIMARY.id
ADMIN = next(u.id for u in demo_data.USERS if "admin" in u.roles)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def catalog(settings: Settings) -> Catalog:
    return load_catalog(settings.schema_doc)


@pytest.fixture(scope="session")
def policy(settings: Settings, catalog: Catalog) -> TenancyPolicy:
    return load_policy(settings.policy_path, catalog)


@pytest.fixture(scope="session")
def server_dsn() -> Iterator[str]:
    if os.environ.get("NL2SQL_TEST_DSN"):
        yield os.environ["NL2SQL_TEST_DSN"]
        return
    # A folder of its own, not under pytest's basetemp: pytest prunes old basetemps, and another pytest run on
    # the same machine could remove this one under a running server.
    folder = Path(tempfile.mkdtemp(prefix="nl2sql-test-pg-"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(folder / "pg", cleanup_mode="stop")
    yield str(server.get_uri())
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Databases:
    server_dsn: str
    created: list[str]

    def create(self, label: str) -> str:
        name = f"nl2sql_test_{label}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.server_dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"'.encode())
        self.created.append(name)
        return with_database(self.server_dsn, name)

    def demo(self, label: str, catalog: Catalog, now: datetime, owner: uuid.UUID | None = None) -> str:
        """A new database of the demo data (others' text marked ``...SECRET``): every user's rows, or only
        ``owner``'s, the oracle a user's answers from the shared database are checked against."""
        dsn = self.create(label)
        with psycopg.connect(dsn) as conn:
            create_schema(conn, catalog)
            load_rows(conn, demo_data.generate(now, markers=True, only_owner=owner))
        return dsn


@pytest.fixture(scope="session")
def databases(server_dsn: str) -> Iterator[Databases]:
    dbs = Databases(server_dsn, [])
    yield dbs
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        for name in dbs.created:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


@dataclass(frozen=True)
class TenantDatabases:
    """The same deterministic data twice: every user's rows (others' text marked ``...SECRET``), and only
    alice's rows. A query run as alice on ``full`` must answer exactly as it does on ``alice_only``."""

    full: str
    alice_only: str


@pytest.fixture(scope="session")
def data_now() -> datetime:
    """One clock for every copy of the demo data, so copies hold identical rows."""
    return datetime.now(UTC)


@pytest.fixture(scope="session")
def tenant_dbs(databases: Databases, catalog: Catalog, data_now: datetime) -> TenantDatabases:
    return TenantDatabases(databases.demo("full", catalog, data_now), databases.demo("alice", catalog, data_now, ALICE))


#: Database-level defaults a DBA can set that change how SQL text is read, or which function a name calls. The
#: executor must pin its own values whatever these say; ``legacy_dsn`` carries all of them.
LEGACY_SETTINGS = {"standard_conforming_strings": "off", "backslash_quote": "on", "search_path": "public, pg_catalog"}
#: A function in public that would shadow a built-in for a session whose search_path lists public first.
SHADOW_FUNCTION = ("CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE sql STABLE AS "
                   "$$ SELECT string_agg(prompt, ' | ') FROM public.tasks $$")


@pytest.fixture(scope="session")
def legacy_dsn(databases: Databases, catalog: Catalog, data_now: datetime) -> str:
    """Every user's rows again, in a database whose defaults read text differently (see LEGACY_SETTINGS)."""
    dsn = databases.demo("legacy", catalog, data_now)
    set_legacy_defaults(dsn)
    return dsn


@dataclass
class RlsDatabases:
    """Databases with the tenancy policy's row-level security applied, for one reader role (roles are
    cluster-wide, so each test session has its own and drops it, with these databases, at the end)."""

    databases: Databases
    catalog: Catalog
    policy: TenancyPolicy
    now: datetime
    role: str
    created: list[str]

    def create(self, label: str, *, legacy: bool = False) -> str:
        from nl2sql.rls import RlsTarget, apply, migration

        dsn = self.databases.demo(f"rls_{label}", self.catalog, self.now)
        self.created.append(dsn)
        with psycopg.connect(dsn) as conn:
            login = conn.execute("SELECT current_user").fetchone()[0]  # type: ignore[index]
        apply(dsn, migration(self.policy, RlsTarget("postgres", self.role, login)))
        if legacy:
            set_legacy_defaults(dsn)
        return dsn


def set_legacy_defaults(dsn: str) -> None:
    name = dsn.split("dbname=")[1].split()[0]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(SHADOW_FUNCTION.encode())
        for setting, value in LEGACY_SETTINGS.items():
            conn.execute(f'ALTER DATABASE "{name}" SET {setting} = {value}'.encode())


@pytest.fixture(scope="session")
def rls_databases(databases: Databases, catalog: Catalog, policy: TenancyPolicy,
                  data_now: datetime) -> Iterator[RlsDatabases]:
    role = f"nl2sql_reader_{uuid.uuid4().hex[:8]}"
    found = RlsDatabases(databases, catalog, policy, data_now, role, [])
    yield found
    with psycopg.connect(databases.server_dsn, autocommit=True) as conn:
        for dsn in found.created:
            name = dsn.split("dbname=")[1].split()[0]
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())
            if name in databases.created:
                databases.created.remove(name)
        conn.execute(f'DROP ROLE IF EXISTS "{role}"'.encode())


@pytest.fixture(scope="session")
def client(tenant_dbs: TenantDatabases, settings: Settings) -> Iterator[Client]:
    with Client(tenant_dbs.full, settings, pooled=True) as c:
        yield c


class SharedDataMissing(Exception):
    """The shared evaluation data is not where the tests look for it."""


def shared_file(*parts: str) -> Path:
    """A file of the shared evaluation data. Missing is a failure, never a skip: a run without it must not pass
    as if its tests had run."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise SharedDataMissing(f"{path} not found: set NL2SQL_SHARED to the shared/ folder (../shared beside the "
                                "repository by default)")
    return path


@pytest.fixture(scope="session")
def fixture_dsn(databases: Databases) -> str:
    """The shared evaluation fixture (five users, others' rows marked SECRET), loaded as its README says."""
    dsn = databases.create("fixture")
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name in ("schema.sql", "data.sql"):
            conn.execute(shared_file("eval", "fixture", name).read_text().encode())
    return dsn
