"""What every command shares: settings from the environment, the DSN, shared options, output, and the
translation of library errors into JSON and exit statuses (the only place that translation happens)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ..errors import (
    AuthorizationError,
    ConfigurationError,
    ExecutionError,
    GuardError,
    InputError,
    LlmUnavailable,
    Nl2SqlError,
    NoAnswer,
    error,
)
from ..output import printable, to_csv, to_json, to_table
from ..payloads import result_payload
from ..settings import Settings

if TYPE_CHECKING:
    from ..db.executor import Result

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES: tuple[tuple[type[Nl2SqlError], int], ...] = (
    (InputError, 2), (GuardError, 3), (ExecutionError, 4), (ConfigurationError, 5), (NoAnswer, 7),
    (LlmUnavailable, 8), (AuthorizationError, 9),
)
#: ``nl2sql lint`` found errors in the document (it ran fine; the document is wrong).
LINT_ERRORS_EXIT = 6
USER_ID_HELP = "The asking user's id (a UUID). Every table is limited to this user's rows."
DSN_HELP = "PostgreSQL connection string. Default: $NL2SQL_DATABASE_URL, else the embedded demo."
MAX_ROWS_HELP = "Rows to return (default 100; larger requests are lowered to 10,000)."


def user_id_option(function: F) -> F:
    return click.option("--user-id", required=True, help=USER_ID_HELP)(function)


def dsn_option(function: F) -> F:
    return click.option("--dsn", help=DSN_HELP)(function)


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format`` with these choices, the first being the default."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0],
                        show_default=True)


def _flag(value: str) -> bool:
    return value.lower() in ("1", "true", "yes", "on")


# Environment variable -> (setting, parser). The adapter reads the environment; the library never does.
_ENVIRONMENT: dict[str, tuple[str, Callable[[str], Any]]] = {
    "NL2SQL_SCHEMA_DOC": ("schema_doc", Path),
    "NL2SQL_STATEMENT_TIMEOUT_MS": ("statement_timeout_ms", int),
    "OPENAI_API_KEY": ("llm_api_key", str),
    "OPENAI_BASE_URL": ("llm_base_url", str),
    "NL2SQL_MODEL": ("llm_model", str),
    "NL2SQL_LLM_TIMEOUT_S": ("llm_timeout_s", float),
    "NL2SQL_LLM_RETRIES": ("llm_max_retries", int),
    "NL2SQL_REPAIR_ATTEMPTS": ("repair_attempts", int),
    "NL2SQL_MAX_QUERY_COST": ("max_query_cost", lambda v: None if v.lower() in ("", "none", "off") else float(v)),
    "NL2SQL_COST_GATE_SQL": ("cost_gate_sql", _flag),
    "NL2SQL_COST_GATE_LLM": ("cost_gate_llm", _flag),
    "NL2SQL_LEARNED_PATH": ("learned_questions", Path),
    "NL2SQL_RLS_ROLE": ("rls_role", str),
    "NL2SQL_TRANSACTION_POOLER": ("transaction_pooler", _flag),
    "NL2SQL_POOL_MIN_SIZE": ("pool_min_size", int),
    "NL2SQL_POOL_MAX_SIZE": ("pool_max_size", int),
}


def read_environment(environ: Mapping[str, str], table: Mapping[str, tuple[str, Callable[[str], Any]]],
                     invalid: Callable[[str], Exception]) -> dict[str, Any]:
    """The fields ``table`` maps the set variables to, parsed; a value its parser refuses raises ``invalid``
    with a message naming the variable."""
    values: dict[str, Any] = {}
    for variable, (name, parse) in table.items():
        if environ.get(variable):
            try:
                values[name] = parse(environ[variable])
            except ValueError as exc:
                raise invalid(f"{variable}={environ[variable]!r} is not valid: {exc}") from exc
    return values


def settings_from_env(environ: dict[str, str] | os._Environ[str]) -> Settings:
    values = read_environment(environ, _ENVIRONMENT, lambda message: error("usage", message))
    values.setdefault("cache_dir", cache_dir(environ))
    settings = replace(Settings(), **values)
    if settings.learned_questions is None and not os.access(settings.learned_path.parent, os.W_OK):
        # An installed package's documents sit in site-packages: learned pairs go to the user's data folder.
        settings = replace(settings, learned_questions=data_home(environ) / settings.learned_path.name)
    return settings


def data_home(environ: dict[str, str] | os._Environ[str]) -> Path:
    """The CLI's data folder: $NL2SQL_HOME, else the XDG data folder's nl2sql/."""
    if environ.get("NL2SQL_HOME"):
        return Path(environ["NL2SQL_HOME"])
    return Path(environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "nl2sql"


def cache_dir(environ: dict[str, str] | os._Environ[str]) -> Path:
    """Where the CLI keeps parsed schema documents: $NL2SQL_HOME/cache, else the XDG cache folder."""
    if environ.get("NL2SQL_HOME"):
        return Path(environ["NL2SQL_HOME"]) / "cache"
    return Path(environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nl2sql"


def embedded_data_dir(environ: dict[str, str] | os._Environ[str]) -> Path:
    return data_home(environ) / "pgdata"


def resolve_dsn(dsn: str | None, settings: Settings) -> str:
    """--dsn, else NL2SQL_DATABASE_URL, else the embedded demo database (started on demand)."""
    if dsn:
        return dsn
    if os.environ.get("NL2SQL_DATABASE_URL"):
        return os.environ["NL2SQL_DATABASE_URL"]
    from ..catalog import load_catalog
    from ..db.embedded import ensure_demo_database

    return ensure_demo_database(embedded_data_dir(os.environ), load_catalog(settings.schema_doc, settings.cache_dir))


class Failure(Exception):
    """Carries a library error to ``main`` with the output format the command asked for."""

    def __init__(self, error: Nl2SqlError, fmt: str) -> None:
        self.error, self.fmt = error, fmt


def run_action(fmt: str, action: Callable[[], None]) -> None:
    try:
        action()
    except Nl2SqlError as exc:
        raise Failure(exc, fmt) from exc


def fail(failure: Failure) -> NoReturn:
    exc = failure.error
    if failure.fmt == "json":
        click.echo(to_json({"error": exc.to_dict()}))
    else:
        click.echo(printable(f"error [{exc.code}]: {exc.message}", keep_lines=True), err=True)
    sys.exit(next((code for cls, code in EXIT_CODES if isinstance(exc, cls)), 1))


def echo_text(text: str, *, err: bool = False) -> None:
    """Text that holds user or database content, printed with control characters escaped."""
    click.echo(printable(text, keep_lines=True), err=err)


def print_result(result: Result, fmt: str, extra: dict[str, Any] | None = None) -> None:
    if fmt == "json":
        click.echo(to_json({**(extra or {}), **result_payload(result)}))
    elif fmt == "csv":
        click.echo(to_csv(result.columns, result.rows), nl=False)
    else:
        click.echo(to_table(result.columns, result.rows))
        note = f"({result.row_count} row{'s' if result.row_count != 1 else ''}"
        if result.truncated_by == "max_rows":
            note += f"; more rows exist, raise --max-rows to see them (hard cap {Settings().hard_max_rows})"
        elif result.truncated_by == "max_result_bytes":
            note += "; cut at the result size limit"
        click.echo(note + ")")


