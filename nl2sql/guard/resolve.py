"""Names as PostgreSQL resolves them, on PostgreSQL's own parse tree.

Two questions decide safety, and both are answered the way the server answers them:

* Is ``FROM x`` a CTE or a stored table? (``cte_for``: PostgreSQL's WITH scoping, names folded by its parser.)
* Is ``a.b`` a column? If ``b`` is not a column of the range-table entry ``a``, PostgreSQL reads it as the
  function call ``b(a)`` (attribute notation), so a name the guard cannot prove to be a column is refused
  (``Columns`` of each entry, with PostgreSQL's output-column naming, ``FigureColname``).

Where this module cannot be sure it says so (``None`` for a name, ``complete=False`` for a list), and callers
refuse rather than guess: it may only ever know *fewer* columns than PostgreSQL, never one PostgreSQL lacks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..catalog import Catalog
from .tree import Node, Tree, names

# Functions in FROM whose output columns are fixed, whatever the arguments.
_FIXED_COLUMNS = {
    "json_each": ("key", "value"), "jsonb_each": ("key", "value"), "json_each_text": ("key", "value"),
    "jsonb_each_text": ("key", "value"), "json_array_elements": ("value",), "jsonb_array_elements": ("value",),
    "json_array_elements_text": ("value",), "jsonb_array_elements_text": ("value",),
}
# Set-returning functions that always return a base type: one column, named after the alias or the function.
_SCALAR_SRF = frozenset({"generate_series", "generate_subscripts", "json_object_keys", "jsonb_object_keys",
                         "regexp_split_to_table", "regexp_matches", "string_to_table", "jsonb_path_query"})
_SVF_NAMES = {"SVFOP_CURRENT_DATE": "current_date", "SVFOP_CURRENT_TIME": "current_time",
              "SVFOP_CURRENT_TIME_N": "current_time", "SVFOP_CURRENT_TIMESTAMP": "current_timestamp",
              "SVFOP_CURRENT_TIMESTAMP_N": "current_timestamp", "SVFOP_LOCALTIME": "localtime",
              "SVFOP_LOCALTIME_N": "localtime", "SVFOP_LOCALTIMESTAMP": "localtimestamp",
              "SVFOP_LOCALTIMESTAMP_N": "localtimestamp"}
# Expression kinds PostgreSQL gives no name to ("?column?"): FigureColname's default branch.
_UNNAMED = frozenset({"A_Const", "ParamRef", "BoolExpr", "NullTest", "BooleanTest"})


@dataclass(frozen=True)
class Columns:
    """Output column names of a range-table entry, in order. ``None`` marks a column whose name this module
    cannot tell; ``complete`` is False when columns may be missing from the list or their order is unsure."""

    names: tuple[str | None, ...]
    complete: bool = True

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def renamed(self, aliases: list[str]) -> Columns:
        """After ``AS t(a, b)``: the first columns take the alias names."""
        if not aliases:
            return self
        if not self.complete:
            return Columns(tuple(aliases), False)
        return Columns((*aliases, *self.names[len(aliases):]), True)


UNKNOWN = Columns((), False)


#: The refname of an entry whose name this module cannot be sure of: it is a candidate for *every* qualifier,
#: so ``x.b`` must then be a column of it too (in practice: refused). Refusing beats guessing a name PostgreSQL
#: gives differently, which would let ``x.b`` resolve to an entry this module never considered.
ANY_NAME = "\x00any"


@dataclass(frozen=True)
class Entry:
    """A range-table entry: something in FROM that a column can be qualified with."""

    refname: str | None
    columns: Columns
    node: Node

    def may_be_named(self, refname: str) -> bool:
        return self.refname == refname or self.refname == ANY_NAME


class Resolver:
    """Name resolution over one tree, memoised (each answer is computed once per node)."""

    def __init__(self, tree: Tree, catalog: Catalog) -> None:
        self.tree = tree
        self.catalog = catalog
        self._ctes: dict[int, Node | None] = {}
        self._outputs: dict[int, Columns] = {}
        self._entries: dict[int, list[Entry]] = {}
        self._visiting: set[int] = set()
        self._visible: dict[int, tuple[frozenset[str], bool]] = {}
        self._candidates: dict[tuple[int, str], list[Entry]] = {}
        self._shown: dict[int, list[Columns]] = {}

    # ---- CTE or table -------------------------------------------------------------------------------------

    def cte_for(self, rangevar: Node) -> Node | None:
        """The ``CommonTableExpr`` PostgreSQL resolves this ``RangeVar`` to, or None for a stored relation.

        Visible: in the body of the query that owns the WITH, all of its CTEs; inside a CTE, the CTEs listed
        before it (RECURSIVE: all of them, itself included); then the same at every enclosing query level.
        A schema-qualified name is always a relation."""
        key = id(rangevar)
        if key in self._ctes:
            return self._ctes[key]
        found = None
        if not rangevar.get("schemaname") and not rangevar.get("catalogname"):
            found = self._search_cte(rangevar, rangevar.get("relname", ""))
        self._ctes[key] = found
        return found

    def _search_cte(self, start: Node, name: str) -> Node | None:
        tree = self.tree
        below: Node | None = None
        came_from: Node = start
        node = start.parent
        while node is not None:
            if node.kind == "SelectStmt" and node.get("withClause"):
                with_clause = tree.child(node, "withClause")
                assert with_clause is not None
                ctes = tree.children(with_clause, "ctes")
                if came_from is with_clause:
                    position = next(i for i, cte in enumerate(ctes) if cte is below)
                    visible = ctes if with_clause.get("recursive") else ctes[:position]
                else:
                    visible = ctes
                for cte in visible:
                    if cte.get("ctename") == name:
                        return cte
            below, came_from, node = came_from, node, node.parent
        return None

    def tables(self) -> Iterator[Node]:
        """Every ``RangeVar`` that names a stored relation (not a CTE)."""
        for rangevar in self.tree.all("RangeVar"):
            if rangevar.key == "rel":  # SELECT INTO's target: not a read, refused by its own rule
                continue
            if self.cte_for(rangevar) is None:
                yield rangevar

    # ---- range-table entries and their columns --------------------------------------------------------------

    def entries(self, select: Node) -> list[Entry]:
        """The entries of one query level's FROM, including those inside joins (a superset of what any one
        position sees: callers require a name to hold for every candidate)."""
        self._level(select)
        return self._entries[id(select)]

    def shown(self, select: Node) -> list[Columns]:
        """The columns each FROM item of one level shows, in order: what an unqualified ``*`` expands."""
        self._level(select)
        return self._shown[id(select)]

    def _level(self, select: Node) -> None:
        key = id(select)
        if key not in self._entries:
            found: list[Entry] = []
            self._shown[key] = [self._collect(item, found) for item in self.tree.children(select, "fromClause")]
            self._entries[key] = found

    def candidates(self, node: Node, refname: str) -> list[Entry]:
        """Every entry that may be named ``refname`` at any query level enclosing ``node`` (itself included);
        memoised per (innermost level, name)."""
        innermost = next(levels(node), None)
        if innermost is None:
            return []
        key = (id(innermost), refname)
        if key not in self._candidates:
            self._candidates[key] = [entry for level in levels(innermost) for entry in self.entries(level)
                                     if entry.may_be_named(refname)]
        return self._candidates[key]

    def visible_columns(self, node: Node) -> tuple[frozenset[str], bool]:
        """Column names of every entry at every enclosing level, and whether that list is complete (memoised
        per level: a query with thousands of column references costs one pass per level, not per reference)."""
        level = next(levels(node), None)
        return self._visible_from(level) if level is not None else (frozenset(), True)

    def _visible_from(self, level: Node) -> tuple[frozenset[str], bool]:
        key = id(level)
        cached = self._visible.get(key)
        if cached is None:
            own = [entry for entry in self.entries(level)]
            names_here = {name for entry in own for name in entry.columns.names if name}
            complete = all(entry.columns.complete for entry in own)
            outer = next(levels(level.parent), None) if level.parent is not None else None
            if outer is not None:
                outer_names, outer_complete = self._visible_from(outer)
                names_here |= outer_names
                complete = complete and outer_complete
            cached = self._visible[key] = (frozenset(names_here), complete)
        return cached

    def _collect(self, item: Node, found: list[Entry]) -> Columns:
        """Add the entries of one FROM item (nested ones included) to ``found``; return the columns the item
        shows its level, as ``*`` and an enclosing join's alias see them (an aliased join hides what is inside)."""
        kind = item.kind
        alias = item.get("alias") or {}
        aliases = names(alias.get("colnames"))
        if kind == "RangeVar":
            cte = self.cte_for(item)
            columns = self.cte_columns(cte) if cte is not None else self._table_columns(item)
            entry = Entry(alias.get("aliasname") or item.get("relname"), columns.renamed(aliases), item)
        elif kind == "RangeSubselect":
            subquery = self.tree.child(item, "subquery")
            columns = self.output_columns(subquery) if subquery is not None else UNKNOWN
            entry = Entry(alias.get("aliasname") or ANY_NAME, columns.renamed(aliases), item)
        elif kind == "RangeFunction":
            entry = self._function_entry(item, alias.get("aliasname"), aliases)
        elif kind == "JoinExpr":
            sides = [self._collect(child, found) for child in (self.tree.child(item, "larg"),
                                                               self.tree.child(item, "rarg")) if child is not None]
            # USING and NATURAL put the merged columns first, once: the set of names is known, their order is not.
            exact = not item.get("usingClause") and not item.get("isNatural")
            joined = Columns(tuple(n for side in sides for n in side.names),
                             exact and all(side.complete for side in sides))
            using_alias = item.get("join_using_alias")
            if using_alias:
                found.append(Entry(using_alias.get("aliasname"), Columns(tuple(names(item.get("usingClause")))),
                                   item))
            if not alias:
                return joined
            entry = Entry(alias.get("aliasname"), joined.renamed(aliases), item)
        else:
            entry = Entry(alias.get("aliasname") or ANY_NAME, UNKNOWN, item)
        found.append(entry)
        return entry.columns

    def _table_columns(self, rangevar: Node) -> Columns:
        table = self.catalog.table(rangevar.get("relname", ""))
        schema = rangevar.get("schemaname")
        if table is None or (schema and schema != table.schema):
            return UNKNOWN
        return Columns(table.column_names)

    def _function_entry(self, item: Node, alias: str | None, aliases: list[str]) -> Entry:
        # ``functions`` holds one (call, column definitions) pair per function (several with ROWS FROM).
        pairs = [pair.get("List", {}).get("items", []) for pair in item.get("functions") or []]
        # PostgreSQL names an unaliased function entry after its first function (FigureColname); only a plain
        # call's name is certain here (``known_syntax`` refuses any other expression in FROM).
        first = pairs[0][0] if pairs and pairs[0] else {}
        name = names(first["FuncCall"].get("funcname"))[-1] if "FuncCall" in first else ANY_NAME
        columns = UNKNOWN
        if len(pairs) == 1 and pairs[0] and "FuncCall" in pairs[0][0]:
            name = names(pairs[0][0]["FuncCall"].get("funcname"))[-1]
            pair_definitions = pairs[0][1].get("List", {}).get("items") if len(pairs[0]) > 1 and pairs[0][1] else None
            definitions = item.get("coldeflist") or pair_definitions
            if definitions:
                columns = Columns(tuple(d.get("ColumnDef", {}).get("colname") for d in definitions))
            elif name in _FIXED_COLUMNS:
                columns = Columns(_FIXED_COLUMNS[name])
            elif name in _SCALAR_SRF:
                columns = Columns((alias or name,))
        if item.get("ordinality") and columns.complete:
            columns = Columns((*columns.names, "ordinality"))
        return Entry(alias or name, columns.renamed(aliases), item)

    def cte_columns(self, cte: Node) -> Columns:
        query = self.tree.child(cte, "ctequery")
        if query is None or query.kind != "SelectStmt":
            return UNKNOWN
        return self.output_columns(query).renamed(names(cte.get("aliascolnames")))

    def output_columns(self, select: Node) -> Columns:
        """A query's output column names, as PostgreSQL names them."""
        key = id(select)
        if key in self._outputs:
            return self._outputs[key]
        if key in self._visiting:  # a recursive CTE reading itself: its names come from its first branch
            return UNKNOWN
        self._visiting.add(key)
        try:
            result = self._compute_output(select)
        finally:
            self._visiting.discard(key)
        self._outputs[key] = result
        return result

    def _compute_output(self, select: Node) -> Columns:
        if select.kind != "SelectStmt":
            return UNKNOWN
        if select.get("op", "SETOP_NONE") != "SETOP_NONE":
            left = self.tree.child(select, "larg")
            return self.output_columns(left) if left is not None else UNKNOWN
        values = select.get("valuesLists")
        if values:
            width = len(values[0].get("List", {}).get("items", []))
            return Columns(tuple(f"column{i + 1}" for i in range(width)))
        out: list[str | None] = []
        complete = True
        for target in self.tree.children(select, "targetList"):
            value = self.tree.child(target, "val")
            # A star first: PostgreSQL expands ``t.*`` and ignores any alias written after it.
            if value is not None and value.kind == "ColumnRef" and names(value.get("fields"))[-1:] == ["*"]:
                expanded = self._star(select, names(value.get("fields"))[:-1])
                out.extend(expanded.names)
                complete = False  # a star's order (USING merges, hidden join columns) is not modelled exactly
                continue
            if target.get("name"):
                out.append(target.get("name"))
                continue
            out.append(figure_colname(self.tree, value))
        return Columns(tuple(out), complete)

    def _star(self, select: Node, qualifier: list[str]) -> Columns:
        if not qualifier:
            return Columns(tuple(n for columns in self.shown(select) for n in columns.names), False)
        # ``x.*`` expands whichever entry PostgreSQL resolves x to (maybe one at an outer level, maybe not one
        # hidden under a join's alias): only names every candidate has are sure to be there.
        candidates = self.candidates(select, qualifier[-1])
        if not candidates:
            return UNKNOWN
        common = set.intersection(*({n for n in e.columns.names if n} for e in candidates))
        return Columns(tuple(sorted(common)), False)


