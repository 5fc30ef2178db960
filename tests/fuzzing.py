"""Hypothesis strategies for SQL that probes how text is read: identifiers with Unicode and quotes, strings in
every quoting style with escapes, dollar quotes, comments, operators, casts and nesting, around the tables the
guard must scope. Shared by the CI test (bounded, derandomised) and ``bench/fuzz_guard.py`` (long, random)."""

from __future__ import annotations

from hypothesis import strategies as st

# Letters that fold differently in Python and PostgreSQL (Kelvin sign, dotted capital I, sharp s, final sigma),
# quote and escape characters, and SQL punctuation that ends strings, comments and statements.
_TRICKY = "aAkKtTsS_\u212a\u0130\u00df\u03a3\u00e9\"'\\$;-/* \n"
_TEXT = "abc '\"\\$;-/*\n\u212a\u00e9\x1b%_"

TABLES = {"tasks": ("prompt", "status", "progress"), "users": ("email", "display_name", "status"),
          "deliverables": ("title", "type", "agent_name"), "projects": ("name", "status", "hierarchy_level")}


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _unicode_escaped(name: str) -> str:
    return 'U&"' + "".join(f"\\{ord(c):04x}" if ord(c) < 0x10000 else f"\\+{ord(c):06x}" for c in name) + '"'


@st.composite
def identifiers(draw: st.DrawFn) -> str:
    """A name written plain, quoted (with doubled quotes) or unicode-escaped."""
    name = draw(st.text(alphabet=_TRICKY, min_size=1, max_size=6))
    style = draw(st.sampled_from(["plain", "quoted", "unicode"]))
    if style == "plain" and name.replace("_", "a").isalpha():
        return name
    return _unicode_escaped(name) if style == "unicode" else _quoted(name)


@st.composite
def table_names(draw: st.DrawFn, table: str) -> str:
    """A documented table, spelled every way PostgreSQL reads as that table (or a near miss it does not)."""
    return draw(st.sampled_from([
        table, table.upper(), _quoted(table), f"public.{table}", f'PUBLIC."{table}"', _unicode_escaped(table),
        f"public . /* c */ {table}", table.replace("k", "\u212a").replace("K", "\u212a"),
    ]))


@st.composite
def strings(draw: st.DrawFn) -> str:
    """A string literal in one of PostgreSQL's quoting styles, holding quotes, backslashes, dollars, comment
    and statement punctuation."""
    text = draw(st.text(alphabet=_TEXT, max_size=8))
    style = draw(st.sampled_from(["standard", "escape", "dollar", "tagged", "unicode"]))
    if style == "standard":
        return "'" + text.replace("'", "''") + "'"
    if style == "escape":
        return "E'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if style == "dollar" and "$$" not in text and not text.endswith("$"):
        return f"$${text}$$"
    if style == "tagged" and "$q$" not in text:
        return f"$q${text}$q$"
    return "U&'" + "".join(f"\\{ord(c):04x}" for c in text) + "'"


@st.composite
def comments(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet="ab '\"$;*", max_size=5)).replace("*/", "").replace("/*", "")
    return draw(st.sampled_from([" ", f" /* {body} */ ", f" /* a /* nested {body} */ b */ ", f" -- {body}\n"]))


@st.composite
def expressions(draw: st.DrawFn, columns: tuple[str, ...], depth: int = 0) -> str:
    """A scalar expression over one table's columns (qualified with ``t``)."""
    leaves = [draw(strings()), str(draw(st.integers(-5, 5))), f"t.{draw(st.sampled_from(columns))}",
              draw(st.sampled_from(columns)), "$1::text", "NULL"]
    if depth >= 2:
        return draw(st.sampled_from(leaves))
    inner = draw(expressions(columns, depth + 1))
    other = draw(expressions(columns, depth + 1))
    return draw(st.sampled_from([
        *leaves, f"({inner})", f"lower({inner}::text)", f"length({inner}::text)", f"({inner})::text",
        f"coalesce({inner}::text, {other}::text)", f"{inner}::text || {other}::text", f"@ {draw(st.integers(-9, 9))}",
        f"~ {draw(st.integers(-9, 9))}", f"CASE WHEN {inner} IS NULL THEN {other}::text END",
        f"{inner}::text{draw(comments())}= {other}::text",
    ]))


