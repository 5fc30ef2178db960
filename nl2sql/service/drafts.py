"""LLM drafts charged to the asking user's draft budget before each call to the model."""

from __future__ import annotations

from ..llm import LlmDrafter
from .ratelimit import charge_draft


class MeteredDrafter(LlmDrafter):
    """The assistant's drafter, unchanged except that each draft (a first try or a repair) is charged first."""

    def complete(self, messages: list[dict[str, str]]) -> str:
        charge_draft()
        return super().complete(messages)
