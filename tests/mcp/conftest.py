"""The MCP server under test: the real server over the real test databases. Alice's and bob's answers from the
database holding everyone's rows are checked against databases holding only their own rows."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from mcp.types import CallToolResult

from nl2sql.assistant import Assistant
from nl2sql.catalog import Catalog
from nl2sql.client import Client
from nl2sql.db import demo_data
from nl2sql.settings import Settings

from ..conftest import ALICE, Databases, TenantDatabases

BOB = demo_data.USERS[1].id
#: Text of another user's row carries <NAME>SECRET in the shared database.
MARKER = re.compile(r"([A-Z]+)SECRET")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass(frozen=True)
class Oracle:
    """Each user's own database: what they must be answered."""

    dsns: dict[uuid.UUID, str]

    def sql(self, user: uuid.UUID, text: str) -> dict[str, Any]:
        from nl2sql.payloads import result_payload

        with Client(self.dsns[user], Settings()) as client:
            return result_payload(client.sql(text, user_id=user))

    def ask(self, user: uuid.UUID, question: str) -> dict[str, Any]:
        from nl2sql.payloads import answer_payload

        with Client(self.dsns[user], Settings()) as client:
            return answer_payload(Assistant(client).ask(question, user_id=user))


@pytest.fixture(scope="session")
def oracle(tenant_dbs: TenantDatabases, databases: Databases, catalog: Catalog, data_now: datetime) -> Oracle:
    bob_only = databases.demo("mcp_bob", catalog, data_now, BOB)
    return Oracle({ALICE: tenant_dbs.alice_only, BOB: bob_only})


@pytest.fixture(scope="session")
def shared_client(tenant_dbs: TenantDatabases) -> Iterator[Client]:
    with Client(tenant_dbs.full, Settings(), pooled=True) as client:
        yield client


@pytest.fixture(scope="session")
def assistant(shared_client: Client) -> Assistant:
    return Assistant(shared_client)


def structured(result: CallToolResult) -> dict[str, Any]:
    """The tool's structured content, checked to be the same JSON as its text content."""
    assert result.structured_content is not None, result
    assert json.loads(result.content[0].text) == result.structured_content  # type: ignore[union-attr]
    return result.structured_content


def markers(payload: dict[str, Any]) -> set[str]:
    return set(MARKER.findall(json.dumps(payload["rows"])))


__all__ = ["ALICE", "BOB", "Oracle", "markers", "structured"]