@st.composite
def hostile_queries(draw: st.DrawFn) -> str:
    """One query over a documented table: a select list of tricky expressions and names, maybe a CTE whose
    name is a near miss of (or exactly) the table's, comments anywhere, maybe a WHERE and a LIMIT."""
    table = draw(st.sampled_from(sorted(TABLES)))
    columns = TABLES[table]
    c = draw(comments())
    select = ", ".join(f"{draw(expressions(columns))} AS {draw(identifiers())}"
                       for _ in range(draw(st.integers(1, 3))))
    query = f"SELECT{c}{select} FROM{draw(comments())}{draw(table_names(table))} t"
    if draw(st.booleans()):
        query += f" WHERE {draw(expressions(columns))}::text <> {draw(strings())}"
    if draw(st.booleans()):
        # Names PostgreSQL and Python fold differently (the Kelvin sign is ASCII k to Python's lower(), not to
        # PostgreSQL), the table's own name in another case, quoted, or anything else.
        near_miss = table.replace("k", "\u212a").replace("s", "\u017f", 1) if table != "tasks" else "tas\u212as"
        cte = draw(st.sampled_from([near_miss, near_miss, table, table.upper(), f'"{table.upper()}"',
                                    draw(identifiers())]))
        query = f"WITH {cte} AS (SELECT 1 AS x){draw(comments())}{query}"
    if draw(st.booleans()):
        query += f" LIMIT {draw(st.sampled_from(['5', 'ALL', '100000', '(SELECT 2)']))}"
    return query + draw(st.sampled_from(["", ";", " -- end", "\n"]))


@st.composite
def select_lists(draw: st.DrawFn) -> list[str]:
    """Output expressions whose unnamed columns PostgreSQL names by its own rules (FigureColname)."""
    column = st.sampled_from(["status", "t.status", "progress", "t.prompt", "created_at"])
    leaf = st.one_of(column, st.sampled_from(["1", "'x'", "NULL", "$1::text", "true", "current_date"]))

    @st.composite
    def expr(draw2: st.DrawFn, depth: int = 0) -> str:
        a = draw2(leaf) if depth >= 2 else draw2(expr(depth + 1))
        b = draw2(leaf)
        return draw2(st.sampled_from([
            a, f"lower({a}::text)", f"{a}::text", f"{a}::int4" if a in ("1", "progress") else f"({a})::varchar",
            f"coalesce({a}::text, {b}::text)", f"nullif({a}::text, 'z')", f"greatest({a}::text, 'm')",
            f"least({a}::text, 'm')", f"CASE WHEN {a} IS NULL THEN {b} END",
            f"CASE WHEN {a} IS NULL THEN NULL ELSE {b} END", f"CASE {a} WHEN NULL THEN NULL ELSE {a} END",
            f"ARRAY[{a}]", f"ROW({a}, {b})", f"({a})",
            f"EXISTS (SELECT {a})", f"ARRAY(SELECT {a})", f"(SELECT {a})", f"{a} IS NULL", f"{a}::text || 'x'",
            "t.llm_metadata ->> 'model'", "count(*) OVER ()", f"{a}::text COLLATE \"C\"", f"upper({a}::text)",
            f"(ARRAY[{a}])[1]", "extract(epoch FROM created_at)", f"{a}::text::text",
        ]))

    items = []
    for _ in range(draw(st.integers(1, 4))):
        item = draw(expr())
        if draw(st.integers(0, 4)) == 0:
            item += f" AS {draw(st.sampled_from(['n', 'status', 'x1', 'lower']))}"
        items.append(item)
    return items


# ---- queries over the documented schema (issue 11's fuzzer) -------------------------------------------------
# Text and numeric columns per table, and the foreign keys a join can follow. Only deterministic constructs:
# every ORDER BY that decides which rows are kept ends with a unique id, so the full database and the one
# holding only the user's rows must agree row for row.
SCHEMA = {
    "users": (("email", "display_name", "status"), ("1",)),
    "agent_conversations": (("agent_name", "agent_type"), ("1",)),
    "tasks": (("status", "method", "prompt"), ("progress",)),
    "projects": (("name", "status"), ("hierarchy_level",)),
    "project_steps": (("step_name", "status", "agent_name"), ("step_index",)),
    "deliverables": (("title", "type", "agent_name"), ("1",)),
    "deliverable_versions": (("format", "created_by_type"), ("version_number",)),
}
LINKS = [("tasks", "agent_conversation_id", "agent_conversations", "id"), ("tasks", "user_id", "users", "id"),
         ("projects", "conversation_id", "agent_conversations", "id"),
         ("project_steps", "project_id", "projects", "id"), ("deliverables", "user_id", "users", "id"),
         ("deliverable_versions", "deliverable_id", "deliverables", "id"),
         ("agent_conversations", "user_id", "users", "id"), ("projects", "parent_project_id", "projects", "id")]


