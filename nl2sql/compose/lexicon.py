"""The lexicon: what each word of a question can mean in this schema. Built from the catalog (table and column
names, types, the documented relationships that the DDL backs, the tenancy policy's parent links) and from the
project's reviewed word list (``<doc>.lexicon.toml``). Every table, column and JSON key it names is checked
against the catalog when it loads; a wrong name is an error, not a skipped entry."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..errors import error
from ..filecache import cached, code_version
from ..policy import TenancyPolicy
from .words import phrase_key

_NUMERIC_SQL = ("INT", "SMALLINT", "BIGINT", "NUMERIC", "DECIMAL", "REAL", "DOUBLE", "FLOAT", "SERIAL")


@dataclass(frozen=True)
class Attribute:
    """A column, or a key of a JSON column, of one table: ``tasks.status``, ``tasks.llm_metadata.model``."""

    key: str  # "table.column" or "table.column.json_key"
    table: str
    column: str
    json_key: str | None
    type: str  # int | numeric | text | timestamp | bool | json | uuid
    values: bool = False  # a category: its distinct values are words for filters
    prefer: bool = False
    required: bool = False  # a JSON key read only where present (``column ? key``)
    additive: bool = False  # named alone as a measure, it is summed ("tokens per model")
    heads: tuple[tuple[str, ...], ...] = ()  # nouns a value stands before ("function agents")
    more: tuple[str, ...] = ()  # superlatives meaning "highest first" ("most expensive")
    less: tuple[str, ...] = ()  # ... and "lowest first" ("cheapest")

    @property
    def numeric(self) -> bool:
        return self.type in ("int", "numeric")

    @property
    def name(self) -> str:
        """The output column name: the JSON key, else the column."""
        return self.json_key or self.column


@dataclass(frozen=True)
class Entity:
    table: str
    time: str  # default timestamp column
    show: tuple[str, ...]
    label: str | None
    duration: tuple[str, str] | None = None  # what "how long" means: (start, end) timestamps


@dataclass(frozen=True)
class Join:
    """A many-to-one link the documentation and the DDL both back: ``child.column`` holds ``parent.key``."""

    child: str
    column: str
    parent: str
    key: str = "id"


@dataclass
class Lexicon:
    catalog: Catalog
    entities: dict[str, Entity]
    attributes: dict[str, Attribute]
    joins: tuple[Join, ...]
    #: phrase key (tuple of canonical words) -> what it can mean, as (kind, target) pairs:
    #: ("entity", table), ("verb", table), ("attr", attribute key), ("time", column name)
    phrases: dict[tuple[str, ...], list[tuple[str, str, str]]] = field(default_factory=dict)
    #: superlative phrase -> (attribute key, "desc" | "asc")
    superlatives: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
    #: attribute key -> value -> other words for it ("timed out" for TIMEOUT)
    synonyms: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def add(self, words: str, kind: str, target: str) -> None:
        key = phrase_key(words)
        if not key:
            return
        entry = (kind, target, words.lower())
        found = self.phrases.setdefault(key, [])
        if entry not in found:
            found.append(entry)

    def parent_join(self, child: str, parent: str) -> Join | None:
        return next((j for j in self.joins if j.child == child and j.parent == parent), None)

    def value_attributes(self) -> list[Attribute]:
        return [a for a in self.attributes.values() if a.values]

    def attributes_of(self, table: str) -> list[Attribute]:
        return [a for a in self.attributes.values() if a.table == table]

    def timestamp(self, table: str, column: str) -> Attribute | None:
        attribute = self.attributes.get(f"{table}.{column}")
        return attribute if attribute is not None and attribute.type == "timestamp" else None

    def reachable(self, table: str) -> list[tuple[str, Join | None]]:
        """The table itself, then the tables one documented many-to-one link away (a task's conversation)."""
        return [(table, None)] + [(j.parent, j) for j in self.joins if j.child == table]


def lexicon_path(schema_doc: Path) -> Path:
    return schema_doc.with_name(schema_doc.stem + ".lexicon.toml")


def load_lexicon(path: Path | str, catalog: Catalog, policy: TenancyPolicy, cache_dir: Path | None = None) -> Lexicon:
    """The lexicon at ``path`` over this catalog and policy. With ``cache_dir``, one already built from exactly
    this file, catalog, policy and code is reused (reading the TOML costs as much as answering a question)."""
    path = Path(path)
    if cache_dir is None:
        return _load_lexicon(path, catalog, policy)
    # Everything the lexicon is built from: the file, the catalog's tables and relationships (its joins), the
    # policy's parent links, the code. (A whole-catalog repr would not do: a frozenset's order changes per run.)
    parts: list[str | bytes] = [
        path.read_bytes() if path.exists() else b"(none)", repr(sorted(catalog.tables.items())),
        repr(catalog.relationships), repr(sorted((name, repr(table)) for name, table in policy.tables.items())),
        code_version("compose")]
    lexicon = cached(cache_dir, "lexicon", parts, Lexicon, lambda: _load_lexicon(path, catalog, policy))
    return replace(lexicon, catalog=catalog)  # the caller's catalog, not the copy the file carries


def _load_lexicon(path: Path, catalog: Catalog, policy: TenancyPolicy) -> Lexicon:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise error("lexicon_invalid", f"Cannot read the lexicon {path}: {exc}") from exc
    return build_lexicon(data, catalog, policy, source=path.name)


def build_lexicon(data: dict[str, Any], catalog: Catalog, policy: TenancyPolicy, *,
                  source: str = "lexicon") -> Lexicon:
    tables_spec: dict[str, Any] = data.get("tables", {})
    attributes: dict[str, Attribute] = {}
    # Every column of every real table is an attribute, named by its own words.
    for table in catalog.tables.values():
        for column in table.columns:
            key = f"{table.name}.{column.name}"
            attributes[key] = Attribute(key, table.name, column.name, None, _sql_type(column.type))
    for key, spec in data.get("attributes", {}).items():
        attributes[key] = _attribute(key, spec, catalog, attributes, source)
    entities = {}
    for name, table in catalog.tables.items():
        spec = tables_spec.get(name, {})
        time = str(spec.get("time", "created_at"))
        show = tuple(str(c) for c in spec.get("show", ["id"]))
        label = spec.get("label")
        duration = tuple(str(c) for c in spec.get("duration", []))
        if duration and len(duration) != 2:
            raise error("lexicon_invalid", f"{source}: tables.{name}.duration needs two timestamps (start, end).")
        for column in (time, *show, *([label] if label else []), *duration):
            if table.column(column) is None:
                raise error("lexicon_invalid", f"{source}: tables.{name} names column {column!r}, which "
                                               f"{name} does not have.")
        entities[name] = Entity(name, time, show, str(label) if label else None,
                                (duration[0], duration[1]) if duration else None)
    for name in tables_spec:
        if name not in catalog.tables:
            raise error("lexicon_invalid", f"{source}: tables.{name}: no such table in the schema document.")
    lexicon = Lexicon(catalog, entities, attributes, _joins(catalog, policy))
    for name in catalog.tables:
        spec = tables_spec.get(name, {})
        lexicon.add(name.replace("_", " "), "entity", name)
        for word in spec.get("words", []):
            lexicon.add(str(word), "entity", name)
        for word in spec.get("verbs", []):
            lexicon.add(str(word), "verb", name)
    for attribute in attributes.values():
        if attribute.column == "id":
            continue
        spec = data.get("attributes", {}).get(attribute.key, {})
        words = [str(w) for w in spec.get("words", [])]
        if attribute.json_key is None and attribute.type not in ("timestamp", "uuid", "json"):
            words.append(attribute.column.replace("_", " "))  # the column's own name, spoken
        for word in words:
            lexicon.add(word, "attr", attribute.key)
        for word in attribute.more:
            lexicon.superlatives.setdefault(phrase_key(word), []).append((attribute.key, "desc"))
        for word in attribute.less:
            lexicon.superlatives.setdefault(phrase_key(word), []).append((attribute.key, "asc"))
    for column, spec in data.get("time", {}).items():
        if not any(t.column(column) is not None for t in catalog.tables.values()):
            raise error("lexicon_invalid", f"{source}: time.{column}: no table has that column.")
        for word in spec.get("words", []):
            lexicon.add(str(word), "time", column)
        for word in spec.get("absent", {}).get("words", []):
            lexicon.add(str(word), "absent", column)
    for key, spec in data.get("synonyms", {}).items():
        if key not in attributes or not attributes[key].values:
            raise error("lexicon_invalid", f"{source}: synonyms.{key}: not a category attribute (values = true).")
        for value, spoken in spec.items():
            lexicon.synonyms.setdefault(key, {})[str(value)] = tuple(str(w) for w in spoken)
    return lexicon


def _attribute(key: str, spec: dict[str, Any], catalog: Catalog, columns: dict[str, Attribute],
               source: str) -> Attribute:
    parts = key.split(".")
    if len(parts) not in (2, 3):
        raise error("lexicon_invalid", f"{source}: attribute {key!r} is not table.column or table.column.key.")
    base = columns.get(".".join(parts[:2]))
    if base is None:
        raise error("lexicon_invalid", f"{source}: attribute {key!r}: no such column in the schema document.")
    json_key = parts[2] if len(parts) == 3 else None
    if json_key is not None and base.type != "json":
        raise error("lexicon_invalid", f"{source}: attribute {key!r}: {base.column} is not a JSON column.")
    kind = str(spec.get("type", base.type if json_key is None else "text"))
    if kind not in ("int", "numeric", "text", "timestamp", "bool", "json", "uuid"):
        raise error("lexicon_invalid", f"{source}: attribute {key!r}: unknown type {kind!r}.")
    return Attribute(key, base.table, base.column, json_key, kind, bool(spec.get("values", False)),
                     bool(spec.get("prefer", False)), bool(spec.get("required", False)),
                     bool(spec.get("additive", False)), tuple(phrase_key(str(w)) for w in spec.get("heads", [])),
                     tuple(str(w) for w in spec.get("more", [])), tuple(str(w) for w in spec.get("less", [])))


def _sql_type(sql_type: str) -> str:
    upper = sql_type.upper()
    if upper.startswith(_NUMERIC_SQL):
        return "int" if "INT" in upper or "SERIAL" in upper else "numeric"
    if upper.startswith("TIMESTAMP") or upper.startswith("DATE"):
        return "timestamp"
    if upper.startswith("BOOL"):
        return "bool"
    if upper.startswith("JSON"):
        return "json"
    if upper.startswith("UUID"):
        return "uuid"
    if upper.endswith("[]"):
        return "json"  # arrays: not compared or summed
    return "text"


def _joins(catalog: Catalog, policy: TenancyPolicy) -> tuple[Join, ...]:
    """Many-to-one links that are documented and backed by the DDL: the document's relationships whose tables
    exist (a name the document gets wrong is resolved only when exactly one real table ends with it) and whose
    child holds a UUID column pointing at the parent, plus the reviewed tenancy policy's parent links."""
    joins: list[Join] = []
    for rel in catalog.relationships:
        parent, child = _resolve(rel.source, catalog), _resolve(rel.target, catalog)
        if parent is None or child is None or parent == "users":
            continue  # every row is the asking user's anyway: joining users adds nothing
        column = _pointer(catalog, child, parent)
        if column is not None:
            joins.append(Join(child, column, parent))
    for name, table_policy in policy.tables.items():
        parent_name, via = getattr(table_policy, "parent", None), getattr(table_policy, "via", None)
        if parent_name and via and name in catalog.tables and parent_name in catalog.tables:
            key = getattr(table_policy, "parent_key", None) or "id"
            join = Join(name, via, parent_name, key)
            if join not in joins:
                joins.append(join)
    return tuple(joins)


def _resolve(name: str, catalog: Catalog) -> str | None:
    if name in catalog.tables:
        return name
    ends = [t for t in catalog.tables if t.endswith("_" + name)]
    return ends[0] if len(ends) == 1 else None


def _pointer(catalog: Catalog, child: str, parent: str) -> str | None:
    stem = parent[:-1] if parent.endswith("s") else parent
    candidates = (f"{stem}_id", f"{parent}_id", f"{stem.rsplit('_', 1)[-1]}_id")
    table = catalog.tables[child]
    for column in table.columns:
        if column.name in candidates and column.type.upper().startswith("UUID"):
            return column.name
    return None
