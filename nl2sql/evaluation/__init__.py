"""Measuring the assistant: execution accuracy against gold SQL (``nl2sql eval``) and verified-question
matching on held-out paraphrases."""

from .execution import CaseOutcome, EvalCase, EvalReport, evaluate, load_eval_file, rows_match

__all__ = ["CaseOutcome", "EvalCase", "EvalReport", "evaluate", "load_eval_file", "rows_match"]