def levels(node: Node | None) -> Iterator[Node]:
    """The query levels (SELECT statements) enclosing ``node``, innermost first, ``node`` itself included."""
    while node is not None:
        if node.kind == "SelectStmt":
            yield node
        node = node.parent


def figure_colname(tree: Tree, node: Node | None) -> str | None:
    """The name PostgreSQL gives an unnamed output column (``FigureColname``), or None when it gives none
    ("?column?") or this module is not sure."""
    name, strength = _figure(tree, node)
    return name if strength > 0 else None


_UNSURE = (None, -1)


def _figure(tree: Tree, node: Node | None) -> tuple[str | None, int]:
    # Mirrors PostgreSQL's FigureColnameInternal (parse_target.c) for the kinds listed; any other kind is
    # "unsure" (-1), which callers treat as an unknown name, never as a guess.
    if node is None:
        return None, 0
    kind = node.kind
    if kind == "ColumnRef":
        fields = [f for f in names(node.get("fields")) if f != "*"]
        return (fields[-1], 2) if fields else (None, 0)
    if kind == "A_Indirection":
        fields = [n for n in names([i for i in node.get("indirection", []) if "String" in i])]
        if fields:
            return fields[-1], 2
        return _figure(tree, tree.child(node, "arg"))
    if kind == "FuncCall":
        return names(node.get("funcname"))[-1], 2
    if kind == "A_Expr":
        return ("nullif", 2) if node.get("kind") == "AEXPR_NULLIF" else (None, 0)
    if kind == "TypeCast":
        name, strength = _figure(tree, tree.child(node, "arg"))
        if strength < 0:
            return _UNSURE
        if strength <= 1:
            type_name = tree.child(node, "typeName")
            if type_name is not None:
                return names(type_name.get("names"))[-1], 1
        return name, strength
    if kind == "CollateClause":
        return _figure(tree, tree.child(node, "arg"))
    if kind == "GroupingFunc":
        return "grouping", 2
    if kind == "SubLink":
        link = node.get("subLinkType")
        if link == "EXISTS_SUBLINK":
            return "exists", 2
        if link == "ARRAY_SUBLINK":
            return "array", 2
        return _UNSURE if link == "EXPR_SUBLINK" else (None, 0)
    if kind == "CaseExpr":
        name, strength = _figure(tree, tree.child(node, "defresult"))
        if strength < 0:
            return _UNSURE
        return ("case", 1) if strength <= 1 else (name, strength)
    if kind == "A_ArrayExpr":
        return "array", 2
    if kind == "RowExpr":
        return "row", 2
    if kind == "CoalesceExpr":
        return "coalesce", 2
    if kind == "MinMaxExpr":
        return ("greatest" if node.get("op") == "IS_GREATEST" else "least"), 2
    if kind == "SQLValueFunction":
        name = _SVF_NAMES.get(node.get("op", ""))
        return (name, 2) if name else _UNSURE
    if kind in _UNNAMED:
        return None, 0
    return _UNSURE
