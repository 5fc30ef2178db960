"""The page in a real browser: Debian's chromium driven by Playwright (pytest-playwright's fixtures), against a
real ``nl2sql serve`` in demo mode (its embedded database, demo users, demo tokens) on a free 127.0.0.1 port.

Each state the tests reach is saved as a screenshot under ``test-artifacts/web/`` (or
``$NL2SQL_TEST_ARTIFACTS/web``): they are how a person sees the page."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, expect

from nl2sql.catalog import Catalog
from nl2sql.db.embedded import ensure_demo_database

from ..conftest import ROOT
from ..support.serve import environment, serving, stop_embedded

CHROMIUM = Path("/usr/bin/chromium")
#: Headless as root; without the background-networking flags Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps"]
ARTIFACTS = Path(os.environ.get("NL2SQL_TEST_ARTIFACTS") or ROOT / "test-artifacts") / "web"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail("The browser tests drive Debian's chromium: apt-get install -y chromium (.ci/run does).")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-US",
            "timezone_id": "UTC", "accept_downloads": True}


@dataclass(frozen=True)
class Demo:
    """``nl2sql serve`` in demo mode, and its database (read directly, as the oracle)."""

    base: str
    dsn: str
    home: Path

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.dsn) as conn:
            return conn.execute(sql.encode(), params).fetchall()


@pytest.fixture(scope="session")
def demo(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    home = tmp_path_factory.mktemp("web-home")
    logs = tmp_path_factory.mktemp("web-serve")
    # The test makes the embedded database first, to read it as the oracle; the server reuses it.
    dsn = ensure_demo_database(home / "pgdata", catalog)
    env = environment(NL2SQL_HOME=str(home), NL2SQL_RATE_PER_S="1000", NL2SQL_RATE_BURST="1000")
    try:
        with serving(env=env, logs=logs) as server:
            yield Demo(server.base, dsn, home)
    finally:
        stop_embedded(home / "pgdata")


@dataclass
class Watched:
    """What a page did that a person would not see: errors in its scripts, content-security-policy violations,
    and any request that left the server (the page must work with the network cut off)."""

    origin: str
    errors: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        # A refused request (401, 422, 429) is logged by the browser as "Failed to load resource": expected here.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def request(self, request: Request) -> None:
        if not (request.url.startswith(self.origin + "/") or request.url.startswith(("blob:", "data:"))):
            self.elsewhere.append(request.url)


@pytest.fixture
def watched(page: Page, demo: Demo) -> Iterator[Watched]:
    seen = Watched(demo.base)
    page.on("console", seen.console)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("request", seen.request)
    yield seen
    assert seen.errors == [], seen.errors
    assert seen.elsewhere == [], seen.elsewhere


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Page, demo: Demo, name: str) -> None:
    page.goto(demo.base + "/")
    page.get_by_role("button", name=name).click()
    expect(page.locator("#who-name")).to_have_text(name)


def ask(page: Page, question: str) -> None:
    page.get_by_role("tab", name="Question").click()
    page.get_by_label("Ask about your data in plain English").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()


def run_sql(page: Page, sql: str) -> None:
    page.get_by_role("tab", name="SQL").click()
    page.get_by_label(re.compile("PostgreSQL SELECT")).fill(sql)
    page.get_by_role("button", name="Run SQL").click()


def table(page: Page) -> tuple[list[str], list[list[str]]]:
    """The results table as a person reads it: header cells and the text of every row."""
    results = page.locator("#results")
    header = results.locator("thead th").all_inner_texts()
    rows = [row.locator("td").all_inner_texts() for row in results.locator("tbody tr").all()]
    return header, rows


def chart_marks(page: Page) -> int:
    """Pixels of the chart's colour (#2f6fdf) drawn on its canvas: bars or a line."""
    return int(page.locator("#chart").evaluate(
        """canvas => {
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let marks = 0;
            for (let i = 0; i < data.length; i += 4) {
                if (data[i] === 47 && data[i + 1] === 111 && data[i + 2] === 223 && data[i + 3] > 200) marks += 1;
            }
            return marks;
        }"""))


def user_id(name: str) -> uuid.UUID:
    from nl2sql.db import demo_data

    return next(user.id for user in demo_data.USERS if user.name == name)


__all__ = ["ARTIFACTS", "Demo", "Watched", "ask", "chart_marks", "run_sql", "screenshot", "sign_in", "table",
           "user_id"]
