"""The verified-question library: question -> SQL pairs kept in the project (``<doc>.questions.toml``) plus
the pairs users taught it (``nl2sql learn``). Every pair is checked when the library loads: its slots are well
formed and its SQL, with sample values in every slot, passes the guard. A pair that fails is an error."""

from __future__ import annotations

import json
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Nl2SqlError, error
from ..filecache import cached, code_version
from ..guard import Guard
from .slots import STATUS_WORDS, Slots, Window, extract
from .template import SLOT, Template, check_template
from .text import BASE_LEXICON, correct_typos, normalize, singular, tokens

_SAMPLE_USER = uuid.UUID(int=0)


@dataclass(frozen=True)
class VocabularyKind:
    name: str
    columns: tuple[str, ...]  # "table.column" the database's distinct values come from
    values: frozenset[str]  # what the project and the document say the column holds


@dataclass(frozen=True)
class Phrasing:
    text: str
    tokens: tuple[str, ...]
    slots: Slots


@dataclass(frozen=True)
class Pair:
    id: str
    sql: Template
    explanation: str
    phrasings: tuple[Phrasing, ...]
    source: str  # the file it came from


@dataclass
class Library:
    pairs: list[Pair]
    vocabulary: dict[str, VocabularyKind]
    known_words: frozenset[str] = field(default=frozenset())  # matching tokens the library (or schema) uses
    lexicon: frozenset[str] = field(default=frozenset())  # every word typos are corrected towards

    def seed_vocabulary(self) -> dict[str, frozenset[str]]:
        return {name: kind.values for name, kind in self.vocabulary.items()}

    def examples(self, limit: int = 8) -> list[str]:
        return [pair.phrasings[0].text for pair in self.pairs[:limit]]


def load_library(path: Path | str, guard: Guard, learned: Path | str | None = None,
                 cache_dir: Path | None = None) -> Library:
    """The library at ``path`` plus the learned pairs, each checked against the guard's catalog and policy.
    With ``cache_dir``, a library already checked from exactly these files, this catalog and policy and this
    code is reused (checking every pair through the guard costs more than the rest of a one-shot ``ask``)."""
    if cache_dir is None:
        return _load_library(Path(path), guard, learned)
    files = [Path(path), *([Path(learned)] if learned is not None else [])]
    parts: list[str | bytes] = [f.read_bytes() if f.exists() else b"(none)" for f in files]
    parts += [repr(sorted(guard.policy.scoped_sql.items())), repr(sorted(guard.catalog.tables.items())),
              code_version("verified", "guard")]
    return cached(cache_dir, "library", parts, Library, lambda: _load_library(Path(path), guard, learned))


def _load_library(path: Path, guard: Guard, learned: Path | str | None) -> Library:
    data = _read(path)
    vocabulary = {}
    for name, spec in data.get("vocabulary", {}).items():
        columns = _as_tuple(spec.get("column"))
        values = frozenset(spec.get("values", [])) | _ddl_defaults(columns, guard)
        vocabulary[name] = VocabularyKind(name, columns, values)
    library = Library([], vocabulary)
    items = [(item, path) for item in data.get("pair", [])]
    if learned is not None and Path(learned).exists():
        items += [(item, Path(learned)) for item in _read(Path(learned)).get("pair", [])]
    seen: set[str] = set()
    for item, source in items:
        pair = _pair(item, source, library, guard)
        if pair.id in seen:
            raise error("library_invalid", f"{source.name}: pair id {pair.id!r} is used twice.")
        seen.add(pair.id)
        library.pairs.append(pair)
    words = {token for pair in library.pairs for p in pair.phrasings for token in p.tokens}
    # Schema words are real words too: "user" must not be "corrected" to "use".
    catalog = guard.catalog
    for name in [*catalog.tables, *catalog.all_column_names]:
        words.update(singular(part) for part in name.split("_") if len(part) > 2)
    library.known_words = frozenset(words)
    raw = {w for pair in library.pairs for p in pair.phrasings for w in normalize(p.text).split()}
    library.lexicon = BASE_LEXICON | library.known_words | frozenset(raw) | frozenset(STATUS_WORDS)
    return library


