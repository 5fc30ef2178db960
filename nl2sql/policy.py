"""The tenancy policy: for every table, how one of its rows belongs to a user.

It is a reviewed TOML file beside the schema document (``<doc>.tenancy.toml``). From it come the *scoped
selects* the guard puts in place of every table reference, e.g. for ``projects``::

    SELECT * FROM public.projects
    WHERE conversation_id IN (SELECT id FROM public.agent_conversations WHERE user_id = $1)
    OFFSET 0

``OFFSET 0`` is an optimisation fence: PostgreSQL never pushes the caller's own predicates below it, so an
expression that could raise an error (``1/0``-style probes) or call a slow function is only ever evaluated
on the user's rows. This is the same guarantee a ``security_barrier`` view gives, without any DDL.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .errors import error
from .identifiers import plain_or_quoted, quote

USER_ID_PARAMETER = "$1"


@dataclass(frozen=True)
class TablePolicy:
    table: str
    owner_column: str | None = None
    parent: str | None = None
    via: str | None = None
    parent_key: str | None = None


@dataclass(frozen=True)
class AdminRule:
    """Who may ask for an unscoped report: a user whose row in ``table`` has ``roles_column`` a JSON array
    holding the string ``role`` and, unless ``status_column`` is empty, ``status_column = active_value``."""

    table: str = "users"
    key_column: str = "id"
    roles_column: str = "roles"
    role: str = "admin"
    status_column: str = "status"
    active_value: str = "active"


@dataclass(frozen=True)
class TenancyPolicy:
    tables: dict[str, TablePolicy]
    admin: AdminRule
    #: The SQL of each table's scoped select: spliced in for every reference, and what the proof expects.
    scoped_sql: dict[str, str]
    catalog: Catalog

    @classmethod
    def empty(cls, catalog: Catalog) -> TenancyPolicy:
        """A policy that covers no table: nothing can be scoped, so the guard refuses every table."""
        return cls({}, AdminRule(), {}, catalog)

    def admin_check_sql(self) -> str:
        """SQL returning true when user ``$2`` holds role ``$1`` (and is active: ``$3``); it reads the database,
        not a flag. Only a JSON array holding the role as a string counts: ``{"admin": false}`` and the string
        ``"admin"`` also satisfy ``?``, so that operator is not used."""
        a = self.admin
        table = self.catalog.tables[a.table]
        roles = f'"{a.roles_column}"'
        active = f' AND "{a.status_column}" = $3' if a.status_column else " AND $3::text IS NOT NULL"
        return (f'SELECT EXISTS (SELECT 1 FROM {table.schema}."{a.table}" WHERE "{a.key_column}" = $2 AND '
                f"jsonb_typeof({roles}) = 'array' AND {roles} @> jsonb_build_array($1::text){active})")


def load_policy(path: Path | str, catalog: Catalog) -> TenancyPolicy:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error("policy_invalid", f"Cannot read tenancy policy {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise error("policy_invalid", f"Tenancy policy {path} is not valid TOML: {exc}") from exc
    return build_policy(data, catalog, source=str(path))


def build_policy(data: dict[str, object], catalog: Catalog, *, source: str = "policy") -> TenancyPolicy:
    raw_tables = data.get("tables", {})
    if not isinstance(raw_tables, dict) or not raw_tables:
        raise error("policy_invalid", f"{source}: no [tables.<name>] entries; every table needs an owner rule.")
    tables = {name: _table_policy(name, entry, catalog, source) for name, entry in raw_tables.items()}
    raw_admin = data.get("admin", {})
    admin = AdminRule(**raw_admin) if isinstance(raw_admin, dict) else AdminRule()
    _check_admin(admin, catalog, source)
    for name in tables:
        _check_chain(name, tables, source)
    scoped_sql = {name: _build_scoped(name, tables, catalog, fence=True) for name in tables}
    return TenancyPolicy(tables, admin, scoped_sql, catalog)


def _table_policy(name: str, entry: object, catalog: Catalog, source: str) -> TablePolicy:
    if not isinstance(entry, dict):
        raise error("policy_invalid", f"{source}: [tables.{name}] must be a table of keys.")
    unknown_keys = set(entry) - {"owner_column", "parent", "via", "parent_key"}
    if unknown_keys:
        raise error("policy_invalid", f"{source}: [tables.{name}] has unknown keys {sorted(unknown_keys)}.")
    policy = TablePolicy(name, **entry)
    table = catalog.table(name)
    if table is None:
        raise error("policy_invalid", f"{source}: table {name!r} has a policy but no CREATE TABLE in the document.")
    if (policy.owner_column is None) == (policy.parent is None):
        raise error("policy_invalid", f"{source}: [tables.{name}] needs exactly one of owner_column or parent.")
    if policy.owner_column is not None:
        column = table.column(policy.owner_column)
        if column is None:
            raise error("policy_invalid", f"{source}: {name}.{policy.owner_column} does not exist.")
        if column.type.upper() != "UUID":
            raise error("policy_invalid",
                        f"{source}: owner column {name}.{column.name} is {column.type}, expected UUID.")
        return policy
    parent = catalog.table(policy.parent or "")
    if parent is None:
        raise error("policy_invalid", f"{source}: parent table {policy.parent!r} of {name} does not exist.")
    if not policy.via or table.column(policy.via) is None:
        raise error("policy_invalid", f"{source}: [tables.{name}] via column {policy.via!r} does not exist.")
    parent_key = policy.parent_key or next((c.name for c in parent.columns if c.primary_key), None)
    if parent_key is None or parent.column(parent_key) is None:
        raise error("policy_invalid", f"{source}: parent {parent.name} has no primary key; set parent_key.")
    return TablePolicy(name, None, parent.name, policy.via, parent_key)


def _check_admin(admin: AdminRule, catalog: Catalog, source: str) -> None:
    table = catalog.table(admin.table)
    columns = [admin.key_column, admin.roles_column, *([admin.status_column] if admin.status_column else [])]
    if table is None or any(table.column(name) is None for name in columns):
        raise error("policy_invalid", f"{source}: [admin] names {admin.table}.{'/'.join(columns)}, which the "
                                      "document does not define.")
    roles = table.column(admin.roles_column)
    if roles is not None and roles.type.upper() != "JSONB":
        raise error("policy_invalid", f"{source}: [admin] roles column {admin.table}.{admin.roles_column} is "
                                      f"{roles.type}; it must be JSONB (an array of role names).")


def _check_chain(name: str, tables: dict[str, TablePolicy], source: str, seen: tuple[str, ...] = ()) -> None:
    if name in seen:
        raise error("policy_invalid", f"{source}: ownership cycle {' -> '.join((*seen, name))}.")
    policy = tables.get(name)
    if policy is None:
        raise error("policy_invalid", f"{source}: {seen[-1]} names parent {name!r}, which has no policy.")
    if policy.parent is not None:
        _check_chain(policy.parent, tables, source, (*seen, name))


def _build_scoped(name: str, tables: dict[str, TablePolicy], catalog: Catalog, *, fence: bool,
                  project: str | None = None) -> str:
    """The scoped select of ``name``: every identifier quoted, the user's id only ever ``$1``. The guard
    proves each final query against PostgreSQL's own parse of exactly this text."""
    policy = tables[name]
    table = catalog.tables[name]
    if policy.owner_column is not None:
        predicate = f"{_quoted(policy.owner_column)} = {USER_ID_PARAMETER}"
    else:
        assert policy.parent is not None and policy.via is not None
        parent = _build_scoped(policy.parent, tables, catalog, fence=False, project=policy.parent_key)
        predicate = f"{_quoted(policy.via)} IN ({parent})"
    columns = _quoted(project) if project else "*"
    select = f"SELECT {columns} FROM {plain_or_quoted(table.schema)}.{_quoted(table.name)} WHERE {predicate}"
    return select + " OFFSET 0" if fence else select


_quoted = quote
