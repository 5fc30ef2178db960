"""Execution accuracy, the way defog's sql-eval measures it: the gold SQL and the assistant's answer run on the
same database as the same user, and their rows are compared. The answer may carry extra columns; row order
counts only where the case says ``order_matters``. Each case is correct, wrong, abstained (the assistant
declined) or an error (the gold SQL itself failed).

A case may instead say ``"must_decline": true`` (no gold SQL): a question the assistant must not answer (no such
data, a request to change data). Declining it is correct; answering it is wrong.

Outcomes are also counted per source (``verified``, ``composed``, ``llm``; ``declined`` for a refusal), because
a wrong answer from one source says something different from a wrong answer from another."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..assistant import Answer
from ..db.executor import Result
from ..errors import LlmUnavailable, Nl2SqlError, NoAnswer, error


@dataclass(frozen=True)
class EvalCase:
    id: str
    question: str
    gold_sql: str | None  # None: the question must be declined
    order_matters: bool = False

    @property
    def must_decline(self) -> bool:
        return self.gold_sql is None


@dataclass(frozen=True)
class CaseOutcome:
    id: str
    question: str
    outcome: str  # correct | wrong | abstained | error
    source: str | None = None
    sql: str | None = None
    detail: str = ""


@dataclass
class EvalReport:
    outcomes: list[CaseOutcome] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = Counter(o.outcome for o in self.outcomes)
        return {kind: found.get(kind, 0) for kind in ("correct", "wrong", "abstained", "error")}

    def as_dict(self) -> dict[str, Any]:
        total = len(self.outcomes)
        counts = self.counts()
        return {"total": total, **counts,
                "accuracy": round(counts["correct"] / total, 4) if total else 0.0,
                "wrong_rate": round(counts["wrong"] / total, 4) if total else 0.0,
                "by_source": self.by_source(),
                "cases": [o.__dict__ for o in self.outcomes]}

    def by_source(self) -> dict[str, dict[str, int]]:
        """Correct / wrong / abstained per source of the answer; a refusal counts under ``declined``."""
        table: dict[str, dict[str, int]] = {}
        for outcome in self.outcomes:
            if outcome.outcome == "error":
                continue
            row = table.setdefault(outcome.source or "declined", {"correct": 0, "wrong": 0, "abstained": 0})
            row[outcome.outcome] += 1
        return dict(sorted(table.items()))


def load_eval_file(path: Path | str) -> list[EvalCase]:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise error("usage", f"Cannot read {path}: {exc}") from exc
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            decline = bool(item.get("must_decline", False))
            gold = None if decline else str(item["gold_sql"])
            cases.append(EvalCase(str(item.get("id", number)), str(item["question"]), gold,
                                  bool(item.get("order_matters", False))))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise error("usage", f"{path.name}, line {number}: expected a JSON object with question and gold_sql "
                                 f"(or must_decline: true) ({exc}).") from exc
    return cases


def evaluate(cases: Sequence[EvalCase], run_gold: Callable[[str], Result], ask: Callable[[str], Answer]) \
        -> EvalReport:
    report = EvalReport()
    for case in cases:
        if case.gold_sql is None:
            report.outcomes.append(_declined_case(case, ask))
            continue
        try:
            gold = run_gold(case.gold_sql)
        except Nl2SqlError as exc:
            report.outcomes.append(CaseOutcome(case.id, case.question, "error", detail=f"gold [{exc.code}]"))
            continue
        try:
            answer = ask(case.question)
        except (NoAnswer, LlmUnavailable) as exc:
            report.outcomes.append(CaseOutcome(case.id, case.question, "abstained", detail=exc.code))
            continue
        except Nl2SqlError as exc:
            report.outcomes.append(CaseOutcome(case.id, case.question, "wrong", detail=f"[{exc.code}] {exc.message}"))
            continue
        same = rows_match(gold.rows, answer.result.rows, order_matters=case.order_matters)
        report.outcomes.append(CaseOutcome(case.id, case.question, "correct" if same else "wrong", answer.source,
                                           answer.result.sql))
    return report


def _declined_case(case: EvalCase, ask: Callable[[str], Answer]) -> CaseOutcome:
    """A question that must be declined: any refusal is right, any answer is wrong."""
    try:
        answer = ask(case.question)
    except NoAnswer as exc:
        return CaseOutcome(case.id, case.question, "correct", detail=exc.code)
    except LlmUnavailable as exc:
        return CaseOutcome(case.id, case.question, "abstained", detail=exc.code)
    except Nl2SqlError as exc:
        return CaseOutcome(case.id, case.question, "wrong", detail=f"[{exc.code}] {exc.message}")
    return CaseOutcome(case.id, case.question, "wrong", answer.source, answer.result.sql,
                       "answered a question that must be declined")


def rows_match(gold: Sequence[Sequence[Any]], answer: Sequence[Sequence[Any]], *, order_matters: bool) -> bool:
    """True when some choice of the answer's columns (one per gold column, in gold order) reproduces the gold
    rows: the same multiset of rows, or the same list when order matters."""
    if len(gold) != len(answer):
        return False
    if not gold:
        return True
    width = len(gold[0])
    gold_rows = [tuple(_normal(v) for v in row) for row in gold]
    answer_rows = [tuple(_normal(v) for v in row) for row in answer]
    gold_columns = [Counter(row[i] for row in gold_rows) for i in range(width)]
    answer_columns = [Counter(row[i] for row in answer_rows) for i in range(len(answer_rows[0]))]
    candidates = [[k for k, column in enumerate(answer_columns) if column == gold_columns[g]] for g in range(width)]

    def search(g: int, chosen: list[int]) -> bool:
        if g == width:
            projected = [tuple(row[k] for k in chosen) for row in answer_rows]
            return projected == gold_rows if order_matters else Counter(projected) == Counter(gold_rows)
        return any(search(g + 1, [*chosen, k]) for k in candidates[g] if k not in chosen)

    return search(0, [])


def _normal(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        return round(float(value), 6)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return value
