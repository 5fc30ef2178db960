"""A closed list of what a query may be made of. Any other kind of node in PostgreSQL's parse tree is refused,
so syntax the guard does not reason about (TABLESAMPLE, XMLTABLE, JSON_TABLE, field selection, ...) never runs
unexamined, and syntax a future PostgreSQL adds is refused until someone looks at it."""

from __future__ import annotations

from ...errors import error
from ..context import GuardContext, Statement
from ..tree import names

ALLOWED = frozenset("""
SelectStmt ResTarget ColumnRef String A_Star A_Const Integer Float Boolean BitString ParamRef A_Expr BoolExpr
FuncCall NamedArgExpr TypeCast TypeName RangeVar RangeSubselect RangeFunction JoinExpr Alias SortBy WindowDef
WithClause CommonTableExpr CTESearchClause CTECycleClause SubLink CaseExpr CaseWhen CoalesceExpr MinMaxExpr NullTest
BooleanTest A_ArrayExpr A_Indices A_Indirection RowExpr GroupingSet GroupingFunc SQLValueFunction CollateClause List
ColumnDef JsonIsPredicate JsonObjectConstructor JsonArrayConstructor JsonArrayQueryConstructor JsonKeyValue
JsonValueExpr JsonFormat JsonOutput JsonReturning JsonObjectAgg JsonArrayAgg JsonAggConstructor
""".split())

_NAMES = {"RangeTableSample": "TABLESAMPLE", "RangeTableFunc": "XMLTABLE", "JsonTable": "JSON_TABLE",
          "XmlExpr": "XML functions", "XmlSerialize": "XMLSERIALIZE", "Constraint": "a constraint",
          "MultiAssignRef": "multiple assignment", "SetToDefault": "DEFAULT"}


def known_syntax(statement: Statement, ctx: GuardContext) -> None:
    tree = statement.tree
    for node in tree.nodes:
        if node.kind not in ALLOWED:
            raise error("syntax_not_allowed", f"{_NAMES.get(node.kind, node.kind)} is not supported in a query "
                                              "the guard can prove safe.")
    for node in tree.all("A_Indirection"):
        if any("A_Indices" not in part for part in node.get("indirection", [])):
            raise error("syntax_not_allowed", "Field selection such as (x).name is not supported (PostgreSQL can "
                                              "read it as a call of the function name(x)); select the column "
                                              "itself instead.")
    for node in tree.all("ColumnRef"):
        fields = names(node.get("fields"))
        if len(fields) > 2:
            raise error("syntax_not_allowed", f"{'.'.join(fields)}: write a column as alias.column (e.g. "
                                              f"{'.'.join(fields[-2:])}), without the schema.")
    for node in tree.all("RangeFunction"):
        for pair in node.get("functions") or []:
            call = (pair.get("List", {}).get("items") or [{}])[0]
            if "FuncCall" not in call:
                raise error("syntax_not_allowed", "Only a function call may stand in FROM (not COALESCE, CAST or "
                                                  "another expression); select it from a subquery instead.")
    for node in tree.all("RangeSubselect"):
        if not node.get("alias"):
            raise error("syntax_not_allowed", "A subquery in FROM needs an alias: FROM (SELECT ...) AS name.")
    for node in tree.all("ColumnDef"):
        if node.parent is None or node.parent.kind != "RangeFunction":
            raise error("syntax_not_allowed", "A column definition is only allowed in a function's column list.")
