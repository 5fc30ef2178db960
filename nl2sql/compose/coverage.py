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

#: How many words away from a time window a timestamp's name may stand and still choose it.
WINDOW_REACH = 2
#: Grammar kinds that do not need explaining (they only help read the question).
_NEUTRAL = frozenset({"filler", "with", "from", "and", "or", "list", "which", "what", "quoted"})


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
    order_columns: set[tuple[str, str]] = field(default_factory=set)
    aggregated: bool = False  # an aggregate outside any subquery's FROM
    compares: bool = False  # a comparison other than a time window
    nulls: bool = False


@lru_cache(maxsize=512)
def signature(sql: str) -> Signature:
    tree = sqlglot.parse_one(sql, read="postgres")
    found = Signature()
    aliases: dict[str, str] = {}
    for table in tree.find_all(exp.Table):
        found.tables.add(table.name)
        aliases[table.alias_or_name] = table.name
    for column in tree.find_all(exp.Column):
        table = aliases.get(column.table, "") if column.table else ""
        tables = [table] if table else sorted(found.tables)
        for name in tables:
            found.columns.add((name, column.name))
        parent = column.parent
        if isinstance(parent, (exp.JSONExtractScalar, exp.JSONExtract, exp.JSONBContainsTopKey)):
            for key in _json_keys(parent):
                for name in tables:
                    found.keys.add((name, column.name, key))
    for literal in tree.find_all(exp.Literal):
        (found.strings if literal.is_string else found.numbers).add(str(literal.this))
    names = {"count": exp.Count, "sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max,
             "extract": exp.Extract, "date_trunc": exp.TimestampTrunc, "distinct": exp.Distinct,
             "filter": exp.Filter}
    found.functions = {name for name, node in names.items() if tree.find(node) is not None}
    if any(isinstance(f, exp.Anonymous) and str(f.this).lower() == "date_trunc" for f in tree.find_all(exp.Anonymous)):
        found.functions.add("date_trunc")
    found.grouped = tree.args.get("group") is not None  # the outer query's own (a subquery's is internal)
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
            node = item.this if isinstance(item, exp.Ordered) else item
            if isinstance(node, exp.Literal) and not node.is_string and str(node.this).isdigit() and \
                    0 < int(str(node.this)) <= len(select):
                node = select[int(str(node.this)) - 1]  # GROUP BY 1
            if isinstance(node, exp.Column) and not node.table:  # an output alias: ORDER BY tasks
                node = next((e for e in select if e.alias_or_name == node.name), node)
            for column in node.find_all(exp.Column):
                table = aliases.get(column.table, "") if column.table else ""
                for name in ([table] if table else sorted(found.tables)):
                    target.add((name, column.name))
    found.limited = tree.args.get("limit") is not None
    found.nulls = tree.find(exp.Null) is not None
    for comparison in tree.find_all(exp.GTE, exp.GT, exp.LT, exp.LTE):
        if comparison.find(exp.CurrentTimestamp) is not None or comparison.find(exp.TimestampTrunc) is not None:
            for column in comparison.find_all(exp.Column):
                table = aliases.get(column.table, "")
                if table:
                    found.window_columns.add((table, column.name))
    return found


def _json_keys(node: exp.Expression) -> list[str]:
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
    grouping = False
    for sign in signs:
        if sign.filler:
            continue
        after_group, grouping = grouping, sign.has("group") and not sign.has("value")
        if sign.kinds() <= _NEUTRAL:
            continue
        meanings = _applicable(sign, sig, lexicon)
        if not meanings:  # nothing it can mean here: the pair's reviewed phrasings must use the word
            if not _in_phrasings(sign.text, phrasing_words):
                left.append(sign.text)
            continue
        if after_group and not _groups_by(meanings, sig, lexicon):
            left.append(sign.text)
        elif not any(_explains(m, sign, sig, lexicon, time_words) for m in meanings):
            left.append(sign.text)
    left += _unasked(signs, sig)
    return left


