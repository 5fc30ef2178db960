"""The compositional layer's test fixtures: an assistant without a database, and the demo data's own values as
a user's vocabulary (what ``VocabularyCache.for_user`` reads from the rows)."""

from __future__ import annotations

import pytest

from nl2sql.assistant import Assistant
from nl2sql.client import Client
from nl2sql.db import demo_data
from nl2sql.settings import Settings

DEMO_VALUES: dict[str, tuple[str, ...]] = {
    "tasks.status": demo_data.TASK_STATUSES,
    "tasks.method": demo_data.METHODS,
    "tasks.error_code": demo_data.ERROR_CODES,
    "tasks.deliverable_type": ("text", "markdown", "json"),
    "tasks.llm_metadata.provider": tuple(sorted({p for p, _ in demo_data.MODELS})),
    "tasks.llm_metadata.model": tuple(m for _, m in demo_data.MODELS),
    "agent_conversations.agent_name": tuple(demo_data.AGENTS),
    "agent_conversations.agent_type": tuple(sorted(set(demo_data.AGENTS.values()))),
    "agent_conversations.metadata.channel": ("web", "api", "slack"),
    "projects.status": demo_data.PROJECT_STATUSES,
    "project_steps.status": ("pending", "in_progress", "completed", "failed", "skipped"),
    "project_steps.step_type": demo_data.STEP_TYPES,
    "project_steps.agent_name": tuple(demo_data.AGENTS),
    "deliverables.type": demo_data.DELIVERABLE_TYPES,
    "deliverables.agent_name": tuple(demo_data.AGENTS),
    "deliverable_versions.format": demo_data.FORMATS,
    "deliverable_versions.created_by_type": ("ai_response", "user_edit"),
    "users.status": ("active", "inactive"),
}


@pytest.fixture(scope="session")
def offline() -> Assistant:
    return Assistant(Client(None, Settings()))


def demo_vocabulary(assistant: Assistant) -> dict[str, frozenset[str]]:
    vocabulary = assistant.vocabulary.seed({"agent": demo_data.AGENTS, "deliverable_type": demo_data.DELIVERABLE_TYPES})
    vocabulary.update({column: frozenset(values) for column, values in DEMO_VALUES.items()})
    return vocabulary


@pytest.fixture(scope="session")
def vocabulary(offline: Assistant) -> dict[str, frozenset[str]]:
    return demo_vocabulary(offline)
