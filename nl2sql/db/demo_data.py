"""Deterministic demo data for the documented schema: several users (one admin, one inactive), a few hundred
rows, and the vocabulary users ask about (task statuses, agents, llm_metadata, projects with sub-projects and
steps, deliverables with versions).

Timestamps are offsets from the moment of loading, so "last 7 days" stays meaningful. With ``markers=True``
every text field of a row not owned by the primary user carries ``<NAME>SECRET``: any such string in an answer
given to the primary user is a cross-tenant leak. ``only_owner`` keeps one user's rows: the oracle database.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

SEED = 20261124
AGENTS = {
    "orchestrator": "orchestrator",
    "blog_post_writer": "context",
    "marketing_swarm": "api",
    "invoice_processor": "function",
    "research_assistant": "context",
    "code_reviewer": "function",
}
TASK_STATUSES = ("pending", "in_progress", "completed", "failed", "cancelled")
METHODS = ("agent.run", "agent.plan", "llm.generate", "tool.call")
MODELS = (("openai", "gpt-4o"), ("openai", "gpt-4o-mini"), ("anthropic", "claude-sonnet"), ("ollama", "llama3"))
ERROR_CODES = ("TIMEOUT", "RATE_LIMIT", "TOOL_ERROR", "INVALID_INPUT")
DELIVERABLE_TYPES = ("report", "document", "code", "plan", "email")
STEP_TYPES = ("research", "draft", "review", "analyze", "publish")
PROJECT_STATUSES = ("planning", "running", "completed", "failed")
FORMATS = ("markdown", "html", "json", "text")


@dataclass(frozen=True)
class DemoUser:
    id: uuid.UUID
    name: str
    email: str
    roles: tuple[str, ...] = ("user",)
    status: str = "active"
    weight: int = 3  # how much activity this user has, relative to the others


USERS = (
    DemoUser(uuid.UUID("11111111-1111-1111-1111-111111111111"), "Alice Adams", "alice@example.com", weight=4),
    DemoUser(uuid.UUID("22222222-2222-2222-2222-222222222222"), "Bob Brown", "bob@example.com"),
    DemoUser(uuid.UUID("33333333-3333-3333-3333-333333333333"), "Carol Chen", "carol@example.com"),
    DemoUser(uuid.UUID("44444444-4444-4444-4444-444444444444"), "Ada Admin", "ada@example.com",
             roles=("user", "admin"), weight=2),
    DemoUser(uuid.UUID("55555555-5555-5555-5555-555555555555"), "Dave Dormant", "dave@example.com",
             status="inactive", weight=1),
)
PRIMARY = USERS[0]


@dataclass
class DemoData:
    """Rows per table, each row a column -> value dict, in an order that respects ownership."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        self.tables.setdefault(table, []).append(row)
        return row


def marker(user: DemoUser) -> str:
    return user.name.split()[0].upper() + "SECRET"


def generate(now: datetime | None = None, *, markers: bool = False,
             only_owner: uuid.UUID | None = None) -> DemoData:
    now = now or datetime.now(UTC)
    rng = random.Random(SEED)
    data = DemoData()
    ids = _Ids(rng)
    for user in USERS:
        # Every user's rows are generated, whether kept or not, so one user's rows never depend on the filter.
        keep = only_owner is None or user.id == only_owner
        tag = f" {marker(user)}" if markers and user is not PRIMARY else ""
        _user_rows(data if keep else DemoData(), user, tag, rng, ids, now)
    return data


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)


def _ago(now: datetime, hours: float) -> datetime:
    return now - timedelta(hours=round(hours, 2))


def _user_rows(data: DemoData, user: DemoUser, tag: str, rng: random.Random, new_id: _Ids, now: datetime) -> None:
    email = user.email if not tag else user.email.replace("@", f".{tag.strip().lower()}@")
    data.add("users", {
        "id": user.id, "email": email, "display_name": user.name + tag, "role": user.roles[-1],
        "roles": json.dumps(list(user.roles)), "status": user.status, "organization_slug": "acme" + tag.lower(),
        "namespace_access": json.dumps(["acme"]), "created_at": _ago(now, 2000 + rng.random() * 400),
    })
    data.tables["users"][-1]["updated_at"] = data.tables["users"][-1]["created_at"]
    conversations = []
    for _ in range(user.weight * 3):
        agent = rng.choice(list(AGENTS))
        started = _ago(now, rng.random() * 24 * 45)
        ended = None if rng.random() < 0.3 else started + timedelta(hours=rng.random() * 6)
        conversations.append(data.add("agent_conversations", {
            "id": new_id(), "user_id": user.id, "agent_name": agent, "agent_type": AGENTS[agent],
            "started_at": started, "ended_at": ended, "last_active_at": ended or _ago(now, rng.random() * 48),
            "metadata": json.dumps({"channel": rng.choice(["web", "api", "slack"]), "note": tag.strip()}),
            "created_at": started, "updated_at": ended or started,
        }))
    tasks = [_task(data, user, tag, rng, new_id, now, rng.choice([*conversations, None]))
             for _ in range(user.weight * 18)]
    _projects(data, user, tag, rng, new_id, now, conversations)
    _deliverables(data, user, tag, rng, new_id, now, conversations, tasks)


