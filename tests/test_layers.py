"""The architecture as a test: imports point down only (``../shared/design/layers.md``). A module may use anything
in its own layer or below, nothing above. The package's ``__init__`` (the public API) is exempt: it re-exports."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nl2sql"

LAYERS: list[set[str]] = [
    {"errors", "settings", "identifiers", "inputs", "output", "findings", "filecache", "lru", "catalog",
     "policy"},  # ground
    {"guard", "db"},  # core
    {"client"},  # front door
    {"assistant", "compose", "evaluation", "explain", "lint", "llm", "rls", "verified", "payloads"},  # features
    {"cli", "service", "mcp", "web"},  # adapters
]


def layer(area: str) -> int:
    return next(i for i, areas in enumerate(LAYERS) if area in areas)


def imports() -> list[tuple[str, str]]:
    edges = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        package = parts if path.name == "__init__.py" else parts[:-1]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = list(package[: len(package) - node.level + 1])
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                names = [target] if node.module or not node.level else [f"{target}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            edges += [(module, name) for name in names if name.startswith("nl2sql.") and module != "nl2sql"]
    return edges


def area(module: str) -> str:
    return module.split(".")[1]


def test_every_area_has_a_layer() -> None:
    areas = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())) and p.name != "__init__.py"}
    areas.discard("__main__")
    assert areas <= set().union(*LAYERS), areas - set().union(*LAYERS)


def test_imports_point_down_only() -> None:
    upward = sorted({(source, target) for source, target in imports()
                     if layer(area(source)) < layer(area(target))})
    assert upward == [], "\n".join(f"{s} -> {t}" for s, t in upward)
