"""``nl2sql``: a thin click adapter over the library. It reads flags and the environment, builds Settings,
calls the library, prints, and turns errors into exit statuses. No logic lives here.

Exit statuses: 0 success, 1 unexpected failure, 2 bad input (usage, user id, --max-rows, scope),
3 the guard refused the SQL, 4 the database failed or refused, 5 configuration (schema document, policy,
embedded database).
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import click

from .client import Client
from .db.executor import Result
from .errors import (
    ConfigurationError,
    ExecutionError,
    GuardError,
    InputError,
    LlmUnavailable,
    Nl2SqlError,
    NoAnswer,
    error,
)
from .guard import GuardedQuery
from .output import json_value, to_csv, to_json, to_table
from .settings import Settings

EXIT_CODES: tuple[tuple[type[Nl2SqlError], int], ...] = (
    (InputError, 2), (GuardError, 3), (ExecutionError, 4), (ConfigurationError, 5), (NoAnswer, 7),
    (LlmUnavailable, 8),
)
#: ``nl2sql lint`` found errors in the document (it ran fine; the document is wrong).
LINT_ERRORS_EXIT = 6
USER_ID_HELP = "The asking user's id (a UUID). Every table is limited to this user's rows."


# Environment variable -> (setting, parser). The adapter reads the environment; the library never does.
_ENVIRONMENT: dict[str, tuple[str, Callable[[str], Any]]] = {
    "NL2SQL_SCHEMA_DOC": ("schema_doc", Path),
    "NL2SQL_STATEMENT_TIMEOUT_MS": ("statement_timeout_ms", int),
    "OPENAI_API_KEY": ("llm_api_key", str),
    "OPENAI_BASE_URL": ("llm_base_url", str),
    "NL2SQL_MODEL": ("llm_model", str),
    "NL2SQL_LLM_TIMEOUT_S": ("llm_timeout_s", float),
    "NL2SQL_LLM_RETRIES": ("llm_max_retries", int),
    "NL2SQL_REPAIR_ATTEMPTS": ("repair_attempts", int),
    "NL2SQL_MAX_QUERY_COST": ("max_query_cost", lambda v: None if v.lower() in ("", "none", "off") else float(v)),
    "NL2SQL_COST_GATE_SQL": ("cost_gate_sql", lambda v: v.lower() in ("1", "true", "yes", "on")),
    "NL2SQL_COST_GATE_LLM": ("cost_gate_llm", lambda v: v.lower() in ("1", "true", "yes", "on")),
    "NL2SQL_LEARNED_PATH": ("learned_questions", Path),
}


def settings_from_env(environ: dict[str, str] | os._Environ[str]) -> Settings:
    values: dict[str, Any] = {}
    for variable, (name, parse) in _ENVIRONMENT.items():
        if environ.get(variable):
            try:
                values[name] = parse(environ[variable])
            except ValueError as exc:
                raise error("usage", f"{variable}={environ[variable]!r} is not valid: {exc}") from exc
    return replace(Settings(), **values)


def embedded_data_dir(environ: dict[str, str] | os._Environ[str]) -> Path:
    if environ.get("NL2SQL_HOME"):
        return Path(environ["NL2SQL_HOME"]) / "pgdata"
    base = Path(environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "nl2sql" / "pgdata"


def resolve_dsn(dsn: str | None, settings: Settings) -> str:
    """--dsn, else NL2SQL_DATABASE_URL, else the embedded demo database (started on demand)."""
    if dsn:
        return dsn
    if os.environ.get("NL2SQL_DATABASE_URL"):
        return os.environ["NL2SQL_DATABASE_URL"]
    from .catalog import load_catalog
    from .db.embedded import ensure_demo_database

    return ensure_demo_database(embedded_data_dir(os.environ), load_catalog(settings.schema_doc))


class _Failure(Exception):
    """Carries a library error to ``main`` with the output format the command asked for."""

    def __init__(self, error: Nl2SqlError, fmt: str) -> None:
        self.error, self.fmt = error, fmt


def _run(fmt: str, action: Callable[[], None]) -> None:
    try:
        action()
    except Nl2SqlError as exc:
        raise _Failure(exc, fmt) from exc


def _fail(failure: _Failure) -> NoReturn:
    exc = failure.error
    if failure.fmt == "json":
        click.echo(to_json({"error": exc.to_dict()}))
    else:
        click.echo(f"error [{exc.code}]: {exc.message}", err=True)
    sys.exit(next((code for cls, code in EXIT_CODES if isinstance(exc, cls)), 1))


def _query_payload(query: GuardedQuery) -> dict[str, Any]:
    return {"sql": query.sql, "params": query.params, "tables": list(query.tables), "max_rows": query.max_rows,
            "scope": query.scope}


def _print_result(result: Result, fmt: str, extra: dict[str, Any] | None = None) -> None:
    if fmt == "json":
        click.echo(to_json({**(extra or {}), "sql": result.sql, "params": result.params, "columns": result.columns,
                            "rows": [[json_value(v) for v in row] for row in result.rows],
                            "row_count": result.row_count, "truncated": result.truncated}))
    elif fmt == "csv":
        click.echo(to_csv(result.columns, result.rows), nl=False)
    else:
        click.echo(to_table(result.columns, result.rows))
        note = f"({result.row_count} row{'s' if result.row_count != 1 else ''}"
        if result.truncated_by == "max_rows":
            note += f"; more rows exist, raise --max-rows to see them (hard cap {Settings().hard_max_rows})"
        elif result.truncated_by == "max_result_bytes":
            note += "; cut at the result size limit"
        click.echo(note + ")")


@click.group()
@click.version_option(package_name="nl2sql")
def cli() -> None:
    """Answer questions about your PostgreSQL data with SQL that is provably safe to run for one user."""


@cli.command("sql")
@click.argument("query")
@click.option("--user-id", required=True, help=USER_ID_HELP)
@click.option("--dsn", help="PostgreSQL connection string. Default: $NL2SQL_DATABASE_URL, else the embedded demo.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--max-rows", type=int, help="Rows to return (default 100; larger requests are lowered to 10,000).")
@click.option("--scope", type=click.Choice(["user", "all"]), default="user", show_default=True,
              help="'all' is an unscoped report, allowed only to users whose roles include admin.")
def sql_command(query: str, user_id: str, dsn: str | None, fmt: str, max_rows: int | None, scope: str) -> None:
    """Guard QUERY for the user, run it read-only, print the rows."""
    def action() -> None:
        settings = settings_from_env(os.environ)
        with Client(resolve_dsn(dsn, settings), settings) as client:
            result = client.sql(query, user_id=user_id, max_rows=max_rows, scope=scope)  # type: ignore[arg-type]
        _print_result(result, fmt)
    _run(fmt, action)


@cli.command("check")
@click.argument("query")
@click.option("--user-id", required=True, help=USER_ID_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--max-rows", type=int, help="Rows the query may return (default 100, hard cap 10,000).")
@click.option("--scope", type=click.Choice(["user", "all"]), default="user", show_default=True)
@click.option("--dsn", help="Only needed with --scope all, to read the admin role.")
def check_command(query: str, user_id: str, fmt: str, max_rows: int | None, scope: str, dsn: str | None) -> None:
    """Print the guarded SQL and its parameters without running it."""
    def action() -> None:
        settings = settings_from_env(os.environ)
        database = resolve_dsn(dsn, settings) if scope == "all" else None
        with Client(database, settings) as client:
            guarded = client.check(query, user_id=user_id, max_rows=max_rows, scope=scope)  # type: ignore[arg-type]
        payload = _query_payload(guarded)
        if fmt == "json":
            click.echo(to_json(payload))
        else:
            click.echo(guarded.sql)
            click.echo(f"-- $1 = {guarded.params[0]} (the asking user's id, bound as a parameter)")
            click.echo(f"-- tables: {', '.join(guarded.tables) or 'none'}; at most {guarded.max_rows} rows; "
                       f"scope: {guarded.scope}")
    _run(fmt, action)


@cli.command("demo")
def demo_command() -> None:
    """Start (or reuse) the embedded demo database and show what to try."""
    def action() -> None:
        from .db.embedded import demo_users

        settings = settings_from_env(os.environ)
        dsn = resolve_dsn(None, settings)
        click.echo(f"Demo database ready: {dsn}\n")
        click.echo("Demo users:")
        for user in demo_users():
            click.echo(f"  {user['id']}  {user['name']:<13} roles={','.join(user['roles'])} status={user['status']}")
        alice = demo_users()[0]["id"]
        admin = next(u["id"] for u in demo_users() if "admin" in u["roles"])
        with Client(dsn, settings) as client:
            result = client.sql("SELECT status, count(*) AS tasks FROM tasks GROUP BY status ORDER BY tasks DESC",
                                user_id=alice)
        click.echo(f"\nAlice's tasks by status (nl2sql sql ... --user-id {alice}):")
        click.echo(to_table(result.columns, result.rows))
        click.echo("\nTry:")
        click.echo(f'  nl2sql sql "SELECT status, count(*) FROM tasks GROUP BY status" --user-id {alice}')
        click.echo(f'  nl2sql sql "SELECT * FROM tasks ORDER BY created_at DESC" --user-id {alice} --max-rows 5 '
                   "--format json")
        click.echo(f'  nl2sql check "SELECT p.name, count(s.id) FROM projects p LEFT JOIN project_steps s '
                   f'ON s.project_id = p.id GROUP BY p.name" --user-id {alice}')
        click.echo(f'  nl2sql sql "SELECT count(*) FROM users" --user-id {admin} --scope all')
        click.echo(f'  nl2sql ask "how many of my tasks failed this week?" --user-id {alice}')
        click.echo(f'  nl2sql ask "tokens per model in the last 30 days" --user-id {alice} --format json')
        click.echo(f'  nl2sql explain "show my 5 latest deliverables" --user-id {alice} --analyze')
        click.echo("  nl2sql lint                                   # what the schema document gets wrong")
        click.echo(f'  nl2sql sql "DELETE FROM tasks" --user-id {alice}        # refused: not_read_only')
    _run("text", action)


@cli.command("ask")
@click.argument("question")
@click.option("--user-id", required=True, help=USER_ID_HELP)
@click.option("--dsn", help="PostgreSQL connection string. Default: $NL2SQL_DATABASE_URL, else the embedded demo.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--max-rows", type=int, help="Rows to return (default 100; larger requests are lowered to 10,000).")
def ask_command(question: str, user_id: str, dsn: str | None, fmt: str, max_rows: int | None) -> None:
    """Answer QUESTION for the user: a verified question, else (with an LLM configured) a checked draft."""
    def action() -> None:
        from .assistant import Assistant

        settings = settings_from_env(os.environ)
        with Client(resolve_dsn(dsn, settings), settings) as client:
            answer = Assistant(client).ask(question, user_id=user_id, max_rows=max_rows)
        extra = {"question": answer.question, "source": answer.source, "explanation": answer.explanation}
        if fmt == "table":
            click.echo(f"-- {answer.explanation} [{answer.source}]")
        _print_result(answer.result, fmt, extra)
    _run(fmt, action)


@cli.command("learn")
@click.argument("question")
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def learn_command(question: str, query: str, fmt: str) -> None:
    """Teach the verified library that QUESTION is answered by QUERY (guarded first; kept in the learned file)."""
    def action() -> None:
        from .verified.learn import learn

        settings = settings_from_env(os.environ)
        with Client(None, settings) as client:
            pair_id = learn(client, question, query)
        if fmt == "json":
            click.echo(to_json({"learned": pair_id, "question": question, "path": str(settings.learned_path)}))
        else:
            click.echo(f"Learned {pair_id}: {question!r} -> {settings.learned_path}")
    _run(fmt, action)


@cli.command("eval")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--user-id", required=True, help=USER_ID_HELP)
@click.option("--dsn", help="PostgreSQL connection string. Default: $NL2SQL_DATABASE_URL, else the embedded demo.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def eval_command(file: Path, user_id: str, dsn: str | None, fmt: str) -> None:
    """Execution accuracy on FILE (JSONL: question, gold_sql, order_matters): gold vs answer rows, as the user."""
    def action() -> None:
        from .assistant import Assistant
        from .evaluation import evaluate, load_eval_file

        settings = settings_from_env(os.environ)
        cases = load_eval_file(file)
        with Client(resolve_dsn(dsn, settings), settings, pooled=True) as client:
            assistant = Assistant(client)
            cap = settings.hard_max_rows
            report = evaluate(cases, lambda sql: client.sql(sql, user_id=user_id, max_rows=cap),
                              lambda q: assistant.ask(q, user_id=user_id, max_rows=cap))
        if fmt == "json":
            click.echo(to_json(report.as_dict()))
            return
        for outcome in report.outcomes:
            source = f" [{outcome.source}]" if outcome.source else ""
            detail = f" ({outcome.detail})" if outcome.detail else ""
            click.echo(f"{outcome.outcome:<9} {outcome.id:<8} {outcome.question}{source}{detail}")
        counts = report.counts()
        click.echo(f"\n{counts['correct']}/{len(report.outcomes)} correct, {counts['wrong']} wrong, "
                   f"{counts['abstained']} abstained, {counts['error']} gold errors")
    _run(fmt, action)


@cli.command("explain")
@click.argument("query")
@click.option("--user-id", required=True, help=USER_ID_HELP)
@click.option("--dsn", help="PostgreSQL connection string. Default: $NL2SQL_DATABASE_URL, else the embedded demo.")
@click.option("--analyze", is_flag=True, help="Run it (read-only, rolled back, same timeouts) for actual rows and "
                                              "times.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain_command(query: str, user_id: str, dsn: str | None, analyze: bool, fmt: str) -> None:
    """Audit the plan of QUERY (SQL, or a question, which is drafted first) as the user would run it."""
    def action() -> None:
        from .explain import audit

        settings = settings_from_env(os.environ)
        with Client(resolve_dsn(dsn, settings), settings) as client:
            sql = query
            if not looks_like_sql(query):
                from .assistant import Assistant

                sql = Assistant(client).plan(query, user_id=user_id).sql
            report = audit(client, sql, user_id=user_id, analyze=analyze)
        click.echo(to_json(report.to_dict()) if fmt == "json" else report.text())
    _run(fmt, action)


_SQL_STARTS = frozenset("select with values table insert update delete merge drop create alter truncate grant "
                        "revoke copy call do".split())


def looks_like_sql(text: str) -> bool:
    """SQL starts with a statement keyword (or a parenthesis); anything else is a question, drafted first.
    A write statement counts as SQL, so the guard refuses it with its own code."""
    first = text.lstrip().split(None, 1)[0].lower() if text.strip() else ""
    return first.startswith("(") or first in _SQL_STARTS


@cli.command("lint")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dsn", help="Also report drift between the document and this live database.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def lint_command(path: Path | None, dsn: str | None, fmt: str) -> None:
    """Check a schema document (default: the configured one) against its own DDL. Exit 6 if it has errors."""
    from .catalog import load_catalog
    from .db.introspect import read_live_schema
    from .lint import has_errors, lint, load_corrections

    findings = []

    def action() -> None:
        settings = settings_from_env(os.environ)
        if path is not None:
            settings = replace(settings, schema_doc=path)
        catalog = load_catalog(settings.schema_doc)
        live = read_live_schema(dsn) if dsn else None
        findings.extend(lint(catalog, live, load_corrections(settings.corrections_path, catalog)))
    _run(fmt, action)
    if fmt == "json":
        click.echo(to_json({"findings": [finding.to_dict() for finding in findings]}))
    else:
        for finding in findings:
            click.echo(str(finding))
        counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
        click.echo(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s)")
    if has_errors(findings):
        sys.exit(LINT_ERRORS_EXIT)


def main(argv: list[str] | None = None) -> None:
    # sqlglot warns on stderr when it falls back to a generic command; the guard refuses those anyway.
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=args, prog_name="nl2sql", standalone_mode=False)
    except _Failure as failure:
        _fail(failure)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        if _wants_json(args):
            click.echo(to_json({"error": {"code": "usage", "message": exc.format_message()}}))
        else:
            exc.show()
        sys.exit(2)
    except click.Abort:
        sys.exit(1)
    except Exception as exc:  # a bug: still honour the contract (JSON on stdout, non-zero exit)
        if _wants_json(args):
            click.echo(to_json({"error": {"code": "internal_error", "message": f"{type(exc).__name__}: {exc}"}}))
        traceback.print_exc()
        sys.exit(1)


def _wants_json(args: list[str]) -> bool:
    return "--format=json" in args or any(pair == ("--format", "json") for pair in itertools.pairwise(args))


if __name__ == "__main__":
    main()
