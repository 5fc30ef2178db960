"""The English a question is built from, apart from the schema's own words: what asks for a number or for
rows, groups, orders, compares, negates, and the words that carry nothing for SQL (every row is the asking
user's anyway, so "my" and "I" add nothing). This is about English, not about any schema; the schema's words
are in the lexicon."""

from __future__ import annotations

from ..verified.slots import STATUS_WORDS as _VERIFIED_STATUS_WORDS
from .words import phrase_key

# phrase -> (kind, argument)
_GRAMMAR: dict[str, tuple[str, str]] = {
    # a number
    "how many": ("count", ""), "number of": ("count", ""), "count": ("count", ""), "count of": ("count", ""),
    "total number of": ("count", ""), "how much": ("amount", ""), "tally": ("count", ""),
    "total": ("sum", ""), "sum": ("sum", ""), "sum of": ("sum", ""), "in total": ("filler", ""),
    "overall": ("filler", ""), "altogether": ("filler", ""), "combined": ("filler", ""), "done by": ("filler", ""),
    "average": ("avg", ""), "avg": ("avg", ""), "mean": ("avg", ""), "on average": ("avg", ""),
    "typical": ("avg", ""), "typically": ("avg", ""),
    "maximum": ("max", ""), "max": ("max", ""), "highest": ("max", ""), "largest": ("max", ""),
    "biggest": ("max", ""), "greatest": ("max", ""),
    "minimum": ("min", ""), "min": ("min", ""), "lowest": ("min", ""), "smallest": ("min", ""),
    "most": ("most", ""), "the most": ("most", ""), "fewest": ("least", ""), "the fewest": ("least", ""),
    "least": ("least", ""), "the least": ("least", ""), "top": ("top", ""),
    "different": ("distinct", ""), "distinct": ("distinct", ""), "unique": ("distinct", ""),
    "percentage": ("percent", ""), "percent": ("percent", ""), "%": ("percent", ""), "per cent": ("percent", ""),
    "pct": ("percent", ""), "share": ("share", ""), "fraction": ("share", ""), "proportion": ("share", ""),
    "ratio": ("share", ""), "rate": ("share", ""),
    "when": ("when", ""), "what time": ("when", ""), "what date": ("when", ""),
    # rows
    "show": ("list", ""), "list": ("list", ""), "display": ("list", ""), "give": ("list", ""),
    "find": ("list", ""), "get": ("list", ""), "fetch": ("list", ""), "view": ("list", ""), "see": ("list", ""),
    "tell": ("list", ""), "which": ("which", ""), "what": ("what", ""), "what are": ("which", ""),
    "what were": ("which", ""),
    # grouping
    "per": ("group", ""), "by": ("group", ""), "each": ("group", ""), "for each": ("group", ""),
    "for every": ("group", ""), "every": ("group", ""), "grouped by": ("group", ""), "group by": ("group", ""),
    "broken down by": ("group", ""), "breakdown by": ("group", ""), "break down by": ("group", ""),
    "split by": ("group", ""), "split across": ("group", ""), "across": ("group", ""), "in each": ("group", ""),
    "in every": ("group", ""), "by each": ("group", ""),
    "breakdown": ("breakdown", ""), "break down": ("breakdown", ""),
    "daily": ("bucket", "day"), "weekly": ("bucket", "week"), "monthly": ("bucket", "month"),
    "hourly": ("bucket", "hour"), "yearly": ("bucket", "year"),
    "day": ("unit", "day"), "week": ("unit", "week"), "month": ("unit", "month"), "year": ("unit", "year"),
    "hour": ("unit", "hour"), "minute": ("unit", "minute"), "second": ("unit", "second"),
    # order
    "oldest": ("order", "asc"), "earliest": ("order", "asc"), "first": ("order", "asc"),
    "newest": ("order", "desc"), "latest": ("order", "desc"), "most recent": ("order", "desc"),
    "most recently": ("order", "desc"), "recent": ("order", "desc"), "recently": ("order", "desc"),
    "last": ("order", "desc"), "youngest": ("order", "desc"),
    "oldest first": ("order", "asc"), "earliest first": ("order", "asc"), "newest first": ("order", "desc"),
    "latest first": ("order", "desc"), "most recent first": ("order", "desc"), "recent first": ("order", "desc"),
    "longest": ("longest", "desc"), "slowest": ("longest", "desc"), "the longest": ("longest", "desc"),
    "quickest": ("longest", "asc"), "fastest": ("longest", "asc"), "shortest": ("longest", "asc"),
    "ordered by": ("orderby", ""), "order by": ("orderby", ""), "sorted by": ("orderby", ""),
    "sort by": ("orderby", ""), "ranked by": ("orderby", ""),
    "most first": ("direction", "desc"), "highest first": ("direction", "desc"), "largest first": ("direction", "desc"),
    "least first": ("direction", "asc"), "lowest first": ("direction", "asc"), "smallest first": ("direction", "asc"),
    "descending": ("direction", "desc"), "ascending": ("direction", "asc"),
    # comparisons
    "above": ("compare", ">"), "over": ("compare", ">"), "more than": ("compare", ">"),
    "greater than": ("compare", ">"), "higher than": ("compare", ">"), "bigger than": ("compare", ">"),
    "at least": ("compare", ">="), "or more": ("compare_after", ">="), "or higher": ("compare_after", ">="),
    "below": ("compare", "<"), "under": ("compare", "<"), "less than": ("compare", "<"),
    "lower than": ("compare", "<"), "fewer than": ("compare", "<"), "smaller than": ("compare", "<"),
    "at most": ("compare", "<="), "or less": ("compare_after", "<="), "or fewer": ("compare_after", "<="),
    "or lower": ("compare_after", "<="), "exactly": ("compare", "="), "equal to": ("compare", "="),
    # presence and absence
    "not": ("neg", ""), "no": ("neg", ""), "without": ("neg", ""), "never": ("neg", ""), "none": ("neg", ""),
    "with": ("with", ""), "has": ("with", ""), "have": ("with", ""), "having": ("with", ""), "had": ("with", ""),
    # durations
    "how long": ("duration", ""), "duration": ("duration", ""), "time": ("duration", ""),
    "took": ("duration", ""), "take": ("duration", ""), "takes": ("duration", ""), "taken": ("duration", ""),
    "wait": ("duration", ""), "lasted": ("duration", ""), "run time": ("duration", ""),
    "runtime": ("duration", ""), "length": ("duration", ""),
    "between": ("between", ""), "from": ("from", ""),
    # text
    "contains": ("contains", ""), "contain": ("contains", ""), "containing": ("contains", ""),
    "mention": ("contains", ""), "mentions": ("contains", ""), "mentioning": ("contains", ""),
    "include": ("contains", ""), "includes": ("contains", ""), "including": ("contains", ""),
    "quoted": ("quoted", ""),
    "and": ("and", ""), "or": ("or", ""),
}

