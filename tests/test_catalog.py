"""The schema document as a catalog: what it defines, and what it only claims."""

from __future__ import annotations

import pytest

from nl2sql.catalog import Catalog, parse_document
from nl2sql.errors import ConfigurationError


def test_only_create_table_defines_tables(catalog: Catalog) -> None:
    assert set(catalog.tables) == {"users", "agent_conversations", "tasks", "projects", "deliverables",
                                   "deliverable_versions", "project_steps"}
    tasks = catalog.tables["tasks"]
    assert len(tasks.columns) == 24
    assert tasks.column("user_id") is not None and not tasks.column("user_id").nullable  # type: ignore[union-attr]
    assert tasks.column("status").default == "'pending'"  # type: ignore[union-attr]
    assert catalog.tables["users"].column("id").primary_key  # type: ignore[union-attr]
    assert catalog.tables["users"].column("email").unique  # type: ignore[union-attr]
    assert catalog.tables["project_steps"].column("dependencies").type == "TEXT[]"  # type: ignore[union-attr]


def test_prose_knowledge_is_structured(catalog: Catalog) -> None:
    assert {(a.alias, a.table) for a in catalog.aliases} >= {("t", "tasks"), ("c", "conversations")}
    assert ("users", "conversations") in {(r.source, r.target) for r in catalog.relationships}
    assert any(p.label == "User isolation" for p in catalog.where_patterns)
    assert [e.title for e in catalog.examples] == ["User's Recent Conversations", "Active Tasks for User",
                                                    "Agent Activity Summary", "Project Progress"]
    assert any("agents table does not exist" in n.text for n in catalog.notes)


def test_indexes_keep_their_claims_and_locations(catalog: Catalog) -> None:
    by_name = {i.name: i for i in catalog.indexes}
    assert by_name["idx_tasks_user_status"].columns == ("user_id", "status", "created_at")
    assert by_name["idx_agents_active"].where == "status = 'active'"
    assert by_name["idx_conversations_user_recent"].table == "conversations"  # claimed, not real
    assert catalog.indexes_on("conversations") == ()
    assert by_name["users_email_key"].location.line == 32


def test_broken_blocks_are_kept_for_lint() -> None:
    catalog = parse_document("# T\n```sql\nCREATE TABLE a (id int);\nSELEC nonsense FROM;\n```\n")
    assert set(catalog.tables) == {"a"} and len(catalog.unparsed) == 1
    assert catalog.unparsed[0].location.line == 4


def test_a_document_without_tables_is_refused() -> None:
    with pytest.raises(ConfigurationError) as err:
        parse_document("# Nothing here\n")
    assert err.value.code == "schema_document_invalid"


def test_fences_are_read_as_commonmark_reads_them() -> None:
    """Tilde fences, info strings with attributes, and a longer closing fence are all fences; a fence that is
    never closed is kept for lint, with where it starts."""
    document = ("# Tables\n\n~~~sql\nCREATE TABLE public.a (id UUID PRIMARY KEY);\n~~~\n\n"
                "```SQL {.ddl title=\"b\"}\nCREATE TABLE public.b (id UUID PRIMARY KEY);\n````\n\n"
                "## Examples\n\n```sql\nSELECT id FROM a\n```\n\n## Broken\n\n```sql\nSELECT 1\n")
    catalog = parse_document(document)
    assert set(catalog.tables) == {"a", "b"}
    assert [(e.sql.strip(), e.location.section) for e in catalog.examples] == [("SELECT id FROM a", "Examples")]
    assert [(u.reason, u.location.line) for u in catalog.unparsed] == [("unclosed code fence", 20)]
