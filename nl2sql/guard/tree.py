"""PostgreSQL's own reading of a statement.

``pglast`` is libpg_query: PostgreSQL's grammar and scanner compiled as a library, so a name is folded, a string
unescaped and a comment ended exactly as the server does it (given the session settings the executor pins:
``standard_conforming_strings=on``, UTF-8). Its parse tree comes as JSON and is read here into ``Node`` views
with parent links, bucketed by kind, from one iterative walk (no recursion: a hostile query cannot exhaust the
stack). Locations are byte offsets into the UTF-8 text, as PostgreSQL reports them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pglast import ast as pg_ast
from pglast import parser as pg_parser

from ..errors import error
from ..inputs import checked_text

Fields = dict[str, Any]


def _bare_struct_fields() -> dict[tuple[str, str], str]:
    """(node kind, field) -> the kind of a struct the JSON inlines without its kind wrapper (``larg``,
    ``alias``, ``typeName``, ...). Read from pglast's own node definitions, so a new release cannot leave a node
    unrecognised."""
    found: dict[tuple[str, str], str] = {}
    for name in dir(pg_ast):
        cls = getattr(pg_ast, name)
        slots = getattr(cls, "__slots__", None)
        if not (isinstance(cls, type) and issubclass(cls, pg_ast.Node) and isinstance(slots, dict)):
            continue
        for slot, info in slots.items():
            c_type = getattr(info, "c_type", "")
            if c_type.endswith("*") and c_type[:-1] not in ("Node", "char", "List", "Expr", "Bitmapset"):
                found[(name, slot)] = c_type[:-1]
    return found


_BARE = _bare_struct_fields()
_BARE_BY_KIND: dict[str, dict[str, str]] = {}
for (_kind, _field), _struct in _BARE.items():
    _BARE_BY_KIND.setdefault(_kind, {})[_field] = _struct
_NO_BARE: dict[str, str] = {}
#: Values (names, constants): no rule needs them as nodes, they are read through their parent's fields. Every
#: other kind, ``ParamRef`` included, is indexed.
_VALUES = frozenset({"A_Const", "String", "Integer", "Float", "Boolean", "BitString", "A_Star"})


@dataclass(eq=False, slots=True)
class Node:
    """One node of PostgreSQL's raw parse tree: its kind (``SelectStmt``, ``RangeVar``, ...), its fields as the
    JSON has them, where it sits (parent and the parent's field) and how deep."""

    kind: str
    fields: Fields
    parent: Node | None
    key: str
    depth: int
    index: int = -1  # position in the parent's list field, -1 for a single-node field
    bare: bool = False  # the JSON inlines this struct without its kind wrapper

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)

    @property
    def location(self) -> int:
        return int(self.fields.get("location", -1))

    def path(self) -> list[Node]:
        """The nodes from the root's child down to this one."""
        out: list[Node] = []
        node: Node | None = self
        while node is not None and node.parent is not None:
            out.append(node)
            node = node.parent
        out.reverse()
        return out

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass(eq=False)
class Tree:
    """One parsed statement: the text, its UTF-8 bytes, the statement's span, and every node."""

    text: str
    data: bytes
    json: str  # PostgreSQL's parse as JSON text (what ``document`` was read from)
    document: Fields  # the JSON as parsed, the statement under ["stmts"][0]["stmt"]
    root: Node
    start: int  # byte span of the statement, without surrounding whitespace, comments and semicolon
    end: int
    nodes: list[Node] = field(default_factory=list)
    by_kind: dict[str, list[Node]] = field(default_factory=dict)
    _by_id: dict[int, Node] = field(default_factory=dict)

    def all(self, *kinds: str) -> Iterator[Node]:
        for kind in kinds:
            yield from self.by_kind.get(kind, ())

    def first(self, *kinds: str) -> Node | None:
        return next(self.all(*kinds), None)

    def node(self, fields: Fields) -> Node:
        """The node whose fields are ``fields`` (a dict taken from another node's field)."""
        return self._by_id[id(fields)]

    def child(self, node: Node, name: str) -> Node | None:
        value = node.fields.get(name)
        if not isinstance(value, dict) or not value:
            return None
        return self._by_id.get(id(_unwrap(node.kind, name, value)[1]))

    def children(self, node: Node, name: str) -> list[Node]:
        value = node.fields.get(name)
        if not isinstance(value, list):
            return []
        out = []
        for item in value:
            if isinstance(item, dict) and item:
                found = self._by_id.get(id(_unwrap(node.kind, name, item)[1]))
                if found is not None:
                    out.append(found)
        return out


def bare_struct(parent_kind: str, key: str) -> str | None:
    """The kind of the struct the JSON inlines without its kind wrapper under ``parent_kind.key`` (a set
    operation's ``larg`` is a ``SelectStmt``), or None."""
    return _BARE.get((parent_kind, key))


def _unwrap(parent_kind: str, key: str, value: Fields) -> tuple[str, Fields]:
    bare = _BARE.get((parent_kind, key))
    if bare is not None:
        return bare, value
    if len(value) == 1:
        kind, fields = next(iter(value.items()))
        if kind[:1].isupper() and isinstance(fields, dict):
            return kind, fields
    raise ValueError(f"unrecognised parse-tree value under {parent_kind}.{key}")


def check_text(sql: str, *, max_chars: int) -> bytes:
    """The text as PostgreSQL will receive it, or a typed error for text it cannot be."""
    if not isinstance(sql, str):
        raise error("invalid_text", f"The SQL must be text, not {type(sql).__name__}.")
    if len(sql) > max_chars:
        raise error("input_too_long", f"The SQL is {len(sql):,} characters long; the limit is {max_chars:,}.")
    return checked_text(sql, "The SQL").encode("utf-8")