#: Words that carry nothing for SQL. Pronouns ("my", "I") are here because the guard gives every question
#: only the asking user's rows. Negations, modal verbs about the future ("will") and anything that names data
#: are NOT here: an unknown word makes the question unanswerable, which is the point.
FILLER = frozenset("""
a an the of in on at to for is are was were be been being am do does did done it its this that these those there
their them they my me i mine our ours we us you your please kindly just currently right now so far ever yet
moment any all can could would should whose one ones some
use used uses using ran run runs go went gone hit hits got gotten came come comes handle handled handles
belong belongs belonged linked link attached attach assigned work works worked only
gave given seen saw into onto through via within among amongst then also currently
right now again still yet thing things stuff item items record records row rows entries entry
""".split())

#: Kinds of sign that may stay unused: they help read the question but need not become SQL ("with" in
#: "conversations with the orchestrator", "by" in "used by claude-sonnet", "show" in "show how many").
SOFT = frozenset("with from and or list which what".split())

GRAMMAR: dict[tuple[str, ...], tuple[str, str]] = {phrase_key(k): v for k, v in _GRAMMAR.items()}
MAX_PHRASE = 5

#: Status words people use, to the values a status column holds (the first one a column has is used): the
#: verified questions' own list, so both answerers read "done" or "cancel" the same way.
STATUS_WORDS: dict[str, tuple[str, ...]] = {**_VERIFIED_STATUS_WORDS, "in progress": ("in_progress", "running"),
                                            "in-progress": ("in_progress", "running")}
