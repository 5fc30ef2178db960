"""nl2sql: plain-English questions about a PostgreSQL database, answered with SQL that is provably safe to
run for the user who asked.

The public API is small; everything else is private to its module. Names are imported when first used, so a
command that needs only part of the library (``nl2sql --help``, ``nl2sql sql``) does not pay for the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import errors
from .errors import *  # noqa: F403  (every public error class, psycopg-style; no dependencies)

if TYPE_CHECKING:
    from .catalog import Catalog, load_catalog
    from .client import Client
    from .db.executor import Executor, Result
    from .guard import Guard, GuardedQuery
    from .policy import TenancyPolicy, load_policy
    from .settings import Settings

_LAZY = {
    "Catalog": ".catalog", "load_catalog": ".catalog", "Client": ".client", "Executor": ".db.executor",
    "Result": ".db.executor", "Guard": ".guard", "GuardedQuery": ".guard",
    "TenancyPolicy": ".policy", "load_policy": ".policy", "Settings": ".settings",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nl2sql' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Catalog", "Client", "Executor", "Guard", "GuardedQuery", "Result", "Settings", "TenancyPolicy",
    "load_catalog", "load_policy", *errors.__all__,
]