def parse_json(sql: str, max_depth: int = 128) -> str:
    """PostgreSQL's parse of ``sql`` as JSON text: ``{"stmts": [{"stmt": {...}, ...}, ...]}``."""
    try:
        return str(pg_parser.parse_sql_json(sql))
    except pg_parser.ParseError as exc:
        if "stack depth" in str(exc):
            raise _too_deep(max_depth) from None
        raise error("syntax_error", f"The SQL does not parse as PostgreSQL: {exc}") from None


def load_json(text: str, max_depth: int = 128) -> Fields:
    try:
        document: Fields = json.loads(text)
    except RecursionError:
        raise _too_deep(max_depth) from None
    return document


_POSITION_KEYS = "location|stmt_location|stmt_len|rexpr_list_start|rexpr_list_end|list_start|list_end"
# Patterns with a literal prefix are searched fast; "location" is nearly always an object's last key.
_LAST_LOCATION = re.compile(r',"location":-?\d+')
_FIRST_LOCATION = re.compile(r'"location":-?\d+,?')
_OTHER_POSITIONS = re.compile(rf',"(?:{_POSITION_KEYS})":-?\d+|"(?:{_POSITION_KEYS})":-?\d+,?')


def without_positions(json_text: str) -> str:
    """The JSON text with every source position removed, so two readings of the same SQL are equal as values.
    (A key pattern cannot match inside a JSON string: quotes there are escaped.)"""
    text = _LAST_LOCATION.sub("", json_text)
    if '"location":' in text:
        text = _FIRST_LOCATION.sub("", text)
    if '_start":' in text or '_end":' in text or '"stmt_' in text:
        text = _OTHER_POSITIONS.sub("", text)
    return text


def parse(sql: str, *, max_depth: int = 128, max_chars: int = 100_000, max_nodes: int = 5_000) -> Tree:
    """Exactly one statement, as PostgreSQL parses it."""
    data = check_text(sql, max_chars=max_chars)
    if not sql.strip():
        raise error("empty_statement", "The SQL is empty.")
    text = parse_json(sql, max_depth)
    document = load_json(text, max_depth)
    statements = document.get("stmts") or []
    if not statements:
        raise error("empty_statement", "The SQL holds no statement (only comments or semicolons).")
    if len(statements) > 1:
        raise error("multiple_statements", f"Exactly one statement may run; found {len(statements)}. Remove "
                                           "everything after the first semicolon.")
    raw = statements[0]
    start = int(raw.get("stmt_location", 0))
    length = int(raw.get("stmt_len", 0))
    end = start + length if length else len(data)
    while end > start and data[end - 1:end].isspace():
        end -= 1
    kind, fields = next(iter(raw["stmt"].items()))
    tree = Tree(sql, data, text, document, Node(kind, fields, None, "", 0), start, end)
    try:
        _index(tree, max_depth, max_nodes)
    except ValueError as exc:  # a shape of tree this module does not know: refuse rather than guess
        raise error("syntax_not_allowed", f"The guard cannot read this statement's structure ({exc}).") from None
    return tree


def _too_deep(limit: int) -> Exception:
    return error("too_deeply_nested", f"The query nests more than {limit} levels deep; simplify it (fewer nested "
                                      "parentheses, subqueries or NOTs).")


def _index(tree: Tree, max_depth: int, max_nodes: int) -> None:
    by_kind = tree.by_kind
    by_id = tree._by_id
    nodes = tree.nodes
    skipped = _VALUES
    stack = [tree.root]
    while stack:
        node = stack.pop()
        nodes.append(node)
        by_kind.setdefault(node.kind, []).append(node)
        by_id[id(node.fields)] = node
        if node.depth > max_depth:
            raise _too_deep(max_depth)
        if len(nodes) > max_nodes:
            raise error("too_complex", f"The query has more than {max_nodes:,} parts; a report needs far fewer. "
                                       "Split it, or select fewer columns and tables.")
        depth = node.depth + 1
        bare = _BARE_BY_KIND.get(node.kind, _NO_BARE)
        for key, value in node.fields.items():
            if type(value) is dict:
                items: list[Any] = [value]
                in_list = False
            elif type(value) is list:
                items, in_list = value, True
            else:
                continue
            struct = bare.get(key)
            for position, item in enumerate(items):
                if type(item) is not dict or not item:
                    continue
                index = position if in_list else -1
                if struct is not None:
                    stack.append(Node(struct, item, node, key, depth, index, True))
                    continue
                if len(item) != 1:
                    raise ValueError(f"unrecognised parse-tree value under {node.kind}.{key}")
                [(kind, fields)] = item.items()
                if kind not in skipped:  # names and constants are read through their parent's fields
                    stack.append(Node(kind, fields, node, key, depth, index))


def names(values: list[Fields] | None) -> list[str]:
    """A list of ``String`` nodes (a qualified name, an operator, a column list) as plain strings; a
    non-string element (``*``) is kept as ``"*"``."""
    out = []
    for value in values or ():
        inner = value.get("String")
        out.append(inner.get("sval", "") if isinstance(inner, dict) else "*")
    return out


def integer_value(const: Fields) -> int | None:
    """The integer an ``A_Const`` holds, if it holds one (``{"ival": {}}`` is 0: the JSON omits defaults)."""
    if "ival" in const:
        return int(const["ival"].get("ival", 0))
    return None


def byte_to_char(tree: Tree, offset: int) -> int:
    """A byte offset (PostgreSQL's locations) as a character offset into ``tree.text``."""
    if len(tree.data) == len(tree.text):
        return offset
    return len(tree.data[:offset].decode("utf-8", errors="ignore"))
