"""One exception tree for the whole library.

Every error carries a stable ``code`` (documented in ``docs/errors.md``) and a message a person can act on.
Adapters (the CLI, a server) translate the *class* into an exit status or HTTP status; core code never does.

    Nl2SqlError
    ├── InputError          bad arguments from the caller (user id, max rows, scope)
    ├── ConfigurationError  the schema document or tenancy policy cannot be used
    ├── GuardError          the SQL is refused: it is not provably safe for this user
    ├── ExecutionError      the database refused or failed while running guarded SQL
    ├── NoAnswer            the assistant declines: unsure, no such data, a request to change data, or its
    │                       drafts all failed; nothing ran
    └── LlmUnavailable      the configured LLM endpoint failed after its retries
"""

from __future__ import annotations


class Nl2SqlError(Exception):
    """Root of every error the library raises on purpose."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class InputError(Nl2SqlError):
    code = "invalid_input"


class ConfigurationError(Nl2SqlError):
    code = "configuration_error"


class GuardError(Nl2SqlError):
    code = "rejected"


class ExecutionError(Nl2SqlError):
    code = "execution_failed"


class QueryTimeout(ExecutionError):
    code = "statement_timeout"


class PermissionDenied(ExecutionError):
    code = "permission_denied"


class InvalidSql(ExecutionError):
    code = "invalid_sql"


class DatabaseUnavailable(ExecutionError):
    code = "database_unavailable"


class NoAnswer(Nl2SqlError):
    code = "no_answer"


class LlmUnavailable(Nl2SqlError):
    code = "llm_unavailable"


# Every code the library can raise, with the class that carries it. docs/errors.md documents each one and a
# test keeps the two in step, so a script that matches on a code never meets one it could not know about.
CODES: dict[str, type[Nl2SqlError]] = {
    "invalid_user_id": InputError,
    "invalid_max_rows": InputError,
    "scope_forbidden": InputError,
    "invalid_scope": InputError,
    "usage": InputError,
    "empty_question": InputError,
    "question_too_long": InputError,
    "duplicate_question": InputError,
    "library_invalid": ConfigurationError,
    "llm_not_configured": ConfigurationError,
    "prompts_invalid": ConfigurationError,
    "no_confident_match": NoAnswer,
    "cannot_answer": NoAnswer,
    "write_refused": NoAnswer,
    "draft_failed": NoAnswer,
    "llm_unavailable": LlmUnavailable,
    "schema_document_invalid": ConfigurationError,
    "policy_invalid": ConfigurationError,
    "corrections_invalid": ConfigurationError,
    "embedded_database_failed": ConfigurationError,
    "syntax_error": GuardError,
    "empty_statement": GuardError,
    "multiple_statements": GuardError,
    "not_read_only": GuardError,
    "select_into": GuardError,
    "locking_clause": GuardError,
    "syntax_not_allowed": GuardError,
    "unknown_table": GuardError,
    "system_catalog": GuardError,
    "unknown_column": GuardError,
    "function_not_allowed": GuardError,
    "type_not_allowed": GuardError,
    "unknown_parameter": GuardError,
    "no_tenancy_policy": GuardError,
    "unscoped_reference": GuardError,
    "reserved_name": GuardError,
    "statement_timeout": QueryTimeout,
    "lock_timeout": QueryTimeout,
    "permission_denied": PermissionDenied,
    "read_only_violation": PermissionDenied,
    "invalid_sql": InvalidSql,
    "undefined_column": InvalidSql,
    "undefined_table": InvalidSql,
    "database_unavailable": DatabaseUnavailable,
    "execution_failed": ExecutionError,
    "cost_exceeded": ExecutionError,
}


def error(code: str, message: str) -> Nl2SqlError:
    """Build the error registered for ``code``; an unregistered code is a bug, so it fails loudly."""
    return CODES[code](message, code=code)
