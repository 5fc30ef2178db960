"""Read a markdown schema document into a :class:`Catalog`.

The document's structure (headings, fenced blocks) is read by a CommonMark parser (markdown-it-py). Fenced
``sql`` blocks are parsed with sqlglot (postgres): ``CREATE TABLE`` defines tables, ``CREATE INDEX``
declares indexes, queries are example queries. The prose sections keep their knowledge as data: table aliases,
WHERE patterns, relationships and notes. Nothing is corrected here; validating the claims is lint's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

import sqlglot
from markdown_it import MarkdownIt
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType  # type: ignore[attr-defined]

from ..errors import error, first_line
from ..identifiers import fold, truncate
from .model import (
    Catalog,
    Column,
    ExampleQuery,
    Index,
    Location,
    Note,
    Relationship,
    Table,
    TableAlias,
    UnparsedBlock,
    WherePattern,
)

_LANGUAGE = re.compile(r"[\s{.]*([\w-]+)")
_ALIAS_ITEM = re.compile(r"^\s*[-*]\s+`([^`]+)`\s*=\s*`?([\w.]+)`?")
_RELATIONSHIP_ITEM = re.compile(r"^\s*[-*]\s+`([\w.]+)`\s*(?:→|->)\s*`([\w.]+)`\s*(?:\(([^)]*)\))?")
_WHERE_ITEM = re.compile(r"^\s*[-*]\s+([^:`]+):\s*(.*)$")
_LIST_ITEM = re.compile(r"^\s*[-*]\s+(.*\S)\s*$")
_BACKTICKED = re.compile(r"`([^`]+)`")


@dataclass
class _Block:
    language: str
    first_line: int
    section: str
    lines: list[str]


def parse_document(text: str, *, name: str = "schema") -> Catalog:
    builder = _CatalogBuilder(name)
    lines = text.splitlines()
    fences, headings = _structure(text, lines)
    section = "(top)"
    number = 0
    while number < len(lines):
        if number in fences:
            block, closed, end = fences[number]
            block.section = section
            if closed:
                builder.add_block(block)
            else:
                builder.unparsed.append(UnparsedBlock("\n".join(block.lines), "unclosed code fence",
                                                      Location(section, block.first_line)))
            number = end
            continue
        if number in headings:
            section = headings[number]
        else:
            builder.add_prose_line(lines[number], Location(section, number + 1))
        number += 1
    catalog = builder.build()
    if not catalog.tables:
        raise error("schema_document_invalid", f"The schema document {name!r} defines no table with CREATE TABLE.")
    return catalog


def _structure(text: str, lines: list[str]) -> tuple[dict[int, tuple[_Block, bool, int]], dict[int, str]]:
    """Fenced blocks (by their opening line: the block, whether it was closed, the line after it) and headings
    (line -> title), as a CommonMark parser reads them: ``~~~`` fences and info strings with attributes
    (```` ```sql {.x} ````) included, 0-based lines."""
    fences: dict[int, tuple[_Block, bool, int]] = {}
    headings: dict[int, str] = {}
    tokens = MarkdownIt("commonmark").parse(text)
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "fence":
            language = _LANGUAGE.match(token.info)
            closing = lines[end - 1].strip() if end - 1 > start else ""
            closed = closing.startswith(token.markup) and closing.strip(token.markup[0]) == ""
            body = token.content.splitlines()
            fences[start] = (_Block(language.group(1).lower() if language else "", start + 2, "", body), closed, end)
        elif token.type == "heading_open" and index + 1 < len(tokens):
            headings[start] = tokens[index + 1].content.strip()
    return fences, headings


class _CatalogBuilder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.tables: dict[str, Table] = {}
        self.indexes: list[Index] = []
        self.examples: list[ExampleQuery] = []
        self.aliases: list[TableAlias] = []
        self.relationships: list[Relationship] = []
        self.where_patterns: list[WherePattern] = []
        self.notes: list[Note] = []
        self.unparsed: list[UnparsedBlock] = []

    def build(self) -> Catalog:
        names = frozenset(column.name for table in self.tables.values() for column in table.columns)
        return Catalog(self.name, self.tables, tuple(self.indexes), tuple(self.examples), tuple(self.aliases),
                       tuple(self.relationships), tuple(self.where_patterns), tuple(self.notes),
                       tuple(self.unparsed), names)

    # -- prose ---------------------------------------------------------------------------------------------
    def add_prose_line(self, line: str, location: Location) -> None:
        section = location.section.lower()
        stripped = line.strip()
        if stripped.startswith("-- ") and stripped[3:].strip():
            self.notes.append(Note(stripped[3:].strip(), location))
        elif "alias" in section and (match := _ALIAS_ITEM.match(line)):
            self.aliases.append(TableAlias(match.group(1), _unqualify(match.group(2)), location))
        elif "relationship" in section and (match := _RELATIONSHIP_ITEM.match(line)):
            self.relationships.append(Relationship(_unqualify(match.group(1)), _unqualify(match.group(2)),
                                                   (match.group(3) or "").strip(), location))
        elif "where" in section and (match := _WHERE_ITEM.match(line)):
            snippets = tuple(_BACKTICKED.findall(match.group(2)))
            if snippets:
                self.where_patterns.append(WherePattern(match.group(1).strip(), snippets, location))
        elif match := _LIST_ITEM.match(line):
            self.notes.append(Note(match.group(1), location))

    # -- sql -----------------------------------------------------------------------------------------------
    def add_block(self, block: _Block) -> None:
        if block.language not in ("sql", "postgresql", "pgsql"):
            return
        text = "\n".join(block.lines)
        for sql, line in _split_statements(text, block, self.unparsed):
            location = Location(block.section, line)
            try:
                statement = sqlglot.parse_one(sql, dialect="postgres")
            except SqlglotError as exc:
                self.unparsed.append(UnparsedBlock(sql, first_line(str(exc)), location))
                continue
            self._add_statement(cast(exp.Expression, statement), sql, location)

    def _add_statement(self, statement: exp.Expression, sql: str, location: Location) -> None:
        if isinstance(statement, exp.Create) and statement.kind == "TABLE":
            table = _table_from_create(statement, location)
            if table.name in self.tables:
                self.unparsed.append(UnparsedBlock(sql, f"table {table.name} is defined twice", location))
            else:
                self.tables[table.name] = table
        elif isinstance(statement, exp.Create) and statement.kind == "INDEX":
            self.indexes.append(_index_from_create(statement, sql, location))
        elif isinstance(statement, exp.Query):
            self.examples.append(ExampleQuery(location.section, sql.strip().rstrip(";"), location))
        else:
            self.unparsed.append(UnparsedBlock(sql, f"unsupported statement {statement.key.upper()}", location))


def _split_statements(text: str, block: _Block, unparsed: list[UnparsedBlock]) -> list[tuple[str, int]]:
    """Statements of a block with the document line each starts on, cut at top-level semicolons."""
    try:
        tokens = sqlglot.Dialect.get_or_raise("postgres").tokenize(text)
    except SqlglotError as exc:
        unparsed.append(UnparsedBlock(text, first_line(str(exc)), Location(block.section, block.first_line)))
        return []
    statements: list[tuple[str, int]] = []
    start: int | None = None
    start_line = 0
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            if start is not None:
                statements.append((text[start : token.start], block.first_line + start_line - 1))
            start = None
        elif start is None:
            # Cut at the start of the line so the statement keeps its leading comment and indentation.
            start, start_line = text.rfind("\n", 0, token.start) + 1, token.line
    if start is not None:
        statements.append((text[start:], block.first_line + start_line - 1))
    return statements


def _table_from_create(statement: exp.Create, location: Location) -> Table:
    schema = statement.this
    table = schema.this if isinstance(schema, exp.Schema) else schema
    columns: list[Column] = []
    table_level_pk: set[str] = set()
    for item in schema.expressions if isinstance(schema, exp.Schema) else []:
        if isinstance(item, exp.ColumnDef):
            columns.append(_column(item))
        elif isinstance(item, exp.PrimaryKey):
            table_level_pk.update(identifier_name(part) for part in item.expressions)
    if table_level_pk:
        columns = [Column(c.name, c.type, False, c.default, True, c.unique) if c.name in table_level_pk else c
                   for c in columns]
    return Table(identifier_name(table.args.get("db")) or "public", identifier_name(table.this), tuple(columns),
                 location, statement.sql(dialect="postgres"))


def _column(definition: exp.ColumnDef) -> Column:
    kind = definition.args.get("kind")
    nullable, default, primary_key, unique = True, None, False, False
    for constraint in definition.args.get("constraints") or []:
        kind_of = constraint.args.get("kind")
        if isinstance(kind_of, exp.PrimaryKeyColumnConstraint):
            primary_key, nullable = True, False
        elif isinstance(kind_of, exp.NotNullColumnConstraint) and not kind_of.args.get("allow_null"):
            nullable = False
        elif isinstance(kind_of, exp.DefaultColumnConstraint):
            default = kind_of.this.sql(dialect="postgres")
        elif isinstance(kind_of, exp.UniqueColumnConstraint):
            unique = True
    type_sql = kind.sql(dialect="postgres") if kind is not None else "unknown"
    return Column(identifier_name(definition.this), type_sql, nullable, default, primary_key, unique)


def _index_from_create(statement: exp.Create, sql: str, location: Location) -> Index:
    index = statement.this
    table = index.args.get("table")
    params = index.args.get("params")
    columns: list[str] = []
    where = None
    if params is not None:
        for ordered in params.args.get("columns") or []:
            target = ordered.this if isinstance(ordered, exp.Ordered) else ordered
            columns.append(identifier_name(target.this) if isinstance(target, exp.Column)
                           else target.sql(dialect="postgres"))
        if params.args.get("where") is not None:
            where = params.args["where"].this.sql(dialect="postgres")
    return Index(
        name=identifier_name(index.this),
        schema=(identifier_name(table.args.get("db")) if table is not None else "") or "public",
        table=identifier_name(table.this) if table is not None else "",
        columns=tuple(columns),
        unique=bool(statement.args.get("unique")),
        where=where,
        location=location,
        sql=sql.strip(),
    )


def _unqualify(name: str) -> str:
    return name.split(".")[-1].lower()


def identifier_name(node: exp.Expression | str | None) -> str:
    """Unquoted identifiers fold to lower case (ASCII only), quoted ones keep their case."""
    if node is None:
        return ""
    if isinstance(node, str):
        return fold(node)
    if isinstance(node, exp.Identifier):
        return truncate(str(node.this)) if node.quoted else fold(str(node.this))
    return fold(node.name)
