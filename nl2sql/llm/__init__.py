"""LLM drafting: prompts from ``prompts/`` and an OpenAI-compatible client. The repair loop lives in the
assistant, which sends every draft through the guard.

The prompts (and jinja2 with them) load on first use: an ``ask`` answered offline never renders a prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .drafter import Draft, LlmDrafter, MalformedDraft, parse_draft

if TYPE_CHECKING:
    from .prompts import FewShot, Prompts, load_prompts

_LAZY = {"FewShot", "Prompts", "load_prompts"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import prompts
        return getattr(prompts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Draft", "FewShot", "LlmDrafter", "MalformedDraft", "Prompts", "load_prompts", "parse_draft"]
