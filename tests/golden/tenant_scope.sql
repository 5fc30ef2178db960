-- case: a bare table keeps its name as the alias
SELECT id FROM tasks
-- expect:
SELECT id FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS tasks
-- case: qualified table and schema-qualified column
SELECT public.tasks.id FROM public.tasks
-- expect:
SELECT tasks.id FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS tasks
-- case: the self-owned users table
SELECT email FROM users AS u
-- expect:
SELECT email FROM (SELECT * FROM public."users" WHERE "id" = $1 OFFSET 0) AS u
-- case: a table owned through two parents
SELECT step_name FROM project_steps
-- expect:
SELECT step_name FROM (SELECT * FROM public."project_steps" WHERE "project_id" IN (SELECT "id" FROM public."projects" WHERE "conversation_id" IN (SELECT "id" FROM public."agent_conversations" WHERE "user_id" = $1)) OFFSET 0) AS project_steps
-- case: an OR in the user's WHERE cannot widen the filter
SELECT id FROM tasks WHERE user_id = $1 OR TRUE
-- expect:
SELECT id FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS tasks WHERE user_id = $1 OR TRUE
-- case: outer join keeps its alias and column list
SELECT d.id, v.n FROM deliverables AS d LEFT JOIN deliverable_versions AS v(a, b, n) ON v.a = d.id
-- expect:
SELECT d.id, v.n FROM (SELECT * FROM public."deliverables" WHERE "user_id" = $1 OFFSET 0) AS d LEFT JOIN (SELECT * FROM public."deliverable_versions" WHERE "deliverable_id" IN (SELECT "id" FROM public."deliverables" WHERE "user_id" = $1) OFFSET 0) AS v(a, b, n) ON v.a = d.id
-- case: a CTE named like a table: the body reads the real table, the query reads the CTE
WITH tasks AS (SELECT * FROM tasks WHERE status = 'failed') SELECT count(*) FROM tasks
-- expect:
WITH tasks AS (SELECT * FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS tasks WHERE status = 'failed') SELECT COUNT(*) FROM tasks
-- case: recursive CTE refers to itself, not to a table
WITH RECURSIVE p AS (SELECT id, parent_project_id FROM projects WHERE parent_project_id IS NULL UNION ALL SELECT c.id, c.parent_project_id FROM projects AS c JOIN p ON c.parent_project_id = p.id) SELECT count(*) FROM p
-- expect:
WITH RECURSIVE p AS (SELECT id, parent_project_id FROM (SELECT * FROM public."projects" WHERE "conversation_id" IN (SELECT "id" FROM public."agent_conversations" WHERE "user_id" = $1) OFFSET 0) AS projects WHERE parent_project_id IS NULL UNION ALL SELECT c.id, c.parent_project_id FROM (SELECT * FROM public."projects" WHERE "conversation_id" IN (SELECT "id" FROM public."agent_conversations" WHERE "user_id" = $1) OFFSET 0) AS c JOIN p ON c.parent_project_id = p.id) SELECT COUNT(*) FROM p
-- case: a later CTE sees an earlier one; a qualified name is always the table
WITH a AS (SELECT id FROM tasks), tasks AS (SELECT id FROM a) SELECT * FROM tasks, public.tasks AS real
-- expect:
WITH a AS (SELECT id FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS tasks), tasks AS (SELECT id FROM a) SELECT * FROM tasks, (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS real
-- case: subqueries in every clause and LATERAL
SELECT (SELECT count(*) FROM deliverables), l.n FROM users AS u, LATERAL (SELECT count(*) AS n FROM tasks AS t WHERE t.user_id = u.id) AS l WHERE EXISTS (SELECT 1 FROM projects) HAVING 1 IN (SELECT 1 FROM project_steps)
-- expect:
SELECT (SELECT COUNT(*) FROM (SELECT * FROM public."deliverables" WHERE "user_id" = $1 OFFSET 0) AS deliverables), l.n FROM (SELECT * FROM public."users" WHERE "id" = $1 OFFSET 0) AS u, LATERAL (SELECT COUNT(*) AS n FROM (SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS t WHERE t.user_id = u.id) AS l WHERE EXISTS(SELECT 1 FROM (SELECT * FROM public."projects" WHERE "conversation_id" IN (SELECT "id" FROM public."agent_conversations" WHERE "user_id" = $1) OFFSET 0) AS projects) HAVING 1 IN (SELECT 1 FROM (SELECT * FROM public."project_steps" WHERE "project_id" IN (SELECT "id" FROM public."projects" WHERE "conversation_id" IN (SELECT "id" FROM public."agent_conversations" WHERE "user_id" = $1)) OFFSET 0) AS project_steps)
-- case: a parenthesised join keeps its join
SELECT * FROM (tasks AS t JOIN users AS u ON u.id = t.user_id)
-- expect:
SELECT * FROM ((SELECT * FROM public."tasks" WHERE "user_id" = $1 OFFSET 0) AS t JOIN (SELECT * FROM public."users" WHERE "id" = $1 OFFSET 0) AS u ON u.id = t.user_id)
