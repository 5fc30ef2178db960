"""The guard: a draft SQL in, the SQL that is safe to run for one user out (or a typed ``GuardError``).

Every decision is made on PostgreSQL's own parse of the text (``pglast``, libpg_query):

    parse (one statement) -> RULES (checks) -> REWRITES (edits of the user's text) -> prove (re-parse the final
    text: every table under its tenant filter, the limit in place, and the same reading as the user's text
    apart from the intended rewrites)

A prepared query does not depend on the user: the user's id is only ever the bound parameter ``$1``, so one
``PreparedQuery`` serves every user (``bind``), and a front door may cache it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..errors import GuardError, error
from ..policy import TenancyPolicy
from ..settings import Settings
from .context import GuardContext, Scope, Statement
from .edits import Tokens, apply
from .proof import prove, scoped_signatures
from .rewrites import REWRITES
from .rules import RULES
from .tree import parse


@dataclass(frozen=True)
class PreparedQuery:
    """Guarded, proved SQL that does not depend on who asks: bind a user to run it."""

    sql: str
    max_rows: int
    scope: Scope
    tables: tuple[str, ...]

    def bind(self, user_id: str | uuid.UUID) -> GuardedQuery:
        return GuardedQuery(self.sql, parse_user_id(user_id), self.max_rows, self.scope, self.tables, _PROOF)


@dataclass(frozen=True)
class GuardedQuery:
    """SQL the guard produced and proved, with its parameters. The executor runs nothing else."""

    sql: str
    user_id: uuid.UUID
    max_rows: int
    scope: Scope
    tables: tuple[str, ...]
    _proof: object = field(repr=False, compare=False, default=None)

    @property
    def params(self) -> list[str]:
        """Values for ``$1``..: only the user's id, as text (what ``--format json`` prints)."""
        return [str(self.user_id)]

    @property
    def bound_params(self) -> list[uuid.UUID]:
        """Values as bound by the executor: a real ``uuid`` parameter, never SQL text."""
        return [self.user_id]


_PROOF = object()  # only this module can mark a query as proved


def is_proved(query: object) -> bool:
    return isinstance(query, GuardedQuery) and query._proof is _PROOF


def parse_user_id(user_id: str | uuid.UUID) -> uuid.UUID:
    if isinstance(user_id, uuid.UUID):
        return user_id
    try:
        return uuid.UUID(str(user_id).strip())
    except (ValueError, AttributeError, TypeError):
        raise error("invalid_user_id", f"User id {str(user_id)[:60]!r} is not a UUID, e.g. "
                                       "11111111-1111-1111-1111-111111111111.") from None


class Guard:
    """A catalog, a policy and settings, ready to guard many queries."""

    def __init__(self, catalog: Catalog, policy: TenancyPolicy, settings: Settings | None = None) -> None:
        self.catalog = catalog
        self.policy = policy
        self.settings = settings or Settings()
        self._signatures = scoped_signatures(policy, self.settings.max_nesting)

    def __call__(self, sql: str, *, user_id: str | uuid.UUID, max_rows: int | None = None,
                 scope: Scope = "user") -> GuardedQuery:
        uid = parse_user_id(user_id)
        return self.prepare(sql, max_rows=max_rows, scope=scope).bind(uid)

    def prepare(self, sql: str, *, max_rows: int | None = None, scope: Scope = "user") -> PreparedQuery:
        """Check, rewrite and prove ``sql``; the result serves any user."""
        if scope not in ("user", "all"):
            raise error("invalid_scope", f"Scope must be 'user' or 'all', not {scope!r}.")
        settings = self.settings
        ctx = GuardContext(self.catalog, self.policy, settings.with_max_rows(max_rows).max_rows, scope)
        try:
            statement = Statement(parse(sql, max_depth=settings.max_nesting, max_chars=settings.max_sql_chars,
                                        max_nodes=settings.max_nodes), self.catalog)
            for rule in RULES:
                rule(statement, ctx)
            tokens = Tokens(statement.tree)
            edits = [edit for rewrite in REWRITES for edit in rewrite(statement, ctx, tokens)]
            final_sql = apply(statement.tree, edits)
            prove(final_sql, statement, ctx, self._signatures, wrapped=any(edit.wraps for edit in edits),
                  max_depth=settings.max_nesting)
        except RecursionError:
            raise error("too_deeply_nested", "The query nests too deeply for the guard to read; simplify it.") \
                from None
        except MemoryError:
            raise error("too_complex", "The query is too complex for the guard to read; simplify it.") from None
        tables = tuple(sorted({ref.get("relname") for ref in statement.tables}))
        return PreparedQuery(final_sql, ctx.max_rows, scope, tables)

def catalog_problems(sql: str, catalog: Catalog, settings: Settings | None = None) -> list[GuardError]:
    """Every rule's objection to ``sql`` against the catalog alone (no tenancy policy, no rewrite): what
    ``nl2sql lint`` holds a document's example queries to. Empty when the query would pass."""
    settings = settings or Settings()
    try:
        statement = Statement(parse(sql, max_depth=settings.max_nesting, max_chars=settings.max_sql_chars), catalog)
    except GuardError as exc:
        return [exc]
    ctx = GuardContext(catalog, None, settings.max_rows)
    found: list[GuardError] = []
    for rule in RULES:
        try:
            rule(statement, ctx)
        except GuardError as exc:
            found.append(exc)
    return found


def guard(sql: str, *, user_id: str | uuid.UUID, catalog: Catalog, policy: TenancyPolicy,
          settings: Settings | None = None, max_rows: int | None = None, scope: Scope = "user") -> GuardedQuery:
    """Guard one query. For many queries build a :class:`Guard` once."""
    return Guard(catalog, policy, settings)(sql, user_id=user_id, max_rows=max_rows, scope=scope)


__all__ = ["Guard", "GuardContext", "GuardedQuery", "PreparedQuery", "catalog_problems", "guard", "is_proved",
           "parse_user_id"]
