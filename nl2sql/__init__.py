"""nl2sql: plain-English questions about a PostgreSQL database, answered with SQL that is provably safe to
run for the user who asked.

The public API is small; everything else is private to its module.
"""

from .catalog import Catalog, load_catalog
from .client import Client
from .db.executor import Executor, Result
from .errors import (
    ConfigurationError,
    DatabaseUnavailable,
    ExecutionError,
    GuardError,
    InputError,
    InvalidSql,
    Nl2SqlError,
    PermissionDenied,
    QueryTimeout,
)
from .guard import Guard, GuardedQuery, guard
from .policy import TenancyPolicy, load_policy
from .settings import Settings

__all__ = [
    "Catalog", "Client", "ConfigurationError", "DatabaseUnavailable", "ExecutionError", "Executor", "Guard",
    "GuardError", "GuardedQuery", "InputError", "InvalidSql", "Nl2SqlError", "PermissionDenied", "QueryTimeout",
    "Result", "Settings", "TenancyPolicy", "guard", "load_catalog", "load_policy",
]
