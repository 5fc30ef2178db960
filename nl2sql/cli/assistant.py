"""``ask``, ``learn`` and ``eval``: the assistant."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..output import to_json
from ..payloads import answer_extra
from ._support import (
    MAX_ROWS_HELP,
    dsn_option,
    echo_text,
    format_option,
    print_result,
    resolve_dsn,
    run_action,
    settings_from_env,
    user_id_option,
)


@click.command("ask")
@click.argument("question")
@user_id_option
@dsn_option
@format_option("table", "json", "csv")
@click.option("--max-rows", type=int, help=MAX_ROWS_HELP)
def ask_command(question: str, user_id: str, dsn: str | None, fmt: str, max_rows: int | None) -> None:
    """Answer QUESTION for the user: a verified question, else (with an LLM configured) a checked draft."""
    def action() -> None:
        from ..assistant import Assistant
        from ..client import Client  # imported when a command runs: --help stays fast

        settings = settings_from_env(os.environ)
        with Client(resolve_dsn(dsn, settings), settings) as client:
            answer = Assistant(client).ask(question, user_id=user_id, max_rows=max_rows)
        extra = answer_extra(answer)
        if fmt == "table":
            echo_text(f"-- {answer.explanation} [{answer.source}]")
        print_result(answer.result, fmt, extra)
    run_action(fmt, action)


@click.command("learn")
@click.argument("question")
@click.argument("query")
@format_option("text", "json")
def learn_command(question: str, query: str, fmt: str) -> None:
    """Teach the verified library that QUESTION is answered by QUERY (guarded first; kept in the learned file)."""
    def action() -> None:
        from ..client import Client  # imported when a command runs: --help stays fast
        from ..verified.learn import learn

        settings = settings_from_env(os.environ)
        with Client(None, settings) as client:
            pair_id = learn(client, question, query)
        if fmt == "json":
            click.echo(to_json({"learned": pair_id, "question": question, "path": str(settings.learned_path)}))
        else:
            click.echo(f"Learned {pair_id}: {question!r} -> {settings.learned_path}")
    run_action(fmt, action)


@click.command("eval")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@user_id_option
@dsn_option
@format_option("text", "json")
def eval_command(file: Path, user_id: str, dsn: str | None, fmt: str) -> None:
    """Execution accuracy on FILE (JSONL: question, gold_sql, order_matters; or must_decline): gold vs answer rows,
    as the user, counted per source."""
    def action() -> None:
        from ..assistant import Assistant
        from ..client import Client  # imported when a command runs: --help stays fast
        from ..evaluation import evaluate, load_eval_file

        settings = settings_from_env(os.environ)
        cases = load_eval_file(file)
        with Client(resolve_dsn(dsn, settings), settings, pooled=True) as client:
            assistant = Assistant(client)
            cap = settings.hard_max_rows
            report = evaluate(cases, lambda sql: client.sql(sql, user_id=user_id, max_rows=cap),
                              lambda q: assistant.ask(q, user_id=user_id, max_rows=cap))
        if fmt == "json":
            click.echo(to_json(report.as_dict()))
            return
        for outcome in report.outcomes:
            source = f" [{outcome.source}]" if outcome.source else ""
            detail = f" ({outcome.detail})" if outcome.detail else ""
            echo_text(f"{outcome.outcome:<9} {outcome.id:<8} {outcome.question}{source}{detail}")
        counts = report.counts()
        click.echo(f"\n{counts['correct']}/{len(report.outcomes)} correct, {counts['wrong']} wrong, "
                   f"{counts['abstained']} abstained, {counts['error']} gold errors")
        for source, row in report.by_source().items():
            click.echo(f"  {source:<9} {row['correct']} correct, {row['wrong']} wrong, {row['abstained']} abstained")
    run_action(fmt, action)


