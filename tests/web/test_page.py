"""The page as a person uses it, in a real browser against a real ``nl2sql serve`` (demo mode): sign in with a
demo user or a pasted token, ask, read the table and the chart, see refusals and no-answers as text, open the
plan. Each user's numbers are checked against the database read directly for that user's rows."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from ..support.serve import NL2SQL, environment
from .conftest import Demo, Watched, ask, chart_marks, run_sql, screenshot, sign_in, table, user_id

BY_STATUS = "SELECT status, count(*) FROM tasks WHERE user_id = %s GROUP BY status"


def counts_by_status(demo: Demo, name: str) -> dict[str, str]:
    return {status: str(count) for status, count in demo.query(BY_STATUS, user_id(name))}


@pytest.mark.parametrize("name", ["Alice Adams", "Bob Brown"])
def test_a_user_reads_their_own_numbers_and_a_bar_chart(page: Page, demo: Demo, watched: Watched,
                                                        name: str) -> None:
    sign_in(page, demo, name)
    ask(page, "Task count by status")
    expect(page.locator("#answer-title")).to_have_text("Task count by status")
    expect(page.locator("#source")).to_have_text("Verified question")
    expect(page.locator("#explanation")).not_to_be_empty()
    header, rows = table(page)
    assert header == ["status", "tasks"]
    assert dict((status, count) for status, count in rows) == counts_by_status(demo, name)
    # A category and a number: bars, drawn.
    expect(page.locator("#chart-box")).to_be_visible()
    expect(page.locator("#chart")).to_have_attribute("data-chart", "bar")
    assert chart_marks(page) > 500
    # Numbers right-aligned; the SQL that ran, readable, with the user's id as a parameter.
    assert page.locator("#results td.number").first.evaluate("cell => getComputedStyle(cell).textAlign") == "right"
    sql = page.locator("#sql-text").inner_text()
    assert sql.count("\n") >= 5 and '"user_id" = $1' in sql
    expect(page.locator("#sql-params")).to_contain_text(str(user_id(name)))
    screenshot(page, f"grouped-count-{name.split()[0].lower()}")


def test_alice_and_bob_get_different_answers(demo: Demo) -> None:
    """Their numbers differ in the demo data, so the test above tells them apart."""
    assert counts_by_status(demo, "Alice Adams") != counts_by_status(demo, "Bob Brown")


def test_a_plain_row_list_has_no_chart_and_readable_timestamps(page: Page, demo: Demo, watched: Watched) -> None:
    sign_in(page, demo, "Alice Adams")
    ask(page, "List my tasks")
    expect(page.locator("#answer-title")).to_have_text("List my tasks")
    expect(page.locator("#chart-box")).to_be_hidden()
    expect(page.locator("#figure")).to_be_hidden()
    header, rows = table(page)
    assert header == ["id", "status", "method", "prompt", "created_at"]
    (count,), = demo.query("SELECT count(*) FROM tasks WHERE user_id = %s", user_id("Alice Adams"))
    assert len(rows) == min(count, 100)
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC", row[4]) for row in rows), rows[:3]
    expect(page.locator("#row-note")).to_contain_text(f"{len(rows)} rows")
    screenshot(page, "row-list")


def test_one_number_is_a_big_figure_and_time_buckets_a_line(page: Page, demo: Demo, watched: Watched) -> None:
    sign_in(page, demo, "Bob Brown")
    ask(page, "Count my tasks")
    (count,), = demo.query("SELECT count(*) FROM tasks WHERE user_id = %s", user_id("Bob Brown"))
    expect(page.locator("#figure-value")).to_have_text(str(count))
    expect(page.locator("#chart-box")).to_be_hidden()
    screenshot(page, "big-figure")
    ask(page, "Daily task count")
    expect(page.locator("#chart")).to_have_attribute("data-chart", "line")
    assert chart_marks(page) > 200
    screenshot(page, "time-line")


def test_a_guard_refusal_says_why(page: Page, demo: Demo, watched: Watched) -> None:
    sign_in(page, demo, "Alice Adams")
    run_sql(page, "DELETE FROM tasks")
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("Refused by the guard")
    expect(problem).to_contain_text("Only read-only queries may run")
    expect(problem).to_contain_text("not_read_only")
    expect(page.locator("#answer")).to_be_hidden()
    screenshot(page, "guard-refusal")
    # Another user's rows stay out of reach even when asked for by name.
    run_sql(page, "SELECT display_name FROM users WHERE id <> $1")
    expect(page.locator("#row-note")).to_have_text("0 rows.")


def test_no_answer_lists_questions_it_can_answer(page: Page, demo: Demo, watched: Watched) -> None:
    sign_in(page, demo, "Alice Adams")
    ask(page, "what is the weather on mars")
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("No answer to that question")
    expect(problem).to_contain_text("no_confident_match")
    suggestions = problem.locator("button.chip")
    expect(suggestions.first).to_be_visible()
    assert suggestions.count() >= 3
    screenshot(page, "no-answer")
    picked = suggestions.first.inner_text()
    suggestions.first.click()
    expect(page.locator("#answer-title")).to_have_text(picked)
    expect(problem).to_be_hidden()


def test_the_plan_view(page: Page, demo: Demo, watched: Watched) -> None:
    sign_in(page, demo, "Alice Adams")
    ask(page, "Task count by status")
    expect(page.locator("#answer")).to_be_visible()
    page.get_by_role("button", name="Show the plan").click()
    plan = page.locator("#plan")
    expect(plan).to_be_visible()
    expect(plan.locator(".node-type").first).not_to_be_empty()
    expect(plan.locator(".node-type", has_text="on tasks").first).to_be_visible()
    expect(page.locator("#plan-note")).to_contain_text("shape only")
    expect(plan.locator("#findings li").first).to_be_visible()
    # A plan whose findings suggest indexes: each suggestion is SQL with a copy button.
    run_sql(page, "SELECT d.title, v.version_number FROM deliverables d JOIN deliverable_versions v "
                  "ON v.deliverable_id = d.id ORDER BY d.title")
    expect(page.locator("#answer-title")).to_have_text("Your query")
    expect(page.locator("#chart-box")).to_be_hidden()  # a text and a number, but titles repeat: a list, no chart
    page.get_by_role("button", name="Show the plan").click()
    suggestion = plan.locator(".suggestion").first
    expect(suggestion.locator("code")).to_have_text(re.compile(r"^CREATE INDEX ON public\.\w+ \(\w+\);$"))
    expect(plan.locator(".node-type", has_text="on deliverable_versions").first).to_be_visible()
    screenshot(page, "plan")
    suggestion.get_by_role("button", name="Copy SQL").click()
    expect(suggestion.get_by_role("button")).to_have_text("Copied")


def test_sign_in_with_a_pasted_token(page: Page, demo: Demo, watched: Watched) -> None:
    env = environment(NL2SQL_HOME=str(demo.home))
    bob = user_id("Bob Brown")
    minted = subprocess.run([*NL2SQL.split(), "token", "--user-id", str(bob)], capture_output=True, text=True,
                            timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert minted.returncode == 0, minted.stderr
    page.goto(demo.base + "/")
    page.get_by_label(re.compile("Access token")).fill("not.a.token")
    page.get_by_role("button", name="Sign in with this token").click()
    expect(page.locator("#sign-in-notice")).to_contain_text("That token was refused")
    page.get_by_label(re.compile("Access token")).fill(minted.stdout.strip())
    page.get_by_role("button", name="Sign in with this token").click()
    expect(page.locator("#who-name")).to_have_text(f"user {bob}")
    run_sql(page, "SELECT display_name FROM users")
    expect(page.locator("#results tbody")).to_have_text("Bob Brown")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_keyboard_only(page: Page, demo: Demo, watched: Watched) -> None:
    page.goto(demo.base + "/")
    page.get_by_role("button", name="Carol Chen").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#question")).to_be_focused()  # signed in, the question box is ready
    page.keyboard.type("Task count by status")
    page.keyboard.press("Enter")
    expect(page.locator("#answer-title")).to_have_text("Task count by status")
    page.get_by_role("tab", name="Question").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="SQL")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile("PostgreSQL SELECT"))).to_be_focused()
    page.keyboard.type("SELECT count(*) AS n FROM tasks")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#answer-title")).to_have_text("Your query")


def test_csv_download(page: Page, demo: Demo, watched: Watched) -> None:
    sign_in(page, demo, "Alice Adams")
    ask(page, "Task count by status")
    expect(page.locator("#answer")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()  # noqa: SIM115
    assert lines[0] == "status,tasks"
    assert dict(line.split(",") for line in lines[1:]) == counts_by_status(demo, "Alice Adams")


def test_a_rate_limit_says_when_to_retry(page: Page, demo: Demo, watched: Watched) -> None:
    """The server's 429 (tested against the service itself) as the page shows it."""
    sign_in(page, demo, "Alice Adams")
    page.route("**/v1/ask", lambda route: route.fulfill(
        status=429, headers={"Retry-After": "7", "content-type": "application/json"},
        body='{"error": {"code": "rate_limited", "message": "Too many requests; this user may make 20 per second."}}'))
    ask(page, "Task count by status")
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("Rate limit reached")
    expect(problem).to_contain_text("Try again in 7 seconds")
    screenshot(page, "rate-limited")


def test_the_page_is_served_with_a_strict_content_security_policy(page: Page, demo: Demo) -> None:
    response = page.goto(demo.base + "/")
    assert response is not None and response.status == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    screenshot(page, "sign-in")


pytestmark = [pytest.mark.db, pytest.mark.browser]
