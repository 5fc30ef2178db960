"""The CLI contract scripts rely on, through the installed ``nl2sql`` entry point (a real subprocess)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ALICE, TenantDatabases

NL2SQL = shutil.which("nl2sql") or f"{sys.executable} -m nl2sql.cli"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [*NL2SQL.split(), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def test_sql_json_contract(tenant_dbs: TenantDatabases) -> None:
    done = run("sql", "SELECT id, status, llm_metadata, created_at, progress FROM tasks ORDER BY created_at",
               "--user-id", str(ALICE), "--dsn", tenant_dbs.full, "--format", "json", "--max-rows", "3")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert set(payload) == {"sql", "params", "columns", "rows", "row_count", "truncated"}
    assert payload["params"] == [str(ALICE)] and payload["row_count"] == 3 and payload["truncated"] is True
    assert payload["columns"] == ["id", "status", "llm_metadata", "created_at", "progress"]
    row = payload["rows"][0]
    assert isinstance(row[2], dict) and "total_tokens" in row[2]  # JSON column as JSON
    assert "T" in row[3] and isinstance(row[4], int)  # ISO 8601 timestamp, number as number


def test_dsn_from_environment(tenant_dbs: TenantDatabases) -> None:
    done = run("sql", "SELECT count(*) AS n FROM users", "--user-id", str(ALICE), "--format", "json",
               env={"NL2SQL_DATABASE_URL": tenant_dbs.full})
    assert json.loads(done.stdout)["rows"] == [[1]]


@pytest.mark.parametrize(("args", "code", "status"), [
    (("sql", "DELETE FROM tasks", "--user-id", str(ALICE)), "not_read_only", 3),
    (("sql", "SELECT 1; SELECT 2", "--user-id", str(ALICE)), "multiple_statements", 3),
    (("sql", "SELECT * FROM pg_user", "--user-id", str(ALICE)), "system_catalog", 3),
    (("sql", "SELECT 1", "--user-id", "alice' OR 1=1 --"), "invalid_user_id", 2),
    (("sql", "SELECT 1", "--user-id", str(ALICE), "--max-rows", "0"), "invalid_max_rows", 2),
    (("sql", "SELECT count(*) FROM users", "--user-id", str(ALICE), "--scope", "all"), "scope_forbidden", 9),
    (("sql", "SELECT 1"), "usage", 2),
    (("sql", "SELECT 1 / 0", "--user-id", str(ALICE)), "invalid_sql", 4),
])
def test_failures_are_json_with_a_stable_code(args: tuple[str, ...], code: str, status: int,
                                              tenant_dbs: TenantDatabases) -> None:
    done = run(*args, "--dsn", tenant_dbs.full, "--format", "json")
    assert done.returncode == status, done.stderr
    assert json.loads(done.stdout)["error"]["code"] == code


def test_table_and_csv_formats(tenant_dbs: TenantDatabases) -> None:
    table = run("sql", "SELECT status, count(*) AS n FROM tasks GROUP BY status ORDER BY status", "--user-id",
                str(ALICE), "--dsn", tenant_dbs.full)
    assert table.returncode == 0 and "status" in table.stdout and "rows)" in table.stdout
    as_csv = run("sql", "SELECT status, count(*) AS n FROM tasks GROUP BY status ORDER BY status", "--user-id",
                 str(ALICE), "--dsn", tenant_dbs.full, "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["status", "n"] and len(rows) > 2


def test_check_prints_the_guarded_sql_without_a_database() -> None:
    done = run("check", "SELECT count(*) FROM tasks", "--user-id", str(ALICE), "--format", "json",
               env={"NL2SQL_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert '"user_id" = $1' in payload["sql"] and payload["params"] == [str(ALICE)]
    assert str(ALICE) not in payload["sql"]  # the id is bound, never pasted into the SQL


def test_errors_go_to_stderr_in_text_mode(tenant_dbs: TenantDatabases) -> None:
    done = run("sql", "SELECT priority FROM tasks", "--user-id", str(ALICE), "--dsn", tenant_dbs.full)
    assert done.returncode == 3 and done.stdout == ""
    assert "unknown_column" in done.stderr and "priority" in done.stderr


def test_terminal_output_never_carries_control_characters(tenant_dbs: TenantDatabases) -> None:
    """A cell, a column name or an error message can hold escape sequences (set the terminal title, clear the
    screen) or a carriage return that hides text: table output shows them escaped."""
    sql = ("SELECT E'\\x1b]0;owned\\x07\\x1b[2J' AS \"a\x1bb\", E'hidden\\rshown' AS c, "
           "'{\"k\": \"nul\\u0000\"}'::json AS j FROM users")
    done = run("sql", sql, "--user-id", str(ALICE), "--dsn", tenant_dbs.full)
    assert done.returncode == 0, done.stderr
    assert not any(ch in done.stdout for ch in ("\x1b", "\r", "\x07", "\x00"))
    assert "\\x1b]0;owned\\x07\\x1b[2J" in done.stdout and "hidden\\rshown" in done.stdout and "a\\x1bb" in done.stdout
    refused = run("sql", "SELECT \x1b[2J FROM tasks", "--user-id", str(ALICE), "--dsn", tenant_dbs.full)
    assert refused.returncode == 3 and "\x1b" not in refused.stderr and "\\x1b" in refused.stderr


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(tenant_dbs: TenantDatabases) -> None:
    sql = ("SELECT '=HYPERLINK(\"http://x\",\"y\")' AS a, '@SUM(1)' AS b, '+1' AS c, -5 AS n, "
           "'{\"k\": \"a\\u0000b\"}'::json AS j, '=x' AS \"=col\" FROM users")
    done = run("sql", sql, "--user-id", str(ALICE), "--dsn", tenant_dbs.full, "--format", "csv")
    assert done.returncode == 0, done.stderr
    header, row = list(csv.reader(io.StringIO(done.stdout)))
    assert header[-1] == "'=col"
    assert row[:4] == ["'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(1)", "'+1", "-5"]  # numbers stay numbers
    assert "\x00" not in done.stdout and "\\u0000" in row[4]


@pytest.mark.parametrize("command", ["sql", "ask", "check"])
def test_text_that_is_not_utf8_is_bad_input(command: str, tenant_dbs: TenantDatabases) -> None:
    # An argument with invalid bytes reaches Python as lone surrogates; it must be refused, not crash.
    args = [*NL2SQL.split(), command, "SELECT 1 \udcff", "--user-id", str(ALICE), "--format", "json"]
    if command != "check":
        args += ["--dsn", tenant_dbs.full]
    done = subprocess.run([os.fsencode(a) for a in args], capture_output=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stderr
    assert json.loads(done.stdout)["error"]["code"] == "invalid_text"


@pytest.mark.parametrize("sql", ["SELECT " + "(" * 5000 + "1" + ")" * 5000, "SELECT " + "NOT " * 5000 + "true",
                                 "SELECT " + "+".join(["1"] * 20_000)])
def test_deep_nesting_is_a_typed_refusal_not_a_crash(sql: str, tenant_dbs: TenantDatabases) -> None:
    done = run("sql", sql, "--user-id", str(ALICE), "--dsn", tenant_dbs.full, "--format", "json")
    payload = json.loads(done.stdout)
    if done.returncode == 0:  # parentheses alone add no depth to PostgreSQL's tree: a plain answer is fine
        assert payload["rows"] == [[1]]
        return
    assert done.returncode in (3, 4), done.stderr
    assert payload["error"]["code"] in ("too_deeply_nested", "syntax_error", "statement_too_complex")


#: Libraries a one-shot command loads only when it uses them: the LLM client and its prompts, the pool, the
#: service, and sqlglot (lint, the catalog's first parse, EXPLAIN's plan conditions).
_ON_DEMAND = ("sqlglot", "jinja2", "openai", "psycopg_pool", "fastapi", "mcp", "httpx")


@pytest.mark.parametrize(("args", "answered"), [
    (("sql", "SELECT count(*) FROM tasks"), ""),
    (("ask", "how many tasks do I have"), "[verified]"),
    (("ask", "average cost per model this month"), "[composed]"),
], ids=["sql", "ask-verified", "ask-composed"])
def test_a_one_shot_command_imports_only_what_it_uses(args: tuple[str, ...], answered: str,
                                                      tenant_dbs: TenantDatabases) -> None:
    """Start-up is mostly imports (bench/startup_bench.py): ``sql`` and an offline ``ask``, verified or
    composed, never load what they do not use."""
    script = ("import atexit, sys\n"
              f"atexit.register(lambda: print('loaded:', sorted({{m.split('.')[0] for m in sys.modules}} & "
              f"{set(_ON_DEMAND)!r}), file=sys.stderr))\n"
              "from nl2sql.cli import main\n"
              "main(sys.argv[1:])\n")
    done = subprocess.run([sys.executable, "-c", script, *args, "--user-id", str(ALICE), "--dsn", tenant_dbs.full],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          env={**os.environ, "OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""})
    assert done.returncode == 0, done.stderr
    assert answered in done.stdout
    assert "loaded: []" in done.stderr.splitlines()
