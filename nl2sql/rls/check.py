"""``nl2sql rls --check``: does the database's row-level security hold at least what the tenancy policy says?

Static facts from the catalogs (RLS enabled and forced, a SELECT policy for the reader role, the reader unable to
bypass RLS), then behaviour, which is what matters whatever the policies are written like: for a few users (and
a stranger, and no claims at all), acting as the reader role with those claims, every documented table must
show no row the tenancy policy would not. Under the same role, ``count(*)`` of the table against ``count(*)`` of
the guard's scoped select of it: the second is the first minus any row the policy would not give that user, so
a difference is a row RLS shows and the tenancy policy does not (a weaker policy).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import psycopg

from ..errors import error, first_line
from ..findings import Finding
from ..policy import TenancyPolicy
from .generate import RlsTarget

_TABLES = """SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, has_table_privilege(%s, c.oid, 'SELECT')
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relname = ANY(%s)"""
_POLICIES = """SELECT tablename, policyname, cmd, roles FROM pg_catalog.pg_policies WHERE schemaname = %s"""
_ROLE = "SELECT rolsuper, rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = %s"


def check(dsn: str, policy: TenancyPolicy, target: RlsTarget, sample_users: int = 5) -> list[Finding]:
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            findings = _static(conn, policy, target)
            blocked = {f.message.split(":")[0].split(".")[-1] for f in findings if f.code == "reader_cannot_select"}
            if not any(f.code == "reader_missing" for f in findings):
                findings += _behaviour(conn, policy, target, sample_users, skip=blocked)
            return findings
    except psycopg.Error as exc:
        raise error("database_unavailable", f"Cannot check row-level security: "
                                            f"{first_line(exc)}") from exc


def _static(conn: psycopg.Connection[Any], policy: TenancyPolicy, target: RlsTarget) -> list[Finding]:
    findings: list[Finding] = []
    role = conn.execute(_ROLE, (target.reader_role,)).fetchone()
    if role is None:
        return [Finding("error", "reader_missing", f"The reader role {target.reader_role!r} does not exist: run "
                                                   "nl2sql rls --apply.", None)]
    if role[0] or role[1]:
        findings.append(Finding("error", "reader_bypasses_rls", f"The reader role {target.reader_role!r} is a "
                                "superuser or has BYPASSRLS: row-level security never applies to it.", None))
    by_schema: dict[str, list[str]] = {}
    for name in policy.tables:
        by_schema.setdefault(policy.catalog.tables[name].schema, []).append(name)
    for schema, names in by_schema.items():
        state = {row[0]: row[1:] for row in conn.execute(_TABLES, (target.reader_role, schema, names)).fetchall()}
        policies: dict[str, list[tuple[str, str, list[str]]]] = {}
        for table, name, command, roles in conn.execute(_POLICIES, (schema,)).fetchall():
            policies.setdefault(table, []).append((name, command, list(roles)))
        for name in names:
            enabled, forced, can_select = state.get(name, (False, False, False))
            if not can_select:
                findings.append(Finding("error", "reader_cannot_select", f"{schema}.{name}: the reader role "
                                        f"{target.reader_role} has no SELECT on it (run nl2sql rls --apply).", None))
            if not enabled:
                findings.append(Finding("error", "rls_disabled", f"{schema}.{name}: row-level security is not "
                                        "enabled; every role with SELECT sees every row.", None))
            elif not forced:
                findings.append(Finding("warning", "rls_not_forced", f"{schema}.{name}: row-level security is not "
                                        "forced, so the table's owner bypasses it.", None))
            readable = [p for p in policies.get(name, []) if p[1] in ("SELECT", "ALL")
                        and ({"public", target.reader_role} & set(p[2]))]
            if enabled and not readable:
                findings.append(Finding("error", "no_select_policy", f"{schema}.{name}: no SELECT policy applies to "
                                        f"{target.reader_role}, so it sees no row (queries answer empty).", None))
    return findings


def _behaviour(conn: psycopg.Connection[Any], policy: TenancyPolicy, target: RlsTarget,
               sample_users: int, skip: set[str]) -> list[Finding]:
    users: list[uuid.UUID | None] = [None, uuid.uuid4(), *_some_users(conn, policy, sample_users)]
    findings: list[Finding] = []
    for name in policy.tables:
        if name in skip:
            continue
        table = policy.catalog.tables[name]
        for user in users:
            visible, owned = _counts(conn, f"{table.schema}.\"{name}\"", policy.scoped_sql[name], user, target)
            if visible > owned:
                who = "no claims at all" if user is None else f"user {user}"
                findings.append(Finding("error", "policy_weaker", f"{table.schema}.{name}: with {who}, row-level "
                                        f"security shows {visible - owned} row(s) the tenancy policy does not give "
                                        "that user.", None))
                break
    return findings


def _some_users(conn: psycopg.Connection[Any], policy: TenancyPolicy, limit: int) -> list[uuid.UUID]:
    admin = policy.admin
    table = policy.catalog.tables[admin.table]
    try:
        rows = conn.execute(f'SELECT "{admin.key_column}" FROM {table.schema}."{table.name}" ORDER BY 1 LIMIT %s'
                            .encode(), (limit,)).fetchall()
    except psycopg.Error:
        return []  # the login role may not read users past RLS itself: check with a stranger only
    return [row[0] for row in rows]


def _counts(conn: psycopg.Connection[Any], table: str, scoped_sql: str, user: uuid.UUID | None,
            target: RlsTarget) -> tuple[int, int]:
    with conn.transaction(force_rollback=True), conn.cursor() as cursor:
        if user is not None:
            cursor.execute("SELECT set_config('request.jwt.claims', %s, true)",
                           (json.dumps({"sub": str(user), "role": "authenticated"}),))
        cursor.execute("SELECT set_config('role', %s, true)", (target.reader_role,))
        visible = cursor.execute(f"SELECT count(*) FROM {table}".encode()).fetchone()
        owned = cursor.execute(f"SELECT count(*) FROM ({scoped_sql}) AS scoped".replace("$1", "%s").encode(),
                               [user] * scoped_sql.count("$1")).fetchone()
    return int(visible[0] if visible else 0), int(owned[0] if owned else 0)
