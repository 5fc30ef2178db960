"""``sql``, ``check`` and ``explain``: SQL a person wrote (or a question, for explain), guarded."""

from __future__ import annotations

import os

import click

from ..output import to_json
from ..payloads import query_payload
from ._support import (
    MAX_ROWS_HELP,
    dsn_option,
    echo_text,
    format_option,
    print_result,
    resolve_dsn,
    run_action,
    settings_from_env,
    user_id_option,
)


@click.command("sql")
@click.argument("query")
@user_id_option
@dsn_option
@format_option("table", "json", "csv")
@click.option("--max-rows", type=int, help=MAX_ROWS_HELP)
@click.option("--scope", type=click.Choice(["user", "all"]), default="user", show_default=True,
              help="'all' is an unscoped report, allowed only to users whose roles include admin.")
def sql_command(query: str, user_id: str, dsn: str | None, fmt: str, max_rows: int | None, scope: str) -> None:
    """Guard QUERY for the user, run it read-only, print the rows."""
    def action() -> None:
        from ..client import Client  # imported when a command runs: --help stays fast
        settings = settings_from_env(os.environ)
        with Client(resolve_dsn(dsn, settings), settings) as client:
            result = client.sql(query, user_id=user_id, max_rows=max_rows, scope=scope)  # type: ignore[arg-type]
        print_result(result, fmt)
    run_action(fmt, action)


@click.command("check")
@click.argument("query")
@user_id_option
@format_option("text", "json")
@click.option("--max-rows", type=int, help="Rows the query may return (default 100, hard cap 10,000).")
@click.option("--scope", type=click.Choice(["user", "all"]), default="user", show_default=True)
@click.option("--dsn", help="Only needed with --scope all, to read the admin role.")
def check_command(query: str, user_id: str, fmt: str, max_rows: int | None, scope: str, dsn: str | None) -> None:
    """Print the guarded SQL and its parameters without running it."""
    def action() -> None:
        from ..client import Client  # imported when a command runs: --help stays fast
        settings = settings_from_env(os.environ)
        database = resolve_dsn(dsn, settings) if scope == "all" else None
        with Client(database, settings) as client:
            guarded = client.check(query, user_id=user_id, max_rows=max_rows, scope=scope)  # type: ignore[arg-type]
        payload = query_payload(guarded)
        if fmt == "json":
            click.echo(to_json(payload))
        else:
            echo_text(guarded.sql)
            click.echo(f"-- $1 = {guarded.params[0]} (the asking user's id, bound as a parameter)")
            click.echo(f"-- tables: {', '.join(guarded.tables) or 'none'}; at most {guarded.max_rows} rows; "
                       f"scope: {guarded.scope}")
    run_action(fmt, action)


@click.command("explain")
@click.argument("query")
@user_id_option
@dsn_option
@click.option("--analyze", is_flag=True, help="Run it (read-only, rolled back, same timeouts) for actual rows and "
                                              "times.")
@format_option("text", "json")
def explain_command(query: str, user_id: str, dsn: str | None, analyze: bool, fmt: str) -> None:
    """Audit the plan of QUERY (SQL, or a question, which is drafted first) as the user would run it."""
    def action() -> None:
        from ..client import Client  # imported when a command runs: --help stays fast
        from ..explain import audit
        from ..explain.target import looks_like_sql

        settings = settings_from_env(os.environ)
        with Client(resolve_dsn(dsn, settings), settings) as client:
            sql = query
            if not looks_like_sql(query):
                from ..assistant import Assistant

                sql = Assistant(client).plan(query, user_id=user_id).sql
            report = audit(client, sql, user_id=user_id, analyze=analyze)
        click.echo(to_json(report.to_dict()) if fmt == "json" else report.text())
    run_action(fmt, action)
