"""The catalog: what the schema document says, as structured, typed data."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where something stands in the schema document: its section heading and 1-based line."""

    section: str
    line: int

    def __str__(self) -> str:
        return f"line {self.line} ({self.section})"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool = True
    default: str | None = None
    primary_key: bool = False
    unique: bool = False


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...]
    location: Location
    ddl: str

    def column(self, name: str) -> Column | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Index:
    name: str
    schema: str
    table: str
    columns: tuple[str, ...]  # plain column names; an expression column is kept as its SQL text
    unique: bool
    where: str | None
    location: Location
    sql: str


@dataclass(frozen=True)
class ExampleQuery:
    title: str
    sql: str
    location: Location


@dataclass(frozen=True)
class TableAlias:
    alias: str
    table: str
    location: Location


@dataclass(frozen=True)
class Relationship:
    source: str
    target: str
    cardinality: str
    location: Location


@dataclass(frozen=True)
class WherePattern:
    label: str
    sql: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class Note:
    text: str
    location: Location


@dataclass(frozen=True)
class UnparsedBlock:
    """A fenced ``sql`` block (or statement) the parser could not read; kept so lint can report it."""

    sql: str
    reason: str
    location: Location


@dataclass(frozen=True)
class Catalog:
    """Everything the document says. Only tables defined by ``CREATE TABLE`` exist; the rest is claims."""

    name: str
    tables: dict[str, Table]
    indexes: tuple[Index, ...] = ()
    examples: tuple[ExampleQuery, ...] = ()
    aliases: tuple[TableAlias, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    where_patterns: tuple[WherePattern, ...] = ()
    notes: tuple[Note, ...] = ()
    unparsed: tuple[UnparsedBlock, ...] = ()
    all_column_names: frozenset[str] = field(default=frozenset())

    def table(self, name: str) -> Table | None:
        return self.tables.get(name)

    def indexes_on(self, table: str) -> tuple[Index, ...]:
        return tuple(index for index in self.indexes if index.table == table and table in self.tables)
