"""The second lock: PostgreSQL row-level security generated from the same tenancy policy the guard uses, so a
guard bug alone can never show a user another user's rows.

    sql = migration(policy, target)                 # print it, or apply it in one transaction
    findings = check(dsn, policy, target)           # an existing database's policies against the tenancy policy
"""

from .check import check
from .generate import RlsTarget, apply, detect_target, migration

__all__ = ["RlsTarget", "apply", "check", "detect_target", "migration"]
