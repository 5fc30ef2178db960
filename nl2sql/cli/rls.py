"""``rls``: print, apply or check the row-level security the tenancy policy implies."""

from __future__ import annotations

import os
import sys

import click

from ..output import to_json
from ._support import LINT_ERRORS_EXIT, echo_text, format_option, resolve_dsn, run_action, settings_from_env


@click.command("rls")
@click.option("--dsn", help="The database (default: $NL2SQL_DATABASE_URL, else the embedded demo).")
@click.option("--apply", "apply_it", is_flag=True, help="Apply the migration, in one transaction.")
@click.option("--check", "check_it", is_flag=True, help="Check the database's policies against the tenancy "
                                                         "policy; exit 6 when they are missing or weaker.")
@click.option("--target", type=click.Choice(["auto", "supabase", "postgres"]), default="auto", show_default=True,
              help="Supabase uses its auth.uid() and the authenticated role.")
@click.option("--reader-role", help="The role queries run as (default: authenticated on Supabase, else "
                                    "nl2sql_reader).")
@click.option("--grant-to", help="The login role that may switch to the reader role (default: the current user).")
@format_option("text", "json")
def rls_command(dsn: str | None, apply_it: bool, check_it: bool, target: str, reader_role: str | None,
                grant_to: str | None, fmt: str) -> None:
    """Row-level security from the tenancy policy: print the migration (default), --apply it, or --check."""
    findings = []

    def action() -> None:
        from ..catalog import load_catalog
        from ..policy import load_policy
        from ..rls import RlsTarget, apply, check, detect_target, migration

        settings = settings_from_env(os.environ)
        catalog = load_catalog(settings.schema_doc, settings.cache_dir)
        policy = load_policy(settings.policy_path, catalog)
        database = resolve_dsn(dsn, settings) if (dsn or apply_it or check_it or target == "auto") else None
        if target == "auto" and database:
            chosen = detect_target(database, reader_role, grant_to)
        elif target == "supabase":
            chosen = RlsTarget("supabase", reader_role or "authenticated", grant_to)
        else:
            chosen = RlsTarget("postgres", reader_role or "nl2sql_reader", grant_to)
        if check_it:
            assert database is not None
            findings.extend(check(database, policy, chosen))
            if fmt == "json":
                click.echo(to_json({"findings": [f.to_dict() for f in findings]}))
            else:
                for finding in findings:
                    echo_text(str(finding))
                click.echo(f"{len(findings)} finding(s)")
            return
        sql = migration(policy, chosen)
        if apply_it:
            assert database is not None
            apply(database, sql)
            message = f"Applied row-level security for {len(policy.tables)} tables (reader role {chosen.reader_role})."
            click.echo(to_json({"applied": True, "reader_role": chosen.reader_role}) if fmt == "json" else message)
        else:
            click.echo(to_json({"sql": sql, "reader_role": chosen.reader_role}) if fmt == "json" else sql, nl=False)
    run_action(fmt, action)
    if any(f.severity == "error" for f in findings):
        sys.exit(LINT_ERRORS_EXIT)
