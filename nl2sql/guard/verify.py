"""The proof. The final SQL is parsed afresh, the structural checks run again, and every reference to a
stored table must sit inside one of the policy's scoped selects, exactly as the policy wrote it. Anything
else is a bug in a rewrite, and the query does not run."""

from __future__ import annotations

from sqlglot import exp

from ..errors import error
from .context import GuardContext
from .parse import parse_single
from .rules import CHECKS_ON_OUTPUT


def verify(sql: str, ctx: GuardContext) -> None:
    expression = parse_single(sql)
    for check in CHECKS_ON_OUTPUT:
        expression = check(expression, ctx)
    if ctx.scope == "all":
        return
    for ref in ctx.index(expression).relations:
        if not _under_scoped_select(ref.node, ctx):
            raise error("unscoped_reference", f"Internal safety check failed: {ref.name} is not under its tenant "
                                              "filter in the rewritten SQL. The query was not run.")


def _under_scoped_select(table: exp.Table, ctx: GuardContext) -> bool:
    node = table.parent
    while node is not None:
        if isinstance(node, exp.Select) and node.args.get("offset") is not None:
            outer_from = node.args.get("from_")
            if outer_from is not None and isinstance(outer_from.this, exp.Table):
                canonical = ctx.policy.canonical.get(outer_from.this.name)
                if canonical is not None and isinstance(node.parent, exp.Subquery) and same_tree(node, canonical):
                    return True
        node = node.parent
    return False


def same_tree(a: object, b: object) -> bool:
    """Exact structural equality: same node classes, same argument keys, identifiers equal to the letter
    (case and quoting included). sqlglot's own ``==`` folds case, which is right for its optimiser but not
    for a proof."""
    if isinstance(a, exp.Expression) or isinstance(b, exp.Expression):
        if type(a) is not type(b):
            return False
        assert isinstance(a, exp.Expression) and isinstance(b, exp.Expression)
        keys_a = {k for k, v in a.args.items() if v is not None and v != [] and v is not False}
        keys_b = {k for k, v in b.args.items() if v is not None and v != [] and v is not False}
        return keys_a == keys_b and all(same_tree(a.args[k], b.args[k]) for k in keys_a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_tree(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b
