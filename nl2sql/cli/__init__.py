"""``nl2sql``: a thin click adapter over the library. It reads flags and the environment, builds Settings,
calls the library, prints, and turns errors into exit statuses. No logic lives here.

Exit statuses: 0 success, 1 unexpected failure, 2 bad input, 3 the guard refused the SQL, 4 the database
failed or refused (including the cost gate), 5 configuration, 6 ``lint`` found errors, 7 no answer (abstained,
no such data, a write request, drafts refused), 8 the LLM endpoint failed.
"""

from __future__ import annotations

import itertools
import logging
import sys
import traceback

import click

from ..output import to_json
from ._support import Failure, fail
from .assistant import ask_command, eval_command, learn_command
from .mcp_server import mcp_command
from .project import demo_command, lint_command
from .query import check_command, explain_command, sql_command
from .rls import rls_command
from .service import serve_command, token_command


@click.group()
@click.version_option(package_name="nl2sql")
def cli() -> None:
    """Answer questions about your PostgreSQL data with SQL that is provably safe to run for one user."""


for _command in (sql_command, check_command, ask_command, explain_command, learn_command, eval_command,
                 lint_command, demo_command, rls_command, serve_command, token_command, mcp_command):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    # sqlglot warns on stderr when it falls back to a generic command; the guard refuses those anyway.
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=args, prog_name="nl2sql", standalone_mode=False)
    except Failure as failure:
        fail(failure)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        if _wants_json(args):
            click.echo(to_json({"error": {"code": "usage", "message": exc.format_message()}}))
        else:
            exc.show()
        sys.exit(2)
    except click.Abort:
        sys.exit(1)
    except Exception as exc:  # a bug: still honour the contract (JSON on stdout, non-zero exit)
        if _wants_json(args):
            click.echo(to_json({"error": {"code": "internal_error", "message": f"{type(exc).__name__}: {exc}"}}))
        traceback.print_exc()
        sys.exit(1)


def _wants_json(args: list[str]) -> bool:
    return "--format=json" in args or any(pair == ("--format", "json") for pair in itertools.pairwise(args))


__all__ = ["cli", "main"]
