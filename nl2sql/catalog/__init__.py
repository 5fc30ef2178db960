"""The schema document as a catalog."""

from .load import load_catalog, parse_document
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

__all__ = [
    "Catalog", "Column", "ExampleQuery", "Index", "Location", "Note", "Relationship", "Table", "TableAlias",
    "UnparsedBlock", "WherePattern", "load_catalog", "parse_document",
]
