-- case: qualified and unqualified real columns
SELECT t.status, count(*) FROM tasks AS t GROUP BY t.status
-- ok
-- case: hallucinated column on an alias
SELECT t.priority FROM tasks AS t
-- error: unknown_column
-- case: column of another table, unqualified
SELECT agent_name FROM tasks
-- error: unknown_column
-- case: alias that does not exist
SELECT x.id FROM tasks AS t
-- error: unknown_column
-- case: select-list alias used in ORDER BY
SELECT count(*) AS n FROM tasks ORDER BY n DESC
-- ok
-- case: subquery output names
SELECT s.n FROM (SELECT agent_name AS n FROM deliverables) AS s
-- ok
-- case: system columns do not exist in the catalog
SELECT ctid, xmin FROM tasks
-- error: unknown_column
-- case: whole-row reference to an alias
SELECT row_to_json(t) FROM tasks AS t
-- ok
-- case: attribute notation: pg_column_size is not a column of s, so PostgreSQL would call pg_column_size(s)
SELECT s.pg_column_size FROM (SELECT prompt FROM tasks) s
-- error: unknown_column
-- case: attribute notation on a table alias
SELECT t.hash_record FROM tasks t
-- error: unknown_column
-- case: a name the subquery defines elsewhere does not make it a column of s
SELECT s.pg_typeof, q.pg_typeof FROM (SELECT prompt FROM tasks) s, (SELECT 1 AS pg_typeof) q
-- error: unknown_column
-- case: a subquery column named by PostgreSQL's rule (the function's name)
SELECT s.count, s.lower FROM (SELECT count(*), lower(method) FROM tasks GROUP BY 2) s
-- ok
-- case: an unnamed subquery column cannot be proved a column
SELECT s.x FROM (SELECT 1 + 1) s
-- error: unknown_column
-- case: a star from an unknown function cannot be proved
SELECT f.key FROM project_steps s, unnest(s.dependencies) f
-- error: unknown_column
-- case: a CTE's column list names its columns
WITH c(n, m) AS (SELECT id, status FROM tasks) SELECT c.n, c.m FROM c
-- ok
-- case: json_each has key and value
SELECT j.key, j.value FROM tasks t, jsonb_each(t.llm_metadata) j
-- ok
-- case: an alias of another level holds the column
SELECT (SELECT s.prompt FROM tasks x LIMIT 1) FROM (SELECT prompt FROM tasks) s
-- ok
-- case: the same alias at two levels: the name must be a column of both
SELECT (SELECT s.id FROM (SELECT id FROM tasks) s) FROM (SELECT prompt FROM tasks) s
-- error: unknown_column
-- case: the red team's bypass: an unaliased function entry PostgreSQL names coalesce, shadowing a decoy alias (refused earlier by known_syntax; here the name is unknown, so x.b must hold for it too)
SELECT to_jsonb(l.x) FROM (SELECT 1) AS coalesce(ts_stat), LATERAL (SELECT coalesce.ts_stat AS x FROM coalesce('q'::text)) l
-- error: unknown_column
-- case: ROWS FROM is named after its first function
SELECT l.v FROM (SELECT 1) AS generate_series(pg_typeof), LATERAL (SELECT generate_series.pg_typeof AS v FROM ROWS FROM (generate_series(1,1), generate_series(1,1))) l
-- error: unknown_column
-- case: x.* expands the x PostgreSQL resolves, not one hidden under a join alias
SELECT s.pg_typeof FROM generate_series(1,1) AS x, LATERAL (SELECT x.* FROM ((SELECT 1 AS pg_typeof) AS x CROSS JOIN (SELECT 2 AS y) AS u) AS j) AS s
-- error: unknown_column
-- case: an unaliased function call entry is named after the function
SELECT generate_series.generate_series FROM generate_series(1, 3)
-- ok
