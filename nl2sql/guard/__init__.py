"""The guard: a draft SQL in, the SQL that is safe to run for one user out (or a typed ``GuardError``).

    parse (one statement) -> RULES in order -> render -> verify (re-parse, re-check, prove the tenant filters)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..errors import error
from ..policy import TenancyPolicy
from ..settings import Settings
from .context import GuardContext, Scope
from .dialect import render
from .parse import parse_single
from .rules import RULES
from .verify import scoped_signatures, verify


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
        self._signatures = scoped_signatures(policy)

    def __call__(self, sql: str, *, user_id: str | uuid.UUID, max_rows: int | None = None,
                 scope: Scope = "user") -> GuardedQuery:
        uid = parse_user_id(user_id)
        if scope not in ("user", "all"):
            raise error("invalid_scope", f"Scope must be 'user' or 'all', not {scope!r}.")
        rows = self.settings.with_max_rows(max_rows).max_rows
        ctx = GuardContext(self.catalog, self.policy, rows, scope, self._signatures)
        expression = parse_single(sql)
        # Read from the shared node index the rules use anyway, before the rewrite replaces the tables.
        tables = tuple(sorted({ref.name for ref in ctx.index(expression).relations}))
        for rule in RULES:
            expression = rule(expression, ctx)
        final_sql = render(expression, self.policy.scoped_sql)
        verify(final_sql, ctx)
        return GuardedQuery(final_sql, uid, rows, scope, tables, _PROOF)


def guard(sql: str, *, user_id: str | uuid.UUID, catalog: Catalog, policy: TenancyPolicy,
          settings: Settings | None = None, max_rows: int | None = None, scope: Scope = "user") -> GuardedQuery:
    """Guard one query. For many queries build a :class:`Guard` once."""
    return Guard(catalog, policy, settings)(sql, user_id=user_id, max_rows=max_rows, scope=scope)


__all__ = ["Guard", "GuardContext", "GuardedQuery", "guard", "is_proved", "parse_user_id"]
