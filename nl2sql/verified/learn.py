"""``nl2sql learn``: add a question -> SQL pair to the learned file, all or nothing. The SQL is checked like a
library pair (slots, guard) before anything is written, and the library must load with it afterwards, or the
file is put back as it was."""

from __future__ import annotations

import re

from ..client import Client
from ..errors import Nl2SqlError, error
from ..inputs import checked_text
from .library import Library, analyse, append_learned, guard_template, load_library
from .template import check_template


def learn(client: Client, question: str, sql: str) -> str:
    settings = client.settings
    question = " ".join(checked_text(question, "The question").split())
    sql = checked_text(sql, "The SQL").strip().rstrip(";").strip()
    if not question:
        raise error("empty_question", "The question to learn is empty.")
    if not sql:
        raise error("usage", "The SQL to learn is empty.")
    library = load_library(settings.questions_path, client.guard, settings.learned_path)
    # The guard's own error (and exit status) for SQL it refuses, before anything is written.
    guard_template(check_template(sql, "the SQL to learn"), client.guard, library.seed_vocabulary())
    _refuse_duplicate(question, library)
    path = settings.learned_path
    before = path.read_text(encoding="utf-8") if path.exists() else None
    pair_id = _next_id(library)
    append_learned(path, pair_id, question, sql)
    try:
        load_library(settings.questions_path, client.guard, path)
    except Nl2SqlError:
        if before is None:
            path.unlink()
        else:
            path.write_text(before, encoding="utf-8")
        raise
    return pair_id


def _refuse_duplicate(question: str, library: Library) -> None:
    words, _ = analyse(question, library, library.seed_vocabulary())
    for pair in library.pairs:
        for phrasing in pair.phrasings:
            if phrasing.tokens == words:
                raise error("duplicate_question", f"{question!r} is already answered by pair {pair.id} "
                                                  f"({phrasing.text!r}, in {pair.source}).")


def _next_id(library: Library) -> str:
    numbers = [int(m.group(1)) for p in library.pairs if (m := re.fullmatch(r"learned-(\d+)", p.id))]
    return f"learned-{max(numbers, default=0) + 1}"
