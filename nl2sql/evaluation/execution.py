"""Execution accuracy, the way defog's sql-eval measures it: the gold SQL and the assistant's answer run on the
same database as the same user, and their rows are compared. The answer may carry extra columns; row order
counts only where the case says ``order_matters``. Each case is correct, wrong, abstained (the assistant
declined) or an error (the gold SQL itself failed)."""

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
    gold_sql: str
    order_matters: bool


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
                "cases": [o.__dict__ for o in self.outcomes]}


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
            cases.append(EvalCase(str(item.get("id", number)), str(item["question"]), str(item["gold_sql"]),
                                  bool(item.get("order_matters", False))))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise error("usage", f"{path.name}, line {number}: expected a JSON object with question and gold_sql "
                                 f"({exc}).") from exc
    return cases


def evaluate(cases: Sequence[EvalCase], run_gold: Callable[[str], Result], ask: Callable[[str], Answer]) \
        -> EvalReport:
    report = EvalReport()
    for case in cases:
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
