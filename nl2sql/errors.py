"""One exception tree for the whole library, psycopg-style: one class per stable code, grouped in families.

Every error carries a stable ``code`` (a class attribute, documented in ``docs/errors.md``) and a message a
person can act on. Adapters (the CLI, the service, the MCP server) translate the *family* into an exit status,
an HTTP status or a tool error, each in one place; core code never does.

    Nl2SqlError
    ├── InputError          bad arguments from the caller (user id, max rows, scope, text that is not UTF-8)
    ├── AuthorizationError  the caller may not do this (an unscoped report by a non-admin)
    ├── ConfigurationError  the schema document, tenancy policy, prompts or settings cannot be used
    ├── GuardError          the SQL is refused: it is not provably safe for this user
    ├── ExecutionError      the database refused or failed while running guarded SQL
    │   ├── QueryTimeout        statement or lock timeout
    │   ├── PermissionDenied    the database refused access or a write
    │   ├── InvalidSql          PostgreSQL rejected the query
    │   └── DatabaseUnavailable cannot connect, pool exhausted
    ├── NoAnswer            the assistant declines: unsure, no such data, a request to change data, or its
    │                       drafts all failed; nothing ran
    └── LlmUnavailable      the configured LLM endpoint failed after its retries

Catch a family (``except GuardError``) to handle every refusal, or one class (``except UnknownTable``) for one
case; ``error(code, message)`` builds the class registered for a code.
"""

from __future__ import annotations


