"""What the catalog itself says about the document's validity: checks that read only the catalog (DDL, indexes,
aliases, relationships, WHERE patterns, foreign-key claims). Each is a pure function ``Catalog -> [Finding]``.
``nl2sql lint`` reports them (with the example-query check, which needs the guard); the DDL loader and the prompt
builder ask them which parts of the document can be used."""

from __future__ import annotations

from .aliases import aliases
from .foreign_keys import foreign_keys
from .indexes import index_problem, indexes
from .relationships import relationships
from .sql_blocks import sql_blocks
from .where_patterns import where_patterns

__all__ = ["aliases", "foreign_keys", "index_problem", "indexes", "relationships", "sql_blocks", "where_patterns"]
