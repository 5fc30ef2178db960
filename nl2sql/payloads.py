"""The JSON contracts every adapter answers with (the CLI's ``--format json``, the HTTP service): defined once,
so the two cannot drift apart. Values are JSON-ready (``output.json_value``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .output import json_value

if TYPE_CHECKING:
    from .assistant import Answer
    from .client import Client
    from .db.executor import Result
    from .guard import GuardedQuery
    from .verified import Library


def result_payload(result: Result) -> dict[str, Any]:
    """``nl2sql sql``: ``{sql, params, columns, rows, row_count, truncated}``."""
    return {"sql": result.sql, "params": result.params, "columns": result.columns,
            "rows": [[json_value(v) for v in row] for row in result.rows],
            "row_count": result.row_count, "truncated": result.truncated}


def query_payload(query: GuardedQuery) -> dict[str, Any]:
    """``nl2sql check``: the guarded SQL and its parameters; nothing ran."""
    return {"sql": query.sql, "params": query.params, "tables": list(query.tables), "max_rows": query.max_rows,
            "scope": query.scope}


def answer_extra(answer: Answer) -> dict[str, Any]:
    """What ``ask`` adds in front of the ``sql`` contract."""
    return {"question": answer.question, "source": answer.source, "explanation": answer.explanation}


def answer_payload(answer: Answer) -> dict[str, Any]:
    """``nl2sql ask``: the ``sql`` contract plus ``question``, ``source`` and ``explanation``."""
    return {**answer_extra(answer), **result_payload(answer.result)}


def questions_payload(library: Library) -> dict[str, Any]:
    """What can be asked: ``{"questions": [{"id", "question", "explanation", "examples"}]}``, the verified questions.
    Every pair applies to every user (each runs on the asker's own rows), so one list serves everyone."""
    return {"questions": [{"id": pair.id, "question": pair.phrasings[0].text, "explanation": pair.explanation,
                           "examples": [p.text for p in pair.phrasings[1:]]}
                          for pair in library.pairs]}


def schema_payload(client: Client) -> dict[str, Any]:
    """``{"tables": [{"name", "columns": [{"name", "type"}]}]}``: the documented tables the tenancy policy covers
    (a documented table it does not cover is refused by the guard); nothing from the policy beyond that."""
    covered = client.policy.tables
    return {"tables": [{"name": table.name, "columns": [{"name": c.name, "type": c.type} for c in table.columns]}
                       for name, table in sorted(client.catalog.tables.items()) if name in covered]}
