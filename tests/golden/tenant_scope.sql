-- case: a bare table keeps its name as the alias
SELECT id FROM tasks
-- expect:
SELECT id FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS "tasks"
-- case: a qualified table keeps its name as the alias
SELECT tasks.id FROM public.tasks
-- expect:
SELECT tasks.id FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS "tasks"
-- case: the self-owned users table
SELECT email FROM users AS u
-- expect:
SELECT email FROM (SELECT * FROM public."users" WHERE "id" = $1 OFFSET 0) AS u
-- case: a table owned through two parents
SELECT step_name FROM project_steps
-- expect:
SELECT step_name FROM (SELECT * FROM public."project_steps" WHERE "project_id" IN (SELECT "id" FROM public."projects" WHERE "conversation_id" IN (SELECT "id" FROM public."agent_conversations" WHERE "user_id" = $1)) OFFSET 0) AS "project_steps"
-- case: an OR in the user's WHERE cannot widen the filter
SELECT id FROM tasks WHERE user_id = $1 OR TRUE
-- expect:
SELECT id FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS "tasks" WHERE user_id = $1 OR TRUE
-- case: outer join keeps its alias and column list
SELECT d.id, v.n FROM deliverables AS d LEFT JOIN deliverable_versions AS v(a, b, n) ON v.a = d.id
-- expect:
SELECT d.id, v.n FROM (SELECT * FROM public."deliverables" WHERE "user_id" = $1 OFFSET 0) AS d LEFT JOIN (SELECT * FROM public."deliverable_versions" WHERE "deliverable_id" IN (SELECT "id" FROM public."deliverables" WHERE "user_id" = $1) OFFSET 0) AS v(a, b, n) ON v.a = d.id
-- case: a CTE named like a table: the body reads the real table, the query reads the CTE
WITH tasks AS (SELECT * FROM tasks WHERE status = 'failed') SELECT count(*) FROM tasks
-- expect:
WITH tasks AS (SELECT * FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS "tasks" WHERE status = 'failed') SELECT count(*) FROM tasks
-- case: recursive CTE refers to itself, not to a table
WITH RECURSIVE p AS (SELECT id, parent_project_id FROM projects WHERE parent_project_id IS NULL UNION ALL SELECT c.id, c.parent_project_id FROM projects AS c JOIN p ON c.parent_project_id = p.id) SELECT count(*) FROM p
-- expect:
WITH RECURSIVE p AS (SELECT id, parent_project_id FROM (SELECT * FROM public."projects" WHERE "conversation_id" IN (SELECT "id" FROM public."agent_conversations" WHERE "user_id" = $1) OFFSET 0) AS "projects" WHERE parent_project_id IS NULL UNION ALL SELECT c.id, c.parent_project_id FROM (SELECT * FROM public."projects" WHERE "conversation_id" IN (SELECT "id" FROM public."agent_conversations" WHERE "user_id" = $1) OFFSET 0) AS c JOIN p ON c.parent_project_id = p.id) SELECT count(*) FROM p
-- case: a later CTE sees an earlier one; a qualified name is always the table
WITH a AS (SELECT id FROM tasks), tasks AS (SELECT id FROM a) SELECT * FROM tasks, public.tasks AS real
-- expect:
WITH a AS (SELECT id FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS "tasks"), tasks AS (SELECT id FROM a) SELECT * FROM tasks, (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS real
-- case: subqueries in every clause and LATERAL
SELECT (SELECT count(*) FROM deliverables), l.n FROM users AS u, LATERAL (SELECT count(*) AS n FROM tasks AS t WHERE t.user_id = u.id) AS l WHERE EXISTS (SELECT 1 FROM projects) HAVING 1 IN (SELECT 1 FROM project_steps)
-- expect:
SELECT (SELECT count(*) FROM (SELECT * FROM public."deliverables" WHERE "user_id" = $1 OFFSET 0) AS "deliverables"), l.n FROM (SELECT * FROM public."users" WHERE "id" = $1 OFFSET 0) AS u, LATERAL (SELECT count(*) AS n FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS t WHERE t.user_id = u.id) AS l WHERE EXISTS (SELECT 1 FROM (SELECT * FROM public."projects" WHERE "conversation_id" IN (SELECT "id" FROM public."agent_conversations" WHERE "user_id" = $1) OFFSET 0) AS "projects") HAVING 1 IN (SELECT 1 FROM (SELECT * FROM public."project_steps" WHERE "project_id" IN (SELECT "id" FROM public."projects" WHERE "conversation_id" IN (SELECT "id" FROM public."agent_conversations" WHERE "user_id" = $1)) OFFSET 0) AS "project_steps")
-- case: a parenthesised join keeps its join
SELECT * FROM (tasks AS t JOIN users AS u ON u.id = t.user_id)
-- expect:
SELECT * FROM ((SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS t JOIN (SELECT * FROM public."users" WHERE "id" = $1 OFFSET 0) AS u ON u.id = t.user_id)
-- case: the Kelvin sign: PostgreSQL folds only ASCII, so tasKs is not the CTE's name and tasks is the table
WITH tasKs AS (SELECT 1 AS x) SELECT t.user_id, count(*) FROM tasks t GROUP BY 1
-- expect:
WITH tasKs AS (SELECT 1 AS x) SELECT t.user_id, count(*) FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) t GROUP BY 1
-- case: names written quoted, in upper case, with unicode escapes, and split by comments
SELECT 1 FROM "tasks" a, TASKS b, U&"t\0061sks" c, public . /* x */ "users" d
-- expect:
SELECT 1 FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) a, (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) b, (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) c, (SELECT * FROM public."users" WHERE "id" = $1 OFFSET 0) d
-- case: ONLY is dropped with the name: the derived table has no inheritance children
SELECT count(*) FROM ONLY tasks
-- expect:
SELECT count(*) FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS "tasks"
-- case: TABLE name is SELECT * FROM name
TABLE tasks
-- expect:
SELECT * FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS "tasks"
-- case: non-ASCII text before the table keeps every offset right
SELECT 'é…€' AS x, t.id FROM tasks t WHERE t.prompt <> 'ü'
-- expect:
SELECT 'é…€' AS x, t.id FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) t WHERE t.prompt <> 'ü'
-- case: a unicode-escaped name with its own escape character
SELECT count(*) FROM U&"!0074asks" UESCAPE '!' t
-- expect:
SELECT count(*) FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) t
-- case: the old inheritance star after a name
SELECT count(*) FROM tasks* t
-- expect:
SELECT count(*) FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) t
-- case: ONLY with parentheses
SELECT count(*) FROM ONLY (tasks) t
-- expect:
SELECT count(*) FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) t
