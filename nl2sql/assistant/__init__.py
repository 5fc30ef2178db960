"""The assistant: questions in plain English, answered from verified questions or LLM drafts, always through
the guard."""

from .assistant import Answer, Assistant, Plan

__all__ = ["Answer", "Assistant", "Plan"]
