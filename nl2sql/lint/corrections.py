"""Corrected example queries kept beside the document (``<doc>.corrections.toml``), and the examples the
drafter may show an LLM: the document's own where they lint clean, the project's corrections otherwise."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog, ExampleQuery, Location
from ..errors import error
from .checks.examples import example_problems


@dataclass(frozen=True)
class Correction:
    corrects: str  # the title of the document's example it replaces
    why: str
    example: ExampleQuery


def load_corrections(path: Path | str, catalog: Catalog) -> tuple[Correction, ...]:
    """The corrections in ``path`` (none if it does not exist). Each must name a real example and lint clean;
    one that does not is an error, not a silent skip."""
    path = Path(path)
    if not path.exists():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise error("corrections_invalid", f"Cannot read {path}: {exc}") from exc
    titles = {example.title for example in catalog.examples}
    corrections: list[Correction] = []
    for number, item in enumerate(data.get("correction", []), start=1):
        corrects, sql = str(item.get("corrects", "")), str(item.get("sql", "")).strip()
        if corrects not in titles:
            raise error("corrections_invalid", f"{path.name}, correction {number}: no example titled {corrects!r} "
                                               f"in the document (examples: {', '.join(sorted(titles))}).")
        example = ExampleQuery(f"{corrects} (corrected)", sql, Location(f"{path.name} correction {number}", 0))
        problems = example_problems(example, catalog)
        if problems:
            raise error("corrections_invalid", f"{path.name}, correction {number}: {problems[0].message}")
        corrections.append(Correction(corrects, str(item.get("why", "")), example))
    return tuple(corrections)


def grounding_examples(catalog: Catalog, corrections: tuple[Correction, ...]) -> tuple[ExampleQuery, ...]:
    """Examples fit to show a model: clean ones as written, broken ones only through their correction."""
    corrected = {c.corrects: c.example for c in corrections}
    chosen: list[ExampleQuery] = []
    for example in catalog.examples:
        if example.title in corrected:
            chosen.append(corrected[example.title])
        elif not example_problems(example, catalog):
            chosen.append(example)
    return tuple(chosen)
