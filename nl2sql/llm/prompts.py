"""The prompts, rendered from jinja2 templates in ``prompts/``. The system prompt is static (the same for every
question and user) so a provider's prompt cache can reuse it; what varies comes after it. The asking user's
id never appears in a prompt (the guard binds it as ``$1``), and no row of data is ever sent."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..catalog import Catalog, ExampleQuery
from ..catalog.rules import where_patterns
from ..errors import error
from ..policy import TenancyPolicy


@dataclass(frozen=True)
class FewShot:
    question: str
    sql: str


@dataclass(frozen=True)
class Prompts:
    """Templates plus the static grounding, rendered once."""

    environment: jinja2.Environment
    system: str

    def question(self, question: str, examples: list[FewShot]) -> str:
        return self.environment.get_template("question.md.j2").render(question=question, examples=examples)

    def repair(self, sql: str, code: str, message: str, hints: list[str]) -> str:
        return self.environment.get_template("repair.md.j2").render(sql=sql, code=code, message=message,
                                                                    hints=hints)

    def malformed(self, problem: str) -> str:
        return self.environment.get_template("malformed.md.j2").render(problem=problem)


def load_prompts(folder: Path, catalog: Catalog, policy: TenancyPolicy, examples: tuple[ExampleQuery, ...]) -> Prompts:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), undefined=jinja2.StrictUndefined,
                                     autoescape=False, keep_trailing_newline=True, trim_blocks=True,
                                     lstrip_blocks=True)
    valid_tables = set(catalog.tables)
    aliases = [a for a in catalog.aliases if a.table in valid_tables]
    broken_patterns = {f.location for f in where_patterns(catalog)}
    patterns = [p for p in catalog.where_patterns if p.location not in broken_patterns]
    try:
        system = environment.get_template("system.md.j2").render(
            tables=list(catalog.tables.values()), aliases=aliases, where_patterns=patterns, examples=examples,
            ownership=_ownership(policy))
    except jinja2.TemplateError as exc:
        raise error("prompts_invalid", f"Cannot render the prompts in {folder}: {exc}") from exc
    return Prompts(environment, system)


def _ownership(policy: TenancyPolicy) -> list[str]:
    lines = []
    for name, rule in sorted(policy.tables.items()):
        if rule.owner_column:
            lines.append(f"{name}: a row is the user's when {name}.{rule.owner_column} = $1")
        else:
            lines.append(f"{name}: a row is the user's when its {rule.via} points at the user's {rule.parent} row")
    return lines