def _ddl_defaults(columns: tuple[str, ...], guard: Guard) -> frozenset[str]:
    """String defaults the DDL gives those columns (``status TEXT DEFAULT 'pending'``): values it holds."""
    found = set()
    for qualified in columns:
        table_name, _, column_name = qualified.partition(".")
        table = guard.catalog.table(table_name)
        column = table.column(column_name) if table else None
        if column is None:
            raise error("library_invalid", f"Vocabulary column {qualified} is not in the catalog.")
        default = column.default or ""
        if len(default) >= 2 and default[0] == default[-1] == "'":
            found.add(default[1:-1].replace("''", "'"))
    return frozenset(found)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise error("library_invalid", f"Cannot read the verified-question library {path}: {exc}") from exc


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)  # type: ignore[attr-defined]


def analyse(text: str, library: Library, vocabulary: dict[str, frozenset[str]]) -> tuple[tuple[str, ...], Slots]:
    """A question's (or phrasing's) matching tokens and slots."""
    agents, types = vocabulary.get("agent", frozenset()), vocabulary.get("deliverable_type", frozenset())
    names = frozenset(w for name in agents | types for w in name.lower().replace("_", " ").split())
    text = correct_typos(normalize(text), library.lexicon | names)
    slots = extract(text, agents, types)
    return tuple(tokens(slots.tagged)), slots


def _pair(item: object, source: Path, library: Library, guard: Guard) -> Pair:
    if not isinstance(item, dict):
        raise error("library_invalid", f"{source.name}: every [[pair]] must be a table.")
    pair_id = str(item.get("id", "")).strip()
    where = f"{source.name}, pair {pair_id or '(no id)'}"
    questions = item.get("questions")
    sql = str(item.get("sql", "")).strip()
    if not pair_id or not sql or not isinstance(questions, list) or not questions:
        raise error("library_invalid", f"{where}: a pair needs an id, a sql and a non-empty questions list.")
    template = check_template(sql, where)
    seeds = library.seed_vocabulary()
    phrasings = []
    for question in questions:
        words, slots = analyse(str(question), library, seeds)
        phrasings.append(Phrasing(str(question), words, slots))
    _check_with_guard(template, where, guard, seeds)
    return Pair(pair_id, template, str(item.get("explanation", "")).strip(), tuple(phrasings), source.name)


def _check_with_guard(template: Template, where: str, guard: Guard, seeds: dict[str, frozenset[str]]) -> None:
    try:
        guard_template(template, guard, seeds)
    except Nl2SqlError as exc:
        raise error("library_invalid", f"{where}: its SQL fails the guard [{exc.code}]: {exc.message}") from exc


def guard_template(template: Template, guard: Guard, seeds: dict[str, frozenset[str]]) -> None:
    """Guard the template with a sample value in every slot, so every optional segment is checked too."""
    statuses = [tuple(sorted(values)) for name, values in seeds.items() if name.endswith("status") and values]
    sample = Slots("", Window("now() - interval '7 days'"), 5, statuses[:1] or [("x",)], ["agent"], ["type"])
    vocabulary = {**seeds, "agent": frozenset({"agent"}), "deliverable_type": frozenset({"type"})}
    for match in SLOT.finditer(template.sql):
        if match.group(1) == "status":
            values = seeds.get(match.group(2) or "")
            if not values:
                raise error("library_invalid", f"{match.group(0)} names no vocabulary with values.")
            sample.statuses = [tuple(sorted(values))]
    guard(template.render(sample, vocabulary), user_id=_SAMPLE_USER)


def append_learned(path: Path, pair_id: str, question: str, sql: str) -> None:
    """Add one pair to the learned-pairs file (TOML; JSON string escapes are valid TOML basic strings)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = (f"\n[[pair]]\nid = {json.dumps(pair_id)}\nquestions = [{json.dumps(question, ensure_ascii=False)}]\n"
             f"sql = {json.dumps(sql, ensure_ascii=False)}\nexplanation = \"Taught with nl2sql learn.\"\n")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(entry)