def window_time_words(signs: list[Sign] | tuple[Sign, ...]) -> list[str]:
    """The timestamps named next to a time window ("completed in the last 7 days"), or, with no window, every
    timestamp named (for "oldest", "latest")."""
    content = [s for s in signs if not s.filler]
    windows = [i for i, s in enumerate(content) if s.window is not None]
    if not windows:
        return [m.target for s in content for m in s.of("time")]
    near = [s for i, s in enumerate(content) if any(0 < abs(i - w) <= WINDOW_REACH for w in windows)]
    return [m.target for s in near for m in s.of("time")]


def _applicable(sign: Sign, sig: Signature, lexicon: Lexicon) -> list[Meaning]:
    """The meanings of a sign that can bear on this query: schema meanings of the tables it reads, and every
    grammar meaning."""
    found = []
    for meaning in sign.meanings:
        if meaning.kind in ("attr", "value"):
            if lexicon.attributes[meaning.target].table not in sig.tables:
                continue
        elif meaning.kind in ("time", "absent"):
            if not any(lexicon.timestamp(t, meaning.target) for t in sig.tables):
                continue
        found.append(meaning)
    return found


def _groups_by(meanings: list[Meaning], sig: Signature, lexicon: Lexicon) -> bool:
    """What follows "per" / "by" / "each" is what the query groups by."""
    for meaning in meanings:
        if meaning.kind == "attr":
            attribute = lexicon.attributes[meaning.target]
            if (attribute.table, attribute.column) in sig.group_columns:
                return True
        if meaning.kind == "entity" and any(t == meaning.target for t, _ in sig.group_columns):
            return True
        if meaning.kind == "unit" and "date_trunc" in sig.functions:
            return True
        if meaning.kind == "value":
            return True  # "used by claude-sonnet": not a grouping
    return False


def _unasked(signs: list[Sign] | tuple[Sign, ...], sig: Signature) -> list[str]:
    kinds = {k for s in signs for k in s.kinds()}
    number = kinds & {"count", "amount", "sum", "avg", "max", "min", "percent", "share", "when", "duration",
                      "distinct", "most", "least"}
    if sig.aggregated and not sig.grouped and not number:
        return ["(a single number, where rows were asked for)"]
    if sig.grouped and not kinds & {"group", "bucket", "most", "least", "top"}:
        return ["(a grouping nobody asked for)"]
    return []


def _in_phrasings(text: str, phrasing_words: frozenset[str]) -> bool:
    from ..verified.text import singular

    words = text.split()
    return bool(words) and all(w in phrasing_words or singular(w) in phrasing_words for w in words)


def _explains(meaning: Meaning, sign: Sign, sig: Signature, lexicon: Lexicon, time_words: list[str]) -> bool:
    for _ in (meaning,):
        kind, target = meaning.kind, meaning.target
        if kind in ("entity", "verb") and target in sig.tables:
            return True
        if kind == "attr":
            attribute = lexicon.attributes[target]
            if attribute.json_key is not None:
                if (attribute.table, attribute.column, attribute.json_key) in sig.keys:
                    return True
            elif (attribute.table, attribute.column) in sig.columns:
                return True
        if kind == "value" and meaning.value in sig.strings:
            return True
        if kind in ("time", "absent") and any(column == target for _, column in sig.columns):
            if kind == "absent" and not sig.nulls:
                continue
            return True
        if kind == "window" and _window_explained(sig, lexicon, time_words):
            return True
        if kind == "number" and sign.number is not None and str(sign.number) in sig.numbers:
            return True
        if kind in ("count", "sum", "avg", "min", "max") and kind in sig.functions:
            return True
        if kind == "amount" and "sum" in sig.functions:
            return True
        if kind == "distinct" and "distinct" in sig.functions:
            return True
        if kind in ("group", "bucket") and sig.grouped:
            return True
        if kind == "group" and not sig.aggregated:
            return True  # "the version of each deliverable": one row each, listed
        if kind in ("compare", "compare_after") and sig.compares:
            return True
        if kind == "unit" and "date_trunc" in sig.functions:
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
