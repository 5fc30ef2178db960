"""The held-out questions stay held out: no verified phrasing, lexicon entry, rule or other test repeats one, the
tuning set shares none, and every gold query is real reporting SQL the guard accepts (answering alice on the
full demo database exactly as on a database holding only her rows)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nl2sql.client import Client
from nl2sql.evaluation import load_eval_file
from nl2sql.settings import Settings
from nl2sql.verified import load_library
from nl2sql.verified.text import normalize

from ..conftest import ALICE, ROOT, TenantDatabases
from ..test_adversarial import canonical

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "heldout.jsonl"
TUNING = HERE / "tuning.jsonl"


def _questions(path: Path) -> list[str]:
    return [case.question for case in load_eval_file(path)]


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9_.\-]+", normalize(text))) + " "


def test_the_sets_are_big_enough_and_include_declines() -> None:
    held = load_eval_file(HELDOUT)
    assert len(held) >= 120
    assert sum(case.must_decline for case in held) >= 20
    assert len({case.question for case in held}) == len(held)


def test_no_verified_phrasing_is_a_heldout_question() -> None:
    settings = Settings()
    library = load_library(settings.questions_path, Client(None, settings).guard, settings.learned_path)
    phrasings = {_words(p.text) for pair in library.pairs for p in pair.phrasings}
    assert not phrasings & {_words(q) for q in _questions(HELDOUT)}


def test_the_tuning_set_shares_no_question() -> None:
    assert not {_words(q) for q in _questions(HELDOUT)} & {_words(q) for q in _questions(TUNING)}


def _corpus() -> dict[Path, str]:
    """Every file that carries knowledge into the assistant (code, lexicons, libraries), the tests written for
    it and its documentation. (Other evaluation sets are measured, not learned from, and are left out.)"""
    files = [*ROOT.joinpath("nl2sql").rglob("*.py"), *ROOT.joinpath("schema_docs").glob("*"),
             *HERE.glob("*.py"), *HERE.glob("*.toml"), *ROOT.joinpath("bench").glob("*.py"),
             *ROOT.joinpath("docs").glob("*.md"), ROOT / "README.md", ROOT / "prompts" / "README.md"]
    return {path: _words(path.read_text(encoding="utf-8")) for path in files if path.is_file()}


def test_no_rule_lexicon_or_test_repeats_a_heldout_question() -> None:
    corpus = _corpus()
    assert any(path.suffix == ".toml" for path in corpus)
    found = [(question, path.name) for question in _questions(HELDOUT) if len(_words(question).split()) >= 3
             for path, text in corpus.items() if _words(question) in text]
    assert not found


def test_the_check_would_see_a_copied_question(tmp_path: Path) -> None:
    question = _questions(HELDOUT)[0]
    assert _words(question) in _words(f'questions = ["{question.upper()}", "other"]')


@pytest.mark.db
def test_every_heldout_gold_query_passes_the_guard_and_sees_only_alice(tenant_dbs: TenantDatabases) -> None:
    cases = [case for case in load_eval_file(HELDOUT) if case.gold_sql is not None]
    with Client(tenant_dbs.full, Settings(), pooled=True) as full, \
            Client(tenant_dbs.alice_only, Settings(), pooled=True) as alone:
        for case in cases:
            assert case.gold_sql is not None
            got = full.sql(case.gold_sql, user_id=ALICE, max_rows=10_000)
            assert "SECRET" not in json.dumps(canonical(got.rows), default=str), case.id
            if not case.order_matters:  # only alice's rows either way
                assert canonical(got.rows) == canonical(alone.sql(case.gold_sql, user_id=ALICE,
                                                                  max_rows=10_000).rows), case.id
