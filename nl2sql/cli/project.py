"""``demo`` and ``lint``: the embedded demo database and the schema document."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from ..output import to_json, to_table
from ._support import LINT_ERRORS_EXIT, echo_text, format_option, resolve_dsn, run_action, settings_from_env


@click.command("demo")
def demo_command() -> None:
    """Start (or reuse) the embedded demo database and show what to try."""
    def action() -> None:
        from ..client import Client  # imported when a command runs: --help stays fast
        from ..db.embedded import demo_users

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
    run_action("text", action)


@click.command("lint")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dsn", help="Also report drift between the document and this live database.")
@format_option("text", "json")
def lint_command(path: Path | None, dsn: str | None, fmt: str) -> None:
    """Check a schema document (default: the configured one) against its own DDL. Exit 6 if it has errors."""
    from ..catalog import load_catalog
    from ..db.introspect import read_live_schema
    from ..lint import has_errors, lint, load_corrections

    findings = []

    def action() -> None:
        settings = settings_from_env(os.environ)
        if path is not None:
            settings = replace(settings, schema_doc=path)
        catalog = load_catalog(settings.schema_doc, settings.cache_dir)
        live = read_live_schema(dsn) if dsn else None
        findings.extend(lint(catalog, live, load_corrections(settings.corrections_path, catalog)))
    run_action(fmt, action)
    if fmt == "json":
        click.echo(to_json({"findings": [finding.to_dict() for finding in findings]}))
    else:
        for finding in findings:
            echo_text(str(finding))
        counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
        click.echo(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s)")
    if has_errors(findings):
        sys.exit(LINT_ERRORS_EXIT)


