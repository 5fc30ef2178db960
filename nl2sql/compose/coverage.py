"""Does a verified answer explain every word of the question? A reviewed pair answers its own question; asked
something more ("how many *completion* tokens per model" of the pair for total tokens, or "*completed* in the
last 7 days" of a pair whose window is on created_at), it would answer a different question. A word is
explained when the pair's SQL does what the word says (reads that table, column or value; counts, sums,
groups, orders; applies the window to the timestamp the question names), or, for a word the lexicon does not
know, when the pair's own reviewed phrasings use it."""

from __future__ import annotations

from ..verified.text import singular
from .lexicon import Lexicon
from .signature import Signature, signature
from .signs import Meaning, Sign, attached_table, window_time_words

#: Grammar kinds that do not need explaining (they only help read the question).
_NEUTRAL = frozenset({"filler", "with", "from", "and", "or", "list", "which", "what", "quoted"})


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
    previous: Sign | None = None
    for sign in signs:
        if sign.filler:
            continue
        if sign.has("value") and previous is not None and previous.has("neg"):
            left.append(f"{previous.text} {sign.text}")  # reviewed pairs never negate a value
        previous = sign
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
    """Every word of ``text`` is one of the pair's phrasing words (singular as the verified matcher makes it)."""
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