class Nl2SqlError(Exception):
    """Root of every error the library raises on purpose."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None and code != type(self).code:
            raise ValueError(f"{type(self).__name__} carries code {type(self).code!r}, not {code!r}")
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


# ---- families -------------------------------------------------------------------------------------------------

class InputError(Nl2SqlError):
    code = "invalid_input"


class AuthorizationError(Nl2SqlError):
    code = "forbidden"


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


# ---- one class per code ---------------------------------------------------------------------------------------
# InputError
class InvalidUserId(InputError): code = "invalid_user_id"  # noqa: E701
class InvalidMaxRows(InputError): code = "invalid_max_rows"  # noqa: E701
class InvalidScope(InputError): code = "invalid_scope"  # noqa: E701
class Usage(InputError): code = "usage"  # noqa: E701
class EmptyQuestion(InputError): code = "empty_question"  # noqa: E701
class QuestionTooLong(InputError): code = "question_too_long"  # noqa: E701
class DuplicateQuestion(InputError): code = "duplicate_question"  # noqa: E701
class InvalidText(InputError): code = "invalid_text"  # noqa: E701
class InputTooLong(InputError): code = "input_too_long"  # noqa: E701
# AuthorizationError
class ScopeForbidden(AuthorizationError): code = "scope_forbidden"  # noqa: E701
# ConfigurationError
class LibraryInvalid(ConfigurationError): code = "library_invalid"  # noqa: E701
class LexiconInvalid(ConfigurationError): code = "lexicon_invalid"  # noqa: E701
class LlmNotConfigured(ConfigurationError): code = "llm_not_configured"  # noqa: E701
class PromptsInvalid(ConfigurationError): code = "prompts_invalid"  # noqa: E701
class SchemaDocumentInvalid(ConfigurationError): code = "schema_document_invalid"  # noqa: E701
class PolicyInvalid(ConfigurationError): code = "policy_invalid"  # noqa: E701
class CorrectionsInvalid(ConfigurationError): code = "corrections_invalid"  # noqa: E701
class EmbeddedDatabaseFailed(ConfigurationError): code = "embedded_database_failed"  # noqa: E701
class NoDatabase(ConfigurationError): code = "no_database"  # noqa: E701
# NoAnswer
class NoConfidentMatch(NoAnswer): code = "no_confident_match"  # noqa: E701
class CannotAnswer(NoAnswer): code = "cannot_answer"  # noqa: E701
class WriteRefused(NoAnswer): code = "write_refused"  # noqa: E701
class DraftFailed(NoAnswer): code = "draft_failed"  # noqa: E701
# GuardError
class SqlSyntaxError(GuardError): code = "syntax_error"  # noqa: E701
class EmptyStatement(GuardError): code = "empty_statement"  # noqa: E701
class MultipleStatements(GuardError): code = "multiple_statements"  # noqa: E701
class NotReadOnly(GuardError): code = "not_read_only"  # noqa: E701
class SelectInto(GuardError): code = "select_into"  # noqa: E701
class LockingClause(GuardError): code = "locking_clause"  # noqa: E701
class SyntaxNotAllowed(GuardError): code = "syntax_not_allowed"  # noqa: E701
class UnknownTable(GuardError): code = "unknown_table"  # noqa: E701
class SystemCatalog(GuardError): code = "system_catalog"  # noqa: E701
class UnknownColumn(GuardError): code = "unknown_column"  # noqa: E701
class FunctionNotAllowed(GuardError): code = "function_not_allowed"  # noqa: E701
class OperatorNotAllowed(GuardError): code = "operator_not_allowed"  # noqa: E701
class TypeNotAllowed(GuardError): code = "type_not_allowed"  # noqa: E701
class UnknownParameter(GuardError): code = "unknown_parameter"  # noqa: E701
class NoTenancyPolicy(GuardError): code = "no_tenancy_policy"  # noqa: E701
class TooDeeplyNested(GuardError): code = "too_deeply_nested"  # noqa: E701
class TooComplex(GuardError): code = "too_complex"  # noqa: E701
class UnscopedReference(GuardError): code = "unscoped_reference"  # noqa: E701
class MeaningChanged(GuardError): code = "meaning_changed"  # noqa: E701
class ReservedName(GuardError): code = "reserved_name"  # noqa: E701
# ExecutionError
class ExecutionFailed(ExecutionError): code = "execution_failed"  # noqa: E701
class CostExceeded(ExecutionError): code = "cost_exceeded"  # noqa: E701
class SessionNotPinned(ExecutionError): code = "session_not_pinned"  # noqa: E701
class StatementTimeout(QueryTimeout): code = "statement_timeout"  # noqa: E701
class LockTimeout(QueryTimeout): code = "lock_timeout"  # noqa: E701
class DatabasePermissionDenied(PermissionDenied): code = "permission_denied"  # noqa: E701
class ReadOnlyViolation(PermissionDenied): code = "read_only_violation"  # noqa: E701
class PostgresRejected(InvalidSql): code = "invalid_sql"  # noqa: E701
class UndefinedColumn(InvalidSql): code = "undefined_column"  # noqa: E701
class UndefinedTable(InvalidSql): code = "undefined_table"  # noqa: E701
class StatementTooComplex(InvalidSql): code = "statement_too_complex"  # noqa: E701
class ResultUnreadable(ExecutionError): code = "result_unreadable"  # noqa: E701
class DatabaseDown(DatabaseUnavailable): code = "database_unavailable"  # noqa: E701
class PoolExhausted(DatabaseUnavailable): code = "pool_exhausted"  # noqa: E701
# LlmUnavailable
class LlmFailed(LlmUnavailable): code = "llm_unavailable"  # noqa: E701

FAMILIES: tuple[type[Nl2SqlError], ...] = (InputError, AuthorizationError, ConfigurationError, GuardError,
                                           ExecutionError, NoAnswer, LlmUnavailable)


_INTERMEDIATE = (QueryTimeout, PermissionDenied, InvalidSql, DatabaseUnavailable)


def _code_classes() -> dict[str, type[Nl2SqlError]]:
    found: dict[str, type[Nl2SqlError]] = {}
    pending = list(Nl2SqlError.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__ == __name__ and cls not in FAMILIES and cls not in _INTERMEDIATE:
            found[cls.code] = cls
    return found


#: Every code the library can raise, with the class that carries it. docs/errors.md documents each one and a
#: test keeps the two in step, so a script that matches on a code never meets one it could not know about.
CODES: dict[str, type[Nl2SqlError]] = dict(sorted(_code_classes().items()))


def first_line(value: BaseException | str) -> str:
    """The first line of an exception's or a text's message: enough for a person, no multi-line dumps."""
    text = str(value).strip()
    if text:
        return text.splitlines()[0]
    return type(value).__name__ if isinstance(value, BaseException) else ""


def error(code: str, message: str) -> Nl2SqlError:
    """Build the error registered for ``code``; an unregistered code is a bug, so it fails loudly."""
    return CODES[code](message)


__all__ = ["CODES", "FAMILIES", "Nl2SqlError", "error", "first_line", *sorted(cls.__name__ for cls in CODES.values()),
           "AuthorizationError", "ConfigurationError", "DatabaseUnavailable", "ExecutionError", "GuardError",
           "InputError", "InvalidSql", "LlmUnavailable", "NoAnswer", "PermissionDenied", "QueryTimeout"]
