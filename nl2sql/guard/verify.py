"""The proof. The final SQL is parsed afresh, the structural checks run again, and every reference to a
stored table must sit inside one of the policy's scoped selects, exactly as the policy wrote it. Anything
else is a bug in a rewrite, and the query does not run."""

from __future__ import annotations

from sqlglot import exp

from ..errors import error
from ..policy import TenancyPolicy
from .context import GuardContext
from .parse import parse_single
from .rules import CHECKS_ON_OUTPUT

Signature = tuple[object, ...]
_END = object()


def verify(sql: str, ctx: GuardContext) -> None:
    expression = parse_single(sql)
    for check in CHECKS_ON_OUTPUT:
        expression = check(expression, ctx)
    if ctx.scope == "all":
        return
    signatures = ctx.signatures or scoped_signatures(ctx.policy)
    for ref in ctx.index(expression).relations:
        if not _under_scoped_select(ref.node, signatures):
            raise error("unscoped_reference", f"Internal safety check failed: {ref.name} is not under its tenant "
                                              "filter in the rewritten SQL. The query was not run.")


def scoped_signatures(policy: TenancyPolicy) -> dict[str, Signature]:
    """The signature of each table's scoped select as the parser reads it back, i.e. what the proof expects."""
    return {name: tree_signature(parse_single(sql)) for name, sql in policy.scoped_sql.items()}


def _under_scoped_select(table: exp.Table, signatures: dict[str, Signature]) -> bool:
    node = table.parent
    while node is not None:
        if isinstance(node, exp.Select) and node.args.get("offset") is not None:
            outer_from = node.args.get("from_")
            if outer_from is not None and isinstance(outer_from.this, exp.Table):
                expected = signatures.get(outer_from.this.name)
                if (expected is not None and isinstance(node.parent, exp.Subquery)
                        and tree_signature(node) == expected):
                    return True
        node = node.parent
    return False


def tree_signature(root: exp.Expression) -> Signature:
    """Exact structure as a flat tuple: node classes, argument keys in order, leaf values to the letter (case
    and quoting included). Two trees with equal signatures are the same tree; a difference in argument order
    only makes the proof fail closed. (sqlglot's own ``==`` compares hashes, which is fast but not a proof.)"""
    out: list[object] = []
    append = out.append
    expression = exp.Expression

    def visit(node: exp.Expression) -> None:
        append(node.__class__)
        for key, value in node.args.items():
            if value is None or value is False:
                continue
            if isinstance(value, expression):
                append(key)
                visit(value)
            elif type(value) is list:
                if not value:
                    continue
                append(key)
                append(len(value))
                for item in value:
                    if isinstance(item, expression):
                        visit(item)
                    else:
                        append(item.__class__)
                        append(item)
            else:
                append(key)
                append(value.__class__)
                append(value)
        append(_END)  # closes the node: a flat preorder with closings has one tree only

    visit(root)
    return tuple(out)
