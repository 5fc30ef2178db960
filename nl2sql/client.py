"""The library's front door: a catalog, a policy, a guard and (given a database) an executor, wired together.

    client = Client(dsn)
    result = client.sql("SELECT status, count(*) FROM tasks GROUP BY status", user_id=uid)
"""

from __future__ import annotations

import functools
import uuid
from typing import Any, Literal

from .catalog import Catalog, load_catalog
from .db.executor import Executor, Result
from .db.introspect import PlannerStats
from .errors import error
from .guard import Guard, GuardedQuery, PreparedQuery, parse_user_id
from .guard.context import Scope
from .policy import TenancyPolicy, load_policy
from .settings import Settings

#: Who wrote a query: a person (``nl2sql sql``), the verified-question library, the composer (built from the
#: schema, word by word), or the LLM drafter. The one list of sources: answers report theirs too.
Source = Literal["sql", "verified", "composed", "llm"]


class Client:
    def __init__(self, dsn: str | None = None, settings: Settings | None = None, *, pooled: bool = False,
                 catalog: Catalog | None = None, policy: TenancyPolicy | None = None) -> None:
        self.settings = settings or Settings()
        self.catalog = catalog or load_catalog(self.settings.schema_doc, self.settings.cache_dir)
        self.policy = policy or load_policy(self.settings.policy_path, self.catalog)
        self.guard = Guard(self.catalog, self.policy, self.settings)
        self.executor = Executor(dsn, self.settings, pooled=pooled) if dsn else None
        # Refusals are not cached (lru_cache keeps only returned values): each one is guarded, and explained,
        # afresh. The catalog and policy are fixed for a client, so they need not be part of the key.
        self._prepare = functools.lru_cache(maxsize=self.settings.guard_cache_size)(self._prepare_uncached) \
            if self.settings.guard_cache_size > 0 else self._prepare_uncached

    def close(self) -> None:
        if self.executor is not None:
            self.executor.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def check(self, sql: str, *, user_id: str | uuid.UUID, max_rows: int | None = None,
              scope: Scope = "user") -> GuardedQuery:
        """The SQL that would run, and its parameters; nothing is executed (but ``scope="all"`` reads the
        admin role from the database)."""
        uid = parse_user_id(user_id)
        if scope == "all":
            self._require_admin(uid)
        rows = self.settings.with_max_rows(max_rows).max_rows
        return self._prepare(sql, rows, scope).bind(uid)

    def _prepare_uncached(self, sql: str, max_rows: int, scope: Scope) -> PreparedQuery:
        return self.guard.prepare(sql, max_rows=max_rows, scope=scope)

    def sql(self, sql: str, *, user_id: str | uuid.UUID, max_rows: int | None = None, scope: Scope = "user",
            source: Source = "sql") -> Result:
        """Guard and run ``sql``. ``source`` says who wrote it ("sql": a person, "llm": a model, "verified": the
        library), which decides whether the cost gate applies (settings ``cost_gate_sql`` / ``cost_gate_llm``)."""
        query = self.check(sql, user_id=user_id, max_rows=max_rows, scope=scope)
        return self._require_executor().run(query, max_cost=self.cost_ceiling(source))

    def explain(self, sql: str, *, user_id: str | uuid.UUID, analyze: bool = False, max_rows: int | None = None,
                scope: Scope = "user") -> tuple[GuardedQuery, dict[str, Any]]:
        """The guarded query and PostgreSQL's plan for it (``analyze`` runs it, read-only and rolled back)."""
        query = self.check(sql, user_id=user_id, max_rows=max_rows, scope=scope)
        return query, self._require_executor().explain(query, analyze=analyze)

    def is_admin(self, user_id: str | uuid.UUID) -> bool:
        """Whether the database says this user is an active admin (see ``AdminRule``)."""
        return self._require_executor().is_admin(parse_user_id(user_id), self.policy)

    def planner_stats(self) -> PlannerStats:
        """Table sizes and index columns, for a plan audit."""
        return self._require_executor().planner_stats()

    def cost_ceiling(self, source: Source) -> float | None:
        s = self.settings
        gated = {"sql": s.cost_gate_sql, "llm": s.cost_gate_llm, "verified": s.cost_gate_sql,
                 "composed": s.cost_gate_sql}[source]
        return s.max_query_cost if gated else None

    def _require_executor(self) -> Executor:
        if self.executor is None:
            raise error("no_database", "No database configured: pass a DSN (or use the embedded demo database).")
        return self.executor

    def _require_admin(self, user_id: uuid.UUID) -> None:
        if self.executor is None:
            raise error("scope_forbidden", "An unscoped report needs the database to confirm the admin role; "
                                           "no database is configured.")
        if not self.is_admin(user_id):
            admin = self.policy.admin
            raise error("scope_forbidden", f"User {user_id} is not an active {admin.role!r} (their {admin.table}."
                                           f"{admin.roles_column} must be a JSON array holding {admin.role!r}), so "
                                           "only their own rows can be queried (--scope user).")