def _task(data: DemoData, user: DemoUser, tag: str, rng: random.Random, new_id: _Ids, now: datetime,
          conversation: dict[str, Any] | None) -> dict[str, Any]:
    status = rng.choices(TASK_STATUSES, weights=(2, 2, 8, 3, 1))[0]
    created = _ago(now, rng.random() * 24 * 30)
    started = created + timedelta(minutes=rng.random() * 10) if status != "pending" else None
    completed = started + timedelta(seconds=20 + rng.random() * 900) if status in ("completed", "failed") \
        and started else None
    provider, model = rng.choice(MODELS)
    prompt_tokens, completion_tokens = rng.randint(50, 3000), rng.randint(20, 2000)
    failed = status == "failed"
    return data.add("tasks", {
        "id": new_id(), "agent_conversation_id": conversation["id"] if conversation else None,
        "user_id": user.id, "method": rng.choice(METHODS),
        "prompt": rng.choice(["Summarise the Q3 report", "Draft a blog post about pricing",
                              "Review the invoice batch", "Plan the product launch", "Research competitors"]) + tag,
        "response": ("Done." + tag) if status == "completed" else None, "status": status,
        "progress": 100 if status == "completed" else rng.choice([0, 10, 25, 50, 75, 90]),
        "evaluation": json.dumps({"user_rating": rng.randint(1, 5)} if rng.random() < 0.5 else {}),
        "llm_metadata": json.dumps({"provider": provider, "model": model, "prompt_tokens": prompt_tokens,
                                    "completion_tokens": completion_tokens,
                                    "total_tokens": prompt_tokens + completion_tokens,
                                    "cost_usd": round((prompt_tokens + completion_tokens) * 0.000004, 6)}),
        "error_code": rng.choice(ERROR_CODES) if failed else None,
        "error_message": ("The task failed." + tag) if failed else None,
        "started_at": started, "completed_at": completed, "created_at": created,
        "updated_at": completed or started or created,
        "deliverable_type": rng.choice(["text", "markdown", "json"]),
        "metadata": json.dumps({"note": tag.strip()}),
    })


def _projects(data: DemoData, user: DemoUser, tag: str, rng: random.Random, new_id: _Ids, now: datetime,
              conversations: list[dict[str, Any]]) -> None:
    for number in range(user.weight):
        conversation = rng.choice(conversations)
        parent = _project(data, tag, rng, new_id, now, conversation, None, f"Launch plan {number + 1}")
        children = [_project(data, tag, rng, new_id, now, conversation, parent, f"Workstream {number + 1}.{k + 1}")
                    for k in range(rng.randint(0, 2))]
        parent["subproject_count"] = len(children)


def _project(data: DemoData, tag: str, rng: random.Random, new_id: _Ids, now: datetime,
             conversation: dict[str, Any], parent: dict[str, Any] | None, name: str) -> dict[str, Any]:
    created = _ago(now, rng.random() * 24 * 40)
    project = data.add("projects", {
        "id": new_id(), "conversation_id": conversation["id"], "name": name + tag,
        "description": "Coordinated work" + tag, "plan_json": json.dumps({"steps": 4}),
        "status": rng.choice(PROJECT_STATUSES), "created_at": created, "updated_at": created,
        "parent_project_id": parent["id"] if parent else None, "hierarchy_level": 1 if parent else 0,
        "subproject_count": 0, "metadata": json.dumps({"note": tag.strip()}),
    })
    for index in range(rng.randint(2, 5)):
        status = rng.choice(["pending", "in_progress", "completed", "completed", "failed", "skipped"])
        started = created + timedelta(hours=index) if status != "pending" else None
        data.add("project_steps", {
            "id": new_id(), "project_id": project["id"], "step_id": f"step-{index + 1}", "step_index": index,
            "step_type": rng.choice(STEP_TYPES), "step_name": f"Step {index + 1}" + tag,
            "agent_name": rng.choice(list(AGENTS)), "prompt": "Do the step" + tag,
            "dependencies": [f"step-{index}"] if index else [], "status": status,
            "started_at": started, "completed_at": started + timedelta(minutes=30) if status == "completed"
            and started else None, "created_at": created, "updated_at": created,
            "metadata": json.dumps({"note": tag.strip()}),
        })
    return project


def _deliverables(data: DemoData, user: DemoUser, tag: str, rng: random.Random, new_id: _Ids, now: datetime,
                  conversations: list[dict[str, Any]], tasks: list[dict[str, Any]]) -> None:
    for _ in range(user.weight * 3):
        task = rng.choice(tasks)
        kind = rng.choice(DELIVERABLE_TYPES)
        created = _ago(now, rng.random() * 24 * 40)
        deliverable = data.add("deliverables", {
            "id": new_id(), "user_id": user.id, "conversation_id": rng.choice(conversations)["id"],
            "title": f"{kind.title()} draft" + tag, "type": kind, "created_at": created, "updated_at": created,
            "task_id": task["id"], "agent_name": rng.choice(list(AGENTS)), "metadata": json.dumps({"note": tag}),
        })
        versions = rng.randint(1, 3)
        for number in range(1, versions + 1):
            data.add("deliverable_versions", {
                "id": new_id(), "deliverable_id": deliverable["id"], "version_number": number,
                "content": f"Version {number} of the {kind}" + tag, "format": rng.choice(FORMATS),
                "is_current_version": number == versions,
                "created_by_type": "ai_response" if number == 1 else rng.choice(["ai_response", "user_edit"]),
                "task_id": task["id"], "metadata": json.dumps({"note": tag.strip()}),
                "created_at": created + timedelta(hours=number), "updated_at": created + timedelta(hours=number),
            })
