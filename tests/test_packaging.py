"""A built wheel works outside the checkout: the schema document, its policy, verified questions, corrections
and prompts ship as package data. Built from the sdist (as ``python -m build`` does), installed into a
folder of its own, run from another directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ALICE, ROOT

SHIPPED = {"nl2sql/schema_docs/core_platform.md", "nl2sql/schema_docs/core_platform.tenancy.toml",
           "nl2sql/schema_docs/core_platform.questions.toml", "nl2sql/schema_docs/core_platform.corrections.toml",
           "nl2sql/schema_docs/core_platform.lexicon.toml",
           "nl2sql/prompts/system.md.j2", "nl2sql/prompts/question.md.j2", "nl2sql/prompts/repair.md.j2",
           "nl2sql/prompts/malformed.md.j2",
           "nl2sql/web/static/index.html", "nl2sql/web/static/app.css", "nl2sql/web/static/js/app.js",
           "nl2sql/web/static/vendor/chart.js/chart.umd.min.js", "nl2sql/web/static/vendor/chart.js/LICENSE.md"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel, the folder it is installed in). No network: the build uses this venv's setuptools."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("*.whl"))
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    return wheel, target


def run_installed(target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH puts the installed copy ahead of the checkout's editable install; cwd is elsewhere.
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120, env=env,
                          cwd=target.parent, stdin=subprocess.DEVNULL)


def test_the_wheel_ships_the_project_files(installed: tuple[Path, Path]) -> None:
    names = set(zipfile.ZipFile(installed[0]).namelist())
    assert names >= SHIPPED
    assert not any(name.endswith(".learned.toml") for name in names)


def test_installed_check_finds_its_schema_document(installed: tuple[Path, Path]) -> None:
    target = installed[1]
    done = run_installed(target, "-m", "nl2sql.cli", "check", "SELECT count(*) FROM tasks", "--user-id", str(ALICE),
                         "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["tables"] == ["tasks"]


def test_installed_package_reads_its_own_copies(installed: tuple[Path, Path]) -> None:
    target = installed[1]
    script = ("import nl2sql, nl2sql.settings as s\n"
              "from nl2sql import Client\n"
              "from nl2sql.assistant import Assistant\n"
              "settings = s.Settings()\n"
              "assistant = Assistant(Client(None, settings))\n"
              "assert assistant.prompts.system\n"
              "print(nl2sql.__file__, settings.schema_doc, settings.prompts_dir, len(assistant.library.pairs))\n")
    done = run_installed(target, "-c", script)
    assert done.returncode == 0, done.stderr
    module, schema_doc, prompts, pairs = done.stdout.split()
    for path in (module, schema_doc, prompts):
        assert Path(path).is_relative_to(target), path
    assert int(pairs) > 10
