"""nl2sql: plain-English questions about a PostgreSQL database, answered with SQL that is provably safe to
run for the user who asked.

The public API is small; everything else is private to its module.
"""

from . import errors
from .catalog import Catalog, load_catalog
from .client import Client
from .db.executor import Executor, Result
from .errors import *  # noqa: F403  (every public error class, psycopg-style)
from .guard import Guard, GuardedQuery, guard
from .policy import TenancyPolicy, load_policy
from .settings import Settings

__all__ = [
    "Catalog", "Client", "Executor", "Guard", "GuardedQuery", "Result", "Settings", "TenancyPolicy", "guard",
    "load_catalog", "load_policy", *errors.__all__,
]
