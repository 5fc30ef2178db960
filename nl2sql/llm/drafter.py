"""Drafting SQL with an LLM through the ``openai`` client (any OpenAI-compatible endpoint). One call is one
draft: the reply must be a JSON object ``{"sql", "explanation", "tables"}`` or ``{"cannot_answer": reason}``;
anything else is a malformed draft, which the assistant counts as a failed attempt."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..errors import error
from ..settings import Settings

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


@dataclass(frozen=True)
class Draft:
    sql: str
    explanation: str
    tables: tuple[str, ...]
    raw: str


class MalformedDraft(Exception):
    def __init__(self, problem: str, raw: str) -> None:
        super().__init__(problem)
        self.problem, self.raw = problem, raw


class LlmDrafter:
    def __init__(self, settings: Settings) -> None:
        if not settings.llm_configured:
            raise error("llm_not_configured", "No LLM is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a "
                                              "compatible server such as vLLM, Ollama or llama.cpp).")
        import openai  # ~0.4 s and tens of MB: paid only when an LLM is configured

        self._openai = openai
        self.model = settings.llm_model
        # A local server (Ollama, llama.cpp) needs no key, but the client insists on one.
        self.client = openai.OpenAI(api_key=settings.llm_api_key or "not-needed", base_url=settings.llm_base_url,
                                    timeout=settings.llm_timeout_s, max_retries=settings.llm_max_retries)

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The model's reply text; transport failures (after the client's retries) become ``llm_unavailable``."""
        try:
            response = self.client.chat.completions.create(  # type: ignore[call-overload]
                model=self.model, messages=messages, temperature=0, response_format={"type": "json_object"})
        except self._openai.APITimeoutError as exc:
            raise error("llm_unavailable", f"The LLM did not answer in time (after retries): {exc}") from exc
        except self._openai.APIStatusError as exc:
            raise error("llm_unavailable", f"The LLM endpoint answered HTTP {exc.status_code} (after retries): "
                                           f"{_short(exc.message)}") from exc
        except self._openai.APIConnectionError as exc:
            raise error("llm_unavailable", f"Cannot reach the LLM endpoint: {exc}") from exc
        choices = getattr(response, "choices", None) or []
        content = choices[0].message.content if choices and choices[0].message else None
        return content or ""


def parse_draft(raw: str) -> Draft:
    """Validate a reply. ``cannot_answer`` raises the ``cannot_answer`` error; malformed raises MalformedDraft."""
    text = raw.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedDraft(f"the reply is not JSON ({exc.msg})", raw) from None
    if not isinstance(data, dict):
        raise MalformedDraft("the reply is JSON but not an object", raw)
    if isinstance(data.get("cannot_answer"), str) and data["cannot_answer"].strip():
        raise error("cannot_answer", f"Cannot answer: {data['cannot_answer'].strip()[:500]}")
    sql, explanation, tables = data.get("sql"), data.get("explanation", ""), data.get("tables", [])
    if not isinstance(sql, str) or not sql.strip():
        raise MalformedDraft('"sql" must be a non-empty string', raw)
    if not isinstance(explanation, str):
        raise MalformedDraft('"explanation" must be a string', raw)
    if not isinstance(tables, list) or not all(isinstance(t, str) for t in tables):
        raise MalformedDraft('"tables" must be a list of table names', raw)
    return Draft(sql.strip(), " ".join(explanation.split())[:500], tuple(tables), raw)


def _short(text: str) -> str:
    return " ".join(str(text).split())[:300]
