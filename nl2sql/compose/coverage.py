"""Does a verified answer explain every word of the question? A reviewed pair answers its own question; asked
something more ("how many *completion* tokens per model" of the pair for total tokens, or "*completed* in the
last 7 days" of a pair whose window is on created_at), it would answer a different question. A word is
explained when the pair's SQL does what the word says (reads that table, column or value; counts, sums,
groups, orders; applies the window to the timestamp the question names), or, for a word the lexicon does not
know, when the pair's own reviewed phrasings use it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import sqlglot
from sqlglot import exp

from .lexicon import Lexicon
from .signs import Meaning, Sign

#: Grammar kinds that do not need explaining (they only help read the question).
_NEUTRAL = frozenset({"filler", "with", "from", "and", "or", "list", "which", "what", "quoted"})


@dataclass(frozen=True)
class Condition:
    """One predicate of the query's WHERE / JOIN ON / HAVING: what it filters, so a question can be checked to
    have asked for it. kind: eq (column = literal, IN), null, notnull, has (JSON key present), compare, window,
    flag (a boolean column), other."""

    kind: str
    table: str = ""
    column: str = ""
    key: str = ""
    literals: tuple[str, ...] = ()


@dataclass
class Signature:
    """What a verified query does, read from its SQL."""

    tables: set[str] = field(default_factory=set)
    columns: set[tuple[str, str]] = field(default_factory=set)  # (table, column)
    keys: set[tuple[str, str, str]] = field(default_factory=set)  # (table, column, json key)
    strings: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)  # count sum avg min max extract date_trunc distinct filter
    grouped: bool = False
    ordered: bool = False
    limited: bool = False
    window_columns: set[tuple[str, str]] = field(default_factory=set)  # compared with now()
    group_columns: set[tuple[str, str]] = field(default_factory=set)
    bucket_columns: set[tuple[str, str]] = field(default_factory=set)  # date_trunc(unit, column)
    order_columns: set[tuple[str, str]] = field(default_factory=set)
    limit: int | None = None  # the outer LIMIT
    aggregated: bool = False  # an aggregate outside any subquery's FROM
    compares: bool = False  # a comparison other than a time window
    nulls: bool = False
    conditions: list[Condition] = field(default_factory=list)
    #: literal -> the (table, column, json key) it is compared with, anywhere (WHERE, FILTER, CASE ...)
    literal_columns: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)


@lru_cache(maxsize=512)
def signature(sql: str) -> Signature:
    tree = sqlglot.parse_one(sql, read="postgres")
    found = Signature()
    aliases: dict[str, str] = {}
    for ref in tree.find_all(exp.Table):
        found.tables.add(ref.name)
        aliases[ref.alias_or_name] = ref.name
    for column in tree.find_all(exp.Column):
        owner = aliases.get(column.table, "") if column.table else ""
        tables = [owner] if owner else sorted(found.tables)
        for name in tables:
            found.columns.add((name, column.name))
        parent = column.parent
        if isinstance(parent, (exp.JSONExtractScalar, exp.JSONExtract, exp.JSONBContainsTopKey)):
            for key in _json_keys(parent):
                for name in tables:
                    found.keys.add((name, column.name, key))
    for constant in tree.find_all(exp.Literal):
        (found.strings if constant.is_string else found.numbers).add(str(constant.this))
    names = {"count": exp.Count, "sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max,
             "extract": exp.Extract, "date_trunc": exp.TimestampTrunc, "distinct": exp.Distinct,
             "filter": exp.Filter}
    found.functions = {name for name, node in names.items() if tree.find(node) is not None}
    if any(isinstance(f, exp.Anonymous) and str(f.this).lower() == "date_trunc" for f in tree.find_all(exp.Anonymous)):
        found.functions.add("date_trunc")
    found.grouped = tree.args.get("group") is not None  # the outer query's own (a subquery's is internal)
    for trunc in tree.find_all(exp.TimestampTrunc):
        for column in trunc.find_all(exp.Column):
            owner = aliases.get(column.table, "") if column.table else ""
            for name in ([owner] if owner else sorted(found.tables)):
                found.bucket_columns.add((name, column.name))
    found.ordered = tree.args.get("order") is not None
    found.compares = any(not (c.find(exp.CurrentTimestamp) or c.find(exp.TimestampTrunc))
                         for c in tree.find_all(exp.GT, exp.GTE, exp.LT, exp.LTE))
    found.aggregated = any(isinstance(e.unalias(), exp.AggFunc) or e.find(exp.AggFunc) is not None
                           for e in tree.expressions) if isinstance(tree, exp.Select) else False
    select = tree.expressions if isinstance(tree, exp.Select) else []
    for clause, target in ((tree.args.get("group"), found.group_columns),
                           (tree.args.get("order"), found.order_columns)):
        if clause is None:
            continue
        for item in clause.expressions:
            node: exp.Expr = item.this if isinstance(item, exp.Ordered) else item
            if isinstance(node, exp.Literal) and not node.is_string and str(node.this).isdigit() and \
                    0 < int(str(node.this)) <= len(select):
                node = select[int(str(node.this)) - 1]  # GROUP BY 1
            if isinstance(node, exp.Column) and not node.table:  # an output alias: ORDER BY tasks
                node = next((e for e in select if e.alias_or_name == node.name), node)
            for column in node.find_all(exp.Column):
                owner = aliases.get(column.table, "") if column.table else ""
                for name in ([owner] if owner else sorted(found.tables)):
                    target.add((name, column.name))
    limit = tree.args.get("limit")
    found.limited = limit is not None
    if isinstance(limit, exp.Limit) and isinstance(limit.expression, exp.Literal) and limit.expression.is_int:
        found.limit = int(str(limit.expression.this))
    found.nulls = tree.find(exp.Null) is not None
    found.conditions = _conditions(tree, aliases)
    for equality in tree.find_all(exp.EQ, exp.In):
        condition = _condition(equality, aliases)
        if condition is not None and condition.kind == "eq":
            for text in condition.literals:
                found.literal_columns.setdefault(text, set()).add((condition.table, condition.column,
                                                                   condition.key))
    for comparison in tree.find_all(exp.GTE, exp.GT, exp.LT, exp.LTE):
        if comparison.find(exp.CurrentTimestamp) is not None or comparison.find(exp.TimestampTrunc) is not None:
            for column in comparison.find_all(exp.Column):
                owner = aliases.get(column.table, "")
                if owner:
                    found.window_columns.add((owner, column.name))
    return found


def _conditions(tree: exp.Expr, aliases: dict[str, str]) -> list[Condition]:
    """The predicates that choose rows: WHERE, JOIN ON and HAVING of the query and its subqueries, split at AND;
    a join's key equality (column = column) and the user's own id ($1) are not choices the question makes."""
    roots: list[exp.Expr] = []
    for node in tree.find_all(exp.Where, exp.Having):
        roots.append(node.this)
    for join in tree.find_all(exp.Join):
        if join.args.get("on") is not None:
            roots.append(join.args["on"])
    found = []
    for root in roots:
        for part in root.flatten() if isinstance(root, exp.And) else [root]:
            condition = _condition(part, aliases)
            if condition is not None:
                found.append(condition)
    return found


def _condition(node: exp.Expr, aliases: dict[str, str]) -> Condition | None:
    if node.find(exp.Placeholder) is not None or node.find(exp.Parameter) is not None:
        return None
    if isinstance(node, exp.EQ) and isinstance(node.this, exp.Column) and isinstance(node.expression, exp.Column):
        return None
    if node.find(exp.CurrentTimestamp) is not None or node.find(exp.TimestampTrunc) is not None:
        return Condition("window")
    negated = isinstance(node, exp.Not)
    inner = node.this if negated else node
    column = inner.find(exp.Column)
    table = aliases.get(column.table, "") if column is not None and column.table else ""
    name = column.name if column is not None else ""
    keys = _json_keys(column.parent) if column is not None and isinstance(
        column.parent, (exp.JSONExtractScalar, exp.JSONExtract, exp.JSONBContainsTopKey)) else []
    key = keys[0] if keys else ""
    if isinstance(inner, exp.Is):
        return Condition("notnull" if negated or inner.args.get("negate") else "null", table, name)
    if isinstance(inner, exp.JSONBContainsTopKey):
        literal = inner.expression
        return Condition("has", table, name, str(literal.this) if isinstance(literal, exp.Literal) else "")
    if isinstance(inner, (exp.EQ, exp.In)) and not negated:
        literals = tuple(str(lit.this) for lit in inner.find_all(exp.Literal) if lit.is_string)
        if literals:
            return Condition("eq", table, name, key, literals)
    if isinstance(inner, (exp.GT, exp.GTE, exp.LT, exp.LTE, exp.EQ)):
        return Condition("compare", table, name, key)
    if isinstance(inner, exp.Column):
        return Condition("flag", table, name)
    return Condition("other", table, name, key)


def _json_keys(node: exp.Expr) -> list[str]:
    path = node.args.get("expression")
    if isinstance(path, exp.JSONPath):
        return [str(part.this) for part in path.expressions if isinstance(part, exp.JSONPathKey)]
    if isinstance(path, exp.Literal):
        return [str(path.this)]
    return []


def unexplained(signs: list[Sign] | tuple[Sign, ...], sql: str, phrasing_words: frozenset[str],
                lexicon: Lexicon) -> list[str]:
    """The question's words a verified query leaves unexplained (empty: it explains them all), and what the
    query does that no word asked for (a count when rows were asked, a grouping nobody asked for)."""
    sig = signature(sql)
    time_words = window_time_words(signs)
    left: list[str] = []
    reviewed: list[str] = []  # words only the pair's own phrasings explain ("active", "orphan", "revised")
    ordering = any(s.kinds() & {"top", "orderby"} for s in signs)  # "top 3 tasks by cost": "by" orders
    grouping = False
    for sign in signs:
        if sign.filler:
            continue
        after_group, grouping = grouping, sign.has("group") and not sign.has("value")
        if sign.meanings and sign.kinds() <= _NEUTRAL:
            continue
        meanings = _applicable(sign, sig, lexicon)
        noun = attached_table(list(signs), sign) if sign.has("value") else None
        if noun is not None and any(lexicon.attributes[m.target].table == noun for m in meanings
                                    if m.kind == "value"):
            meanings = [m for m in meanings if m.kind != "value" or lexicon.attributes[m.target].table == noun]
        if not meanings:  # nothing it can mean here: the pair's reviewed phrasings must use the word
            if _in_phrasings(sign.text, phrasing_words):
                reviewed.append(sign.text)
            else:
                left.append(sign.text)
            continue
        explained = any(_explains(m, sign, sig, lexicon, time_words) for m in meanings)
        if after_group and sig.aggregated and not (ordering and sig.ordered):
            explained = _groups_by(meanings, sig, lexicon, time_words)  # what follows "per" is what it groups by
        if not explained:
            left.append(sign.text)
    left += _unasked(signs, sig, lexicon, waive_grouping=bool(reviewed))
    if not reviewed:  # a reviewed word may stand for the pair's own filters; without one, each must be asked
        left += _unasked_conditions(signs, sig, lexicon)
    return left


def _unasked_conditions(signs: list[Sign] | tuple[Sign, ...], sig: Signature, lexicon: Lexicon) -> list[str]:
    """Filters the query applies that no word of the question asks for ("ended_at IS NULL" when nobody said
    "open")."""
    meanings = [m for s in signs if not s.filler for m in s.meanings]
    kinds = {m.kind for m in meanings}
    left = []
    for condition in sig.conditions:
        if condition.kind == "window" and "window" in kinds:
            continue
        if condition.kind == "eq" and any(m.kind == "value" and m.value in condition.literals for m in meanings):
            continue
        if condition.kind == "null" and ("neg" in kinds or any(
                m.kind == "absent" and m.target == condition.column for m in meanings)):
            continue
        if condition.kind == "notnull" and any(
                m.kind in ("time", "attr") and (m.target == condition.column or (m.kind == "attr" and
                                                lexicon.attributes[m.target].column == condition.column))
                for m in meanings):
            continue
        if condition.kind in ("has", "flag", "compare") and any(
                m.kind == "attr" and lexicon.attributes[m.target].column == condition.column and
                (condition.kind != "has" or lexicon.attributes[m.target].json_key == condition.key)
                for m in meanings):
            continue
        if condition.kind == "compare" and kinds & {"compare", "compare_after"}:
            continue
        if condition.kind == "other":
            continue
        label = f"{condition.table}.{condition.column}" if condition.table else condition.column or condition.kind
        left.append(f"(a filter on {label} nobody asked for)")
    return left


def window_time_words(signs: list[Sign] | tuple[Sign, ...]) -> list[str]:
    """The timestamps named in the same clause as the time window ("completed per day over the last 14 days",
    but not the "completed" of "... in the last 7 days and how many completed"), or, with no window, every
    timestamp named (for "oldest", "latest")."""
    content = [s for s in signs if not s.filler]
    windows = [i for i, s in enumerate(content) if s.window is not None]
    if not windows:
        return [m.target for s in content for m in s.of("time")]
    near = [s for i, s in enumerate(content) if any(same_clause(content, i, w) for w in windows)]
    return [m.target for s in near for m in s.of("time")]


def attached_table(signs: list[Sign], sign: Sign) -> str | None:
    """The table named right after a value ("failed projects", "completed tasks"), if any."""
    content = [s for s in signs if not s.filler]
    index = content.index(sign)
    if index + 1 < len(content):
        tables = {m.target for m in content[index + 1].of("entity")}
        if len(tables) == 1:
            return tables.pop()
    return None


def same_clause(content: list[Sign], i: int, j: int) -> bool:
    """No "and" / "or" stands between the two signs."""
    low, high = sorted((i, j))
    return i != j and not any(s.kinds() & {"and", "or"} for s in content[low + 1:high])


def _applicable(sign: Sign, sig: Signature, lexicon: Lexicon) -> list[Meaning]:
    """The meanings of a sign that can bear on this query: schema meanings of the tables it reads, and every
    grammar meaning."""
    found = []
    for meaning in sign.meanings:
        if meaning.kind in ("attr", "value"):
            if lexicon.attributes[meaning.target].table not in sig.tables:
                continue
        elif meaning.kind in ("time", "absent") and not any(lexicon.timestamp(t, meaning.target)
                                                           for t in sig.tables):
            continue
        found.append(meaning)
    return found


def _groups_by(meanings: list[Meaning], sig: Signature, lexicon: Lexicon, time_words: list[str]) -> bool:
    """What follows "per" / "by" / "each" is what the query groups by."""
    for meaning in meanings:
        if meaning.kind == "attr":
            attribute = lexicon.attributes[meaning.target]
            if (attribute.table, attribute.column) in sig.group_columns:
                return True
        if meaning.kind == "entity" and any(t == meaning.target for t, _ in sig.group_columns):
            return True
        if meaning.kind == "unit" and _bucket_explained(sig, lexicon, time_words):
            return True
        if meaning.kind == "value":
            return True  # "used by claude-sonnet": not a grouping
    return False


def _unasked(signs: list[Sign] | tuple[Sign, ...], sig: Signature, lexicon: Lexicon, *,
             waive_grouping: bool = False) -> list[str]:
    kinds = {k for s in signs for k in s.kinds()}
    if not kinds & {"list", "which"} and any(lexicon.attributes[m.target].additive for s in signs
                                             for m in s.of("attr")):
        kinds.add("sum")  # "total tokens used this month": an amount is a number
    number = kinds & {"count", "amount", "sum", "avg", "max", "min", "percent", "share", "when", "duration",
                      "distinct", "most", "least"}
    if sig.aggregated and not sig.grouped and not number:
        return ["(a single number, where rows were asked for)"]
    if sig.grouped and not kinds & {"group", "breakdown", "bucket", "most", "least", "top"} and not waive_grouping:
        return ["(a grouping nobody asked for)"]
    if _one_asked(signs) and kinds & {"order", "superlative", "longest", "most", "least", "top", "max", "min"} \
            and sig.limit != 1 and not (sig.aggregated and not sig.grouped):
        return ["(many rows, where one was asked for)"]
    if sig.limit is not None and not any(s.number is not None for s in signs):
        table = next((s for s in signs if s.has("entity")), None)
        one = table is not None and _singular(table.text)
        if sig.limit != 1 and (one or sig.limit > 1):
            return [f"(the first {sig.limit} rows, where {'one was' if one else 'no number was'} asked for)"]
    return []


def _one_asked(signs: list[Sign] | tuple[Sign, ...]) -> bool:
    """The question asks for one thing: "which method ...", "my most recent failed task" (no number given)."""
    content = [s for s in signs if not s.filler]
    if any(s.number is not None for s in content):
        return False
    for index, sign in enumerate(content[:-1]):
        if sign.kinds() & {"which", "what"} and content[index + 1].kinds() & {"entity", "attr"}:
            return _singular(content[index + 1].text)
    table = next((s for s in content if s.has("entity")), None)
    return table is not None and _singular(table.text)


def _singular(text: str) -> bool:
    from .words import singular

    last = text.split()[-1]
    return singular(last) == last and not last.endswith("s")


def _in_phrasings(text: str, phrasing_words: frozenset[str]) -> bool:
    from ..verified.text import singular

    words = text.split()
    return bool(words) and all(w in phrasing_words or singular(w) in phrasing_words for w in words)


def _explains(meaning: Meaning, sign: Sign, sig: Signature, lexicon: Lexicon, time_words: list[str]) -> bool:
    for _ in (meaning,):
        kind, target = meaning.kind, meaning.target
        if kind in ("entity", "verb") and target in sig.tables:
            return True
        if kind == "entity" and any(
                (join.child, join.column) in sig.columns for join in lexicon.joins if join.parent == target):
            return True  # "tasks with no conversation": the link column stands for the table
        if kind == "attr":
            attribute = lexicon.attributes[target]
            if attribute.json_key is not None:
                if (attribute.table, attribute.column, attribute.json_key) in sig.keys:
                    return True
            elif (attribute.table, attribute.column) in sig.columns:
                return True
        if kind == "value":
            attribute = lexicon.attributes[target]
            if (attribute.table, attribute.column, attribute.json_key or "") in sig.literal_columns.get(
                    meaning.value, set()):
                return True
        if kind in ("time", "absent") and any(column == target for _, column in sig.columns):
            if kind == "absent" and not sig.nulls:
                continue
            return True
        if kind == "time" and not sig.window_columns and any(
                table in lexicon.entities and lexicon.entities[table].time == target for table in sig.tables):
            return True  # "deliverables each agent produced": every row has its creation time
        if kind == "window" and _window_explained(sig, lexicon, time_words):
            return True
        if kind == "number" and sign.number is not None and str(sign.number) in sig.numbers:
            return True
        if kind in ("count", "sum", "avg", "min", "max") and kind in sig.functions:
            return True
        if kind == "amount" and "sum" in sig.functions:
            return True
        if kind == "count" and "sum" in sig.functions and "count" not in sig.functions:
            return True  # "how many tokens": a total
        if kind == "sum" and "count" in sig.functions and not any(
                lexicon.attributes[m.target].numeric for m in sign.meanings if m.kind == "attr"):
            return True  # "total steps": a count
        if kind == "distinct" and "distinct" in sig.functions:
            return True
        if kind in ("group", "breakdown") and sig.grouped:
            return True
        if kind in ("bucket", "unit") and sig.grouped and _bucket_explained(sig, lexicon, time_words):
            return True
        if kind == "group" and not sig.aggregated:
            return True  # "the version of each deliverable": one row each, listed
        if kind in ("compare", "compare_after") and sig.compares:
            return True
        if kind == "order" and _order_explained(sig, lexicon, time_words):
            return True
        if kind in ("top", "most", "least", "superlative", "longest") and sig.ordered:
            return True
        if kind == "neg" and sig.nulls:
            return True
        if kind == "duration" and "extract" in sig.functions:
            return True
        if kind == "share" and "avg" in sig.functions:
            return True
        if kind == "percent" and "100" in sig.numbers | {n.split(".")[0] for n in sig.numbers}:
            return True
        if kind == "when" and sig.columns & {(t, c) for t in sig.tables for c in _timestamps(lexicon, t)}:
            return True
    return False


def _window_explained(sig: Signature, lexicon: Lexicon, time_words: list[str]) -> bool:
    """The window applies to the timestamp the question names, or (naming none) to the table's default one."""
    if not sig.window_columns:
        return False
    for table, column in sig.window_columns:
        wanted = [c for c in time_words if lexicon.timestamp(table, c) is not None]
        if wanted:
            if column in wanted:
                return True
        elif table in lexicon.entities and column == lexicon.entities[table].time:
            return True
    return False


def _bucket_explained(sig: Signature, lexicon: Lexicon, time_words: list[str]) -> bool:
    """"per day": the query buckets the timestamp the question names ("completed"), else the default one."""
    for table, column in sig.bucket_columns:
        wanted = [c for c in time_words if lexicon.timestamp(table, c) is not None]
        if column in wanted or (not wanted and table in lexicon.entities and column == lexicon.entities[table].time):
            return True
    return False


def _order_explained(sig: Signature, lexicon: Lexicon, time_words: list[str]) -> bool:
    """"oldest", "latest": the query orders by the timestamp the question names, else the table's default."""
    for table, column in sig.order_columns:
        if lexicon.timestamp(table, column) is None:
            continue
        wanted = [c for c in time_words if lexicon.timestamp(table, c) is not None]
        if column in wanted or (not wanted and table in lexicon.entities and column == lexicon.entities[table].time):
            return True
    return False


def _timestamps(lexicon: Lexicon, table: str) -> set[str]:
    return {a.column for a in lexicon.attributes_of(table) if a.type == "timestamp"}
