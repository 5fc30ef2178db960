"""A database with many users for the HTTP benchmark: the demo generator's rows for N synthetic users, each
user's text marked with their own ``UnnSECRET``, so an answer holding another user's marker is a leak."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from _common import fresh_database

from nl2sql.catalog import load_catalog
from nl2sql.db import demo_data
from nl2sql.db.loader import create_schema, load_rows
from nl2sql.settings import Settings


@dataclass(frozen=True)
class Tenant:
    id: uuid.UUID
    marker: str


def tenants(count: int) -> list[Tenant]:
    return [Tenant(uuid.UUID(f"{n:08x}-0000-4000-8000-{n:012x}"), f"U{n:02d}SECRET") for n in range(1, count + 1)]


def tenant_database(count: int, name: str = "nl2sql_bench_http") -> tuple[str, list[Tenant]]:
    dsn = fresh_database(name)
    people = tenants(count)
    rng = random.Random(demo_data.SEED)
    data, new_id, now = demo_data.DemoData(), demo_data._Ids(rng), datetime.now(UTC)
    for tenant in people:
        user = demo_data.DemoUser(tenant.id, f"Bench {tenant.marker[:3]}", f"{tenant.marker[:3].lower()}@bench.example")
        demo_data._user_rows(data, user, f" {tenant.marker}", rng, new_id, now)
    with psycopg.connect(dsn) as conn:
        create_schema(conn, load_catalog(Settings().schema_doc))
        load_rows(conn, data)
        conn.execute("ANALYZE")
    return dsn, people