@st.composite
def predicates(draw: st.DrawFn, alias: str, table: str, depth: int = 0) -> str:
    texts, numbers = SCHEMA[table]
    text = f"{alias}.{draw(st.sampled_from(texts))}"
    number = f"{alias}.{draw(st.sampled_from(numbers))}" if numbers != ("1",) else "1"
    other = draw(st.sampled_from(sorted(SCHEMA)))
    simple = [f"{text} = {draw(st.sampled_from(['completed', 'failed', 'active', 'report', 'x']))!r}",
              f"{text} IS NULL", f"{text} LIKE '%e%'", f"{number} > {draw(st.integers(0, 50))}", "true", "false",
              f"{alias}.id IN (SELECT o.id FROM {table} o WHERE {number.replace(alias + '.', 'o.')} >= 0)",
              f"EXISTS (SELECT 1 FROM {other} x WHERE x.id IS NOT NULL)",
              f"{text} IN (SELECT y.{SCHEMA[other][0][0]} FROM {other} y)"]
    if table in ("tasks", "deliverables", "agent_conversations"):
        simple += [f"{alias}.user_id = $1", f"{alias}.user_id <> $1"]
    if depth >= 2:
        return draw(st.sampled_from(simple))
    a, b = draw(predicates(alias, table, depth + 1)), draw(predicates(alias, table, depth + 1))
    return draw(st.sampled_from([*simple, f"({a} OR {b})", f"({a} AND {b})", f"NOT ({a})"]))


@st.composite
def schema_queries(draw: st.DrawFn) -> str:
    """Joins along the schema's keys (every join kind), OR'ed predicates, subqueries, aggregates with GROUP BY,
    window functions, CTEs and set operations, over the documented tables."""
    link = draw(st.sampled_from(LINKS))
    left, left_key, right, right_key = link
    joined = draw(st.booleans())
    join = draw(st.sampled_from(["JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"]))
    source = f"{left} a" + (f" {join} {right} b ON a.{left_key} = b.{right_key}" if joined else "")
    where = draw(predicates("a", left))
    texts = SCHEMA[left][0]
    shape = draw(st.sampled_from(["rows", "aggregate", "window", "cte", "union"]))
    if shape == "rows":
        columns = f"a.id, a.{draw(st.sampled_from(texts))}" + (f", b.{SCHEMA[right][0][0]}" if joined else "")
        query = f"SELECT {columns} FROM {source} WHERE {where}"
    elif shape == "aggregate":
        group = f"a.{draw(st.sampled_from(texts))}"
        numbers = SCHEMA[left][1]
        number = f"a.{numbers[0]}" if numbers != ("1",) else "1"
        query = (f"SELECT {group}, count(*), count(DISTINCT a.id), min(a.id::text), sum({number}) FROM {source} "
                 f"WHERE {where} GROUP BY {group}" + (f" HAVING count(*) > {draw(st.integers(0, 2))}"
                                                      if draw(st.booleans()) else ""))
    elif shape == "window":
        part = f"a.{draw(st.sampled_from(texts))}"
        query = (f"SELECT a.id, row_number() OVER (PARTITION BY {part} ORDER BY a.id), count(*) OVER "
                 f"(PARTITION BY {part}) FROM {source} WHERE {where}")
    elif shape == "cte":
        query = (f"WITH c AS (SELECT a.id, a.{texts[0]} AS v FROM {source} WHERE {where}) "
                 f"SELECT c.v, count(*) FROM c GROUP BY c.v")
    else:
        other = draw(st.sampled_from(sorted(SCHEMA)))
        op = draw(st.sampled_from(["UNION", "UNION ALL", "EXCEPT", "INTERSECT"]))
        query = (f"SELECT a.{texts[0]}::text FROM {source} WHERE {where} {op} "
                 f"SELECT z.{SCHEMA[other][0][0]}::text FROM {other} z")
    if draw(st.booleans()) and shape in ("rows", "window"):
        query += f" ORDER BY a.id LIMIT {draw(st.integers(1, 20))}"
    return query


@st.composite
def join_trees(draw: st.DrawFn, depth: int = 0) -> str:
    """A FROM item built of joins (every kind, USING and NATURAL included), aliases and column lists that
    rename some columns: what the name-resolution model must read exactly as PostgreSQL does."""
    counter = draw(st.integers(0, 10_000))
    renames = draw(st.sampled_from(["", "(pg_typeof)", "(a, b)", "(id)", "(x, email)"]))
    leaf = draw(st.sampled_from([f"users u{counter}{renames if renames != '(x, email)' else ''}",
                                 f"tasks t{counter}{renames}", f"(SELECT id, status FROM tasks) s{counter}{renames}",
                                 f"generate_series(1, 2) g{counter}"]))
    if depth >= 2 or draw(st.integers(0, 2)) == 0:
        return leaf
    left, right = draw(join_trees(depth + 1)), draw(join_trees(depth + 1))
    kind = draw(st.sampled_from(["CROSS JOIN", "JOIN", "LEFT JOIN", "NATURAL JOIN"]))
    condition = " ON true" if kind in ("JOIN", "LEFT JOIN") else ""
    alias = draw(st.sampled_from(["", f" AS j{counter}", f" AS j{counter}(a)", f" AS j{counter}(a, b, c)"]))
    return f"({left} {kind} {right}{condition}){alias}"
