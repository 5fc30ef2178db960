"""A test database holding the demo data of one user only (or everyone's, with others' text marked SECRET): the
oracle a user's answers from the shared database are checked against."""

from __future__ import annotations

import uuid
from datetime import datetime

import psycopg

from nl2sql.catalog import Catalog
from nl2sql.db import demo_data
from nl2sql.db.loader import create_schema, load_rows

from ..conftest import Databases


def demo_database(databases: Databases, catalog: Catalog, now: datetime, label: str,
                  owner: uuid.UUID | None = None) -> str:
    dsn = databases.create(label)
    with psycopg.connect(dsn) as conn:
        create_schema(conn, catalog)
        load_rows(conn, demo_data.generate(now, markers=True, only_owner=owner))
    return dsn
