"""LLM drafting: prompts from ``prompts/`` and an OpenAI-compatible client. The repair loop lives in the
assistant, which sends every draft through the guard."""

from .drafter import Draft, LlmDrafter, MalformedDraft, parse_draft
from .prompts import FewShot, Prompts, load_prompts

__all__ = ["Draft", "FewShot", "LlmDrafter", "MalformedDraft", "Prompts", "load_prompts", "parse_draft"]
