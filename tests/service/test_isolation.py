"""Two users' requests interleaved many times through one server: every answer equals what that user gets from
a database holding only their own rows, and carries no other user's SECRET marker."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from nl2sql.service.app import create_app
from nl2sql.settings import Settings

from .conftest import ALICE, BOB, QUERIES, Expected, TwoUsers, bearer, hs256, request_body, service_config


@pytest.fixture(scope="module")
def shared_server(two_users: TwoUsers) -> Iterator[TestClient]:
    app = create_app(two_users.full, replace(Settings(), pool_max_size=4), service_config(None, None))
    with TestClient(app) as http:
        yield http


def test_interleaved_users_each_see_exactly_their_own_rows(shared_server: TestClient, expected: Expected) -> None:
    tokens = {ALICE: bearer(hs256(ALICE)), BOB: bearer(hs256(BOB))}
    # alice, bob, alice, bob, ...: requests next to each other in time are always different users'
    plan = [((ALICE, BOB)[n % 2], (n // 2) % len(QUERIES)) for n in range(400)]

    def call(job: tuple[uuid.UUID, int]) -> tuple[uuid.UUID, int, int, dict[str, Any]]:
        user, index = job
        path, body = request_body(index)
        response = shared_server.post(path, json=body, headers=tokens[user])
        return user, index, response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(call, plan))
    assert len(outcomes) == 400
    for user, index, status, payload in outcomes:
        assert status == 200, payload
        expected.check(user, index, payload)
    # the check can fail: the two users' answers really differ
    assert all(expected.answers[ALICE, i]["rows"] != expected.answers[BOB, i]["rows"] for i in range(len(QUERIES)))
