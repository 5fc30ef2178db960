"""``nl2sql lint``: the real document's known faults, one small broken document per finding code, drift
against a real PostgreSQL, and the corrections the drafter shows instead of broken examples."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from nl2sql.catalog import Catalog, parse_document
from nl2sql.db.introspect import read_live_schema
from nl2sql.db.loader import create_schema
from nl2sql.errors import ConfigurationError
from nl2sql.lint import has_errors, lint, load_corrections
from nl2sql.lint.corrections import grounding_examples
from nl2sql.settings import Settings

from .conftest import ROOT, Databases

TASKS = """```sql
CREATE TABLE public.tasks (id UUID PRIMARY KEY, user_id UUID NOT NULL, status TEXT, email TEXT UNIQUE);
```
"""

# One small document per finding code: the code it must raise, and nothing it must not.
BROKEN = {
    "sql_unparsed": TASKS + "```sql\nSELEC oops FROM;\n```\n",
    "index_unknown_table": TASKS + "```sql\nCREATE INDEX i ON public.taks(user_id);\n```\n",
    "index_unknown_column": TASKS + "```sql\nCREATE INDEX i ON tasks(owner_id);\n```\n",
    "index_name_collision": TASKS + "```sql\nCREATE UNIQUE INDEX tasks_email_key ON tasks(email);\n```\n",
    "index_duplicate_name": TASKS + "```sql\nCREATE INDEX i ON tasks(user_id);\n"
                                    "CREATE INDEX i ON tasks(status);\n```\n",
    "index_redundant": TASKS + "```sql\nCREATE INDEX a ON tasks(user_id);\n"
                               "CREATE INDEX b ON tasks(user_id);\n```\n",
    "alias_unknown_table": TASKS + "## Table Aliases\n- `m` = messages\n",
    "alias_ambiguous": TASKS + "```sql\nCREATE TABLE projects (id UUID PRIMARY KEY);\n```\n"
                               "## Table Aliases\n- `t` = tasks\n- `t` = projects\n",
    "relationship_unknown_table": TASKS + "## Relationships\n- `users` → `tasks` (1:many)\n",
    "relationship_unbacked": TASKS + "```sql\nCREATE TABLE projects (id UUID PRIMARY KEY, name TEXT);\n```\n"
                                     "## Relationships\n- `tasks` → `projects` (1:many)\n",
    "example_unknown_table": TASKS + "```sql\nSELECT * FROM messages;\n```\n",
    "example_unknown_column": TASKS + "```sql\nSELECT t.priority FROM tasks t;\n```\n",
    "example_rejected": TASKS + "```sql\nSELECT pg_sleep(1) FROM tasks;\n```\n",
    "example_bad_cast": TASKS + "```sql\nSELECT * FROM tasks WHERE id = 'task_id'::UUID;\n```\n",
    "where_pattern_unparsable": TASKS + "## Common WHERE Patterns\n- Broken: `WHERE status = (`\n",
    "where_pattern_unknown_column": TASKS + "## Common WHERE Patterns\n- Priority: `WHERE priority = 1`\n",
    "where_pattern_parameter_type": TASKS + "## Common WHERE Patterns\n- By status: `WHERE status = $1`\n",
    "foreign_key_unindexed": TASKS,
    "claim_foreign_keys_indexed": TASKS + "## Indexes\n- Foreign key columns automatically indexed\n",
}
CLEAN = TASKS + "```sql\nCREATE INDEX tasks_user ON tasks(user_id, status);\nSELECT status, count(*) FROM tasks " \
                "GROUP BY status;\n```\n## Table Aliases\n- `t` = tasks\n"


def codes(text: str) -> set[str]:
    return {finding.code for finding in lint(parse_document(text))}


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_each_broken_document_raises_its_code(code: str) -> None:
    assert code in codes(BROKEN[code])


def test_a_clean_document_has_no_findings() -> None:
    assert lint(parse_document(CLEAN)) == []


def test_every_code_is_documented() -> None:
    documented = set(re.findall(r"^\| `(\w+)` \|", (ROOT / "docs" / "lint.md").read_text(), re.MULTILINE))
    # example_unparsable: only a correction can hold SQL that does not parse (see the corrections test).
    emitted = set(BROKEN) | {"example_corrected", "example_unparsable"} | DRIFT_CODES
    assert documented == emitted


def test_the_real_document(catalog: Catalog, settings: Settings) -> None:
    findings = lint(catalog, corrections=load_corrections(settings.corrections_path, catalog))
    by_code: dict[str, list[int]] = {}
    for finding in findings:
        assert finding.location is not None
        by_code.setdefault(finding.code, []).append(finding.location.line)
    assert has_errors(findings)
    assert sorted(by_code["index_unknown_table"]) == [196, 199, 205]  # conversations, messages, agents
    assert by_code["index_name_collision"] == [32]  # users_email_key vs the UNIQUE constraint
    assert by_code["index_redundant"] == [33]
    assert sorted(by_code["example_unknown_table"]) == [215, 227]
    assert sorted(by_code["example_unknown_column"]) == [227, 237, 248]  # every problem of an example
    assert sorted(by_code["example_corrected"]) == [215, 227, 237, 248]
    assert sorted(by_code["alias_unknown_table"]) == [287, 288, 290]
    assert sorted(by_code["relationship_unknown_table"]) == [266, 267, 269]
    assert sorted(by_code["relationship_unbacked"]) == [270, 271]
    assert by_code["claim_foreign_keys_indexed"] == [190]
    assert by_code["where_pattern_parameter_type"] == [306, 306]  # agent_name/agent_type = $1: $1 is the user id
    assert "idx_tasks_user_status" not in json.dumps([f.to_dict() for f in findings])  # the one good index


def test_grounding_uses_corrections_never_broken_examples(catalog: Catalog, settings: Settings) -> None:
    shown = grounding_examples(catalog, load_corrections(settings.corrections_path, catalog))
    assert len(shown) == 4 and all(example.title.endswith("(corrected)") for example in shown)
    assert not any("conversations c" in e.sql and "agent_conversations" not in e.sql for e in shown)
    assert grounding_examples(catalog, ()) == ()  # every example of the document is broken


@pytest.mark.parametrize(("toml", "fragment"), [
    ('[[correction]]\ncorrects = "No such example"\nsql = "SELECT 1"', "no example titled"),
    ('[[correction]]\ncorrects = "Project Progress"\nsql = "SELECT p.user_id FROM projects p"', "user_id"),
    ("[[correction]\n", "Cannot read"),
    ('[[correction]]\ncorrects = "Project Progress"\nsql = "SELECT FROM WHERE ("', "does not parse"),
])
def test_a_bad_correction_is_an_error(tmp_path: Path, catalog: Catalog, toml: str, fragment: str) -> None:
    path = tmp_path / "x.corrections.toml"
    path.write_text(toml)
    with pytest.raises(ConfigurationError) as raised:
        load_corrections(path, catalog)
    assert raised.value.code == "corrections_invalid" and fragment in raised.value.message


DRIFT_CODES = {"drift_missing_table", "drift_missing_column", "drift_type_mismatch", "drift_undocumented_column",
               "drift_undocumented_table", "drift_missing_index"}


def test_drift_against_a_live_database(databases: Databases, catalog: Catalog) -> None:
    dsn = databases.create("drift")
    with psycopg.connect(dsn) as conn:
        create_schema(conn, catalog)
        assert {f.code for f in lint(catalog, read_live_schema(dsn))} & DRIFT_CODES == set()
        conn.execute("DROP TABLE project_steps")
        conn.execute("ALTER TABLE tasks DROP COLUMN progress_message")
        conn.execute("ALTER TABLE tasks ALTER COLUMN progress TYPE bigint")
        conn.execute("ALTER TABLE tasks ADD COLUMN secret_flag boolean")
        conn.execute("CREATE TABLE audit_log (id int)")
        conn.execute("DROP INDEX idx_tasks_user_status")
    found = {(f.code, f.message.split(" ")[0]) for f in lint(catalog, read_live_schema(dsn))
             if f.code in DRIFT_CODES}
    assert found == {("drift_missing_table", "Table"), ("drift_missing_column", "tasks.progress_message"),
                     ("drift_type_mismatch", "tasks.progress"), ("drift_undocumented_column", "tasks.secret_flag"),
                     ("drift_undocumented_table", "Table"), ("drift_missing_index", "Index")}


def test_cli_lint_json_and_exit_status(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "nl2sql.cli", "lint", *args], capture_output=True, text=True,
                              timeout=60)
    broken = run("--format", "json")
    assert broken.returncode == 6
    payload = json.loads(broken.stdout)
    assert {"severity", "code", "message", "location"} <= set(payload["findings"][0])
    clean = tmp_path / "clean.md"
    clean.write_text(CLEAN)
    assert run(str(clean)).returncode == 0
    missing = run(str(tmp_path / "missing.md"), "--format", "json")
    assert missing.returncode == 5 and json.loads(missing.stdout)["error"]["code"] == "schema_document_invalid"
