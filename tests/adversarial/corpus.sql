-- The adversarial corpus. Every case runs as alice on a database holding every user's rows (others' text
-- marked ...SECRET). [reject]: the guard must refuse it. [answer]: it must run and return exactly what the
-- same SQL returns on a database holding only alice's rows. [either]: refusing is fine; answering must match.
-- Add a case for every bug found.

-- case: all users [answer]
SELECT * FROM users
-- case: other users by negation [answer]
SELECT * FROM users WHERE id <> $1
-- case: another user's id as a literal [answer]
SELECT prompt FROM tasks WHERE user_id = '22222222-2222-2222-2222-222222222222'
-- case: OR true after the user filter [answer]
SELECT prompt FROM tasks WHERE user_id = $1 OR true
-- case: OR true before the user filter [answer]
SELECT prompt FROM tasks WHERE true OR user_id = $1
-- case: group by owner [answer]
SELECT user_id, count(*) FROM tasks GROUP BY user_id
-- case: right join [answer]
SELECT u.email, t.prompt FROM users u RIGHT JOIN tasks t ON true
-- case: full outer join [answer]
SELECT u.display_name, d.title FROM users u FULL OUTER JOIN deliverables d ON d.user_id = u.id
-- case: left join from a parent-owned table [answer]
SELECT p.name, c.agent_name FROM projects p LEFT JOIN agent_conversations c ON true
-- case: cross join [answer]
SELECT count(*) FROM tasks CROSS JOIN users
-- case: self join [answer]
SELECT count(*) FROM tasks t1, tasks t2
-- case: natural join [answer]
SELECT count(*) FROM tasks NATURAL JOIN deliverables
-- case: join using [answer]
SELECT count(*) FROM tasks JOIN deliverables USING (user_id)
-- case: union with users [answer]
SELECT prompt FROM tasks UNION ALL SELECT display_name FROM users
-- case: except [answer]
SELECT id FROM agent_conversations EXCEPT SELECT agent_conversation_id FROM tasks
-- case: intersect [answer]
SELECT user_id FROM tasks INTERSECT SELECT id FROM users
-- case: CTE shadowing a table name [answer]
WITH tasks AS (SELECT * FROM tasks) SELECT prompt FROM tasks WHERE user_id <> $1
-- case: CTE named like another table [answer]
WITH users AS (SELECT * FROM tasks) SELECT count(*) FROM users
-- case: nested CTE shadowing inside a subquery [answer]
SELECT (WITH deliverables AS (SELECT 1 AS x) SELECT count(*) FROM deliverables), (SELECT count(*) FROM deliverables)
-- case: recursive CTE over the project hierarchy [answer]
WITH RECURSIVE tree AS (SELECT id, name, 0 AS depth FROM projects WHERE parent_project_id IS NULL UNION ALL SELECT p.id, p.name, tree.depth + 1 FROM projects p JOIN tree ON p.parent_project_id = tree.id) SELECT * FROM tree
-- case: lateral [answer]
SELECT u.email, l.prompt FROM users u, LATERAL (SELECT prompt FROM tasks WHERE tasks.user_id <> u.id) l
-- case: left join lateral [answer]
SELECT c.agent_name, l.n FROM agent_conversations c LEFT JOIN LATERAL (SELECT count(*) AS n FROM tasks t WHERE t.agent_conversation_id = c.id) l ON true
-- case: scalar subquery in the select list [answer]
SELECT (SELECT string_agg(prompt, ',' ORDER BY id) FROM tasks)
-- case: exists and in [answer]
SELECT count(*) FROM users WHERE EXISTS (SELECT 1 FROM tasks WHERE tasks.user_id <> users.id) OR id IN (SELECT user_id FROM deliverables)
-- case: any and having [answer]
SELECT status FROM tasks GROUP BY status HAVING count(*) > ANY (SELECT 0 FROM deliverables)
-- case: window over everything [answer]
SELECT prompt, count(*) OVER () FROM tasks
-- case: correlated subquery [answer]
SELECT d.title, (SELECT count(*) FROM deliverable_versions v WHERE v.deliverable_id = d.id) FROM deliverables d
-- case: alias shadowing a table name [answer]
SELECT users.prompt FROM tasks users
-- case: derived table aliased as a table [answer]
SELECT * FROM (SELECT display_name FROM users) AS tasks
-- case: quoting and case [answer]
SELECT count(*) FROM "tasks", PUBLIC.TASKS, public."users"
-- case: block comment hiding the filter [answer]
SELECT prompt FROM tasks /* WHERE user_id = $1 */
-- case: line comment and a stacked statement inside it [answer]
SELECT prompt FROM tasks -- ; DELETE FROM tasks
-- case: newline after a line comment [answer]
SELECT prompt FROM tasks WHERE user_id = $1 --
OR true
-- case: injection text in a string literal [answer]
SELECT count(*) FROM tasks WHERE prompt = '''; DELETE FROM tasks; --'
-- case: dollar quoting [answer]
SELECT $$x$$ AS v, prompt FROM tasks
-- case: cast the owner to text and match a prefix [answer]
SELECT prompt FROM tasks WHERE user_id::text LIKE '2222%'
-- case: error probe on other users' rows [answer]
SELECT count(*) FROM tasks WHERE 1 / (CASE WHEN prompt LIKE '%BOBSECRET%' THEN 0 ELSE 1 END) = 1
-- case: error probe keyed on the owner [answer]
SELECT count(*) FROM tasks WHERE (CASE WHEN user_id <> $1 THEN 1 / 0 ELSE 1 END) = 1
-- case: error probe in a join condition [answer]
SELECT count(*) FROM tasks t JOIN users u ON (CASE WHEN u.email LIKE '%BOBSECRET%' THEN 1 / 0 ELSE 1 END) = 1
-- case: parent-owned versions [answer]
SELECT content FROM deliverable_versions
-- case: grandparent-owned steps [answer]
SELECT step_name, prompt FROM project_steps
-- case: owner list from users [answer]
SELECT count(*) FROM tasks WHERE user_id IN (SELECT id FROM users)
-- case: admin role probe [answer]
SELECT * FROM users WHERE roles ? 'admin'
-- case: TABLE shorthand [answer]
TABLE tasks
-- case: limit all [answer]
SELECT prompt FROM tasks LIMIT ALL
-- case: only [answer]
SELECT prompt FROM ONLY tasks
-- case: json aggregation of whole rows [answer]
SELECT jsonb_agg(t ORDER BY t.id) FROM tasks t
-- case: distinct on owner [answer]
SELECT DISTINCT ON (user_id) user_id, prompt FROM tasks ORDER BY user_id, created_at
-- case: set-returning function joined to users [answer]
SELECT g, u.email FROM generate_series(1, 3) g CROSS JOIN users u
-- case: parenthesised root [answer]
(SELECT prompt FROM tasks)
-- case: parenthesised join [answer]
SELECT t.prompt, u.email FROM (tasks t JOIN users u ON true)
-- case: projects reached through someone else's conversation id [answer]
SELECT p.name FROM projects p WHERE p.conversation_id IN (SELECT id FROM agent_conversations WHERE user_id <> $1)
-- case: unicode escaped identifier [either]
SELECT * FROM U&"t\0061sks"
-- case: delete [reject]
DELETE FROM tasks
-- case: update [reject]
UPDATE tasks SET prompt = 'x'
-- case: insert [reject]
INSERT INTO users (email) VALUES ('x@example.com')
-- case: drop [reject]
DROP TABLE tasks
-- case: create [reject]
CREATE TABLE stolen AS SELECT * FROM tasks
-- case: alter [reject]
ALTER TABLE tasks ADD COLUMN x int
-- case: truncate [reject]
TRUNCATE tasks
-- case: grant [reject]
GRANT ALL ON tasks TO PUBLIC
-- case: stacked statements [reject]
SELECT 1; DELETE FROM tasks
-- case: stacked catalog read [reject]
SELECT 1; SELECT * FROM pg_user
-- case: data-modifying CTE [reject]
WITH d AS (DELETE FROM tasks RETURNING *) SELECT count(*) FROM d
-- case: insert in a CTE [reject]
WITH i AS (INSERT INTO tasks (user_id, method, prompt) VALUES ($1, 'x', 'y') RETURNING id) SELECT * FROM i
-- case: select into [reject]
SELECT * INTO stolen FROM tasks
-- case: for update [reject]
SELECT * FROM tasks FOR UPDATE
-- case: for share [reject]
SELECT * FROM users FOR SHARE
-- case: lock table [reject]
LOCK TABLE tasks
-- case: pg_class [reject]
SELECT relname FROM pg_class
-- case: pg_stat_activity [reject]
SELECT query FROM pg_stat_activity
-- case: pg_settings [reject]
SELECT * FROM pg_catalog.pg_settings
-- case: information_schema [reject]
SELECT column_name FROM information_schema.columns
-- case: pg_tables [reject]
SELECT * FROM pg_catalog.pg_tables
-- case: current_setting [reject]
SELECT current_setting('data_directory')
-- case: set_config [reject]
SELECT set_config('default_transaction_read_only', 'off', false)
-- case: pg_sleep [reject]
SELECT pg_sleep(30)
-- case: pg_sleep in a lateral [reject]
SELECT * FROM tasks t, LATERAL pg_sleep(1)
-- case: dblink [reject]
SELECT * FROM dblink('dbname=postgres', 'DELETE FROM tasks') AS t(x text)
-- case: large object import [reject]
SELECT lo_import('/etc/passwd')
-- case: read a file [reject]
SELECT pg_read_file('/etc/passwd')
-- case: list a directory [reject]
SELECT pg_ls_dir('.')
-- case: copy to program [reject]
COPY tasks TO PROGRAM 'cat > /tmp/x'
-- case: advisory lock [reject]
SELECT pg_advisory_lock(42)
-- case: sequence [reject]
SELECT nextval('some_seq')
-- case: transaction id [reject]
SELECT txid_current()
-- case: query_to_xml runs SQL from a string [reject]
SELECT query_to_xml('SELECT * FROM tasks', true, true, '')
-- case: regclass [reject]
SELECT 'tasks'::regclass::oid
-- case: version [reject]
SELECT version()
-- case: current user [reject]
SELECT current_user
-- case: server address [reject]
SELECT inet_server_addr()
-- case: notify [reject]
NOTIFY x
-- case: set search_path [reject]
SET search_path TO evil
-- case: set role [reject]
SET ROLE postgres
-- case: reset [reject]
RESET ALL
-- case: prepare [reject]
PREPARE p AS SELECT * FROM tasks
-- case: execute [reject]
EXECUTE p
-- case: vacuum [reject]
VACUUM tasks
-- case: do block [reject]
DO $$ BEGIN DELETE FROM tasks; END $$
-- case: call [reject]
CALL do_something()
-- case: second parameter [reject]
SELECT * FROM tasks WHERE user_id = $2
-- case: undocumented table [reject]
SELECT * FROM conversations
-- case: other schema [reject]
SELECT * FROM pg_temp.tasks
-- case: system columns [reject]
SELECT ctid, xmin, prompt FROM tasks
-- case: begin [reject]
BEGIN
-- case: commit then write [reject]
COMMIT; DELETE FROM tasks
-- The guard once spliced text at placeholder names; it now edits the user's text only where PostgreSQL's own
-- parser located a table, so these are plain strings and aliases again, and must answer unchanged.
-- case: the guard's old placeholder spelled in a string [answer]
SELECT '"__nl2sql_scoped__tasks"' AS x FROM tasks
-- case: the guard's old placeholder spelled as an alias [answer]
SELECT count(*) AS "__nl2sql_scoped__users" FROM tasks
-- case: the guard's old placeholder in a dollar-quoted string [answer]
SELECT $$"__nl2sql_scoped__tasks"$$ FROM users
-- Issue 8: differences between the guard's model of the SQL and PostgreSQL's reading of it.
-- case: a CTE named with the Kelvin sign does not shadow the table (PostgreSQL folds ASCII only) [answer]
WITH tasKs AS (SELECT 1 AS x) SELECT t.user_id, count(*), max(t.prompt) FROM tasks t GROUP BY 1
-- case: a CTE named with a dotted capital I does not shadow users [answer]
WITH usİrs AS (SELECT 1 AS x) SELECT count(*), max(email) FROM users
-- case: a quoted CTE name in another case does not shadow the table [answer]
WITH "Tasks" AS (SELECT 1 AS x) SELECT count(*) FROM tasks
-- case: names longer than 63 bytes are truncated, as PostgreSQL truncates them [answer]
WITH tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttzzz AS (SELECT 1 AS x) SELECT count(*) FROM tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttyyy, tasks
-- case: absolute value operator is not a parameter [answer]
SELECT @ -5 AS a, @ 1 AS b FROM users
-- case: bitwise not of a negative number [answer]
SELECT ~ -1 AS x FROM users
-- case: a dollar-quoted backslash then a string holding SQL [answer]
SELECT $$\$$ AS a, ' UNION SELECT prompt FROM public.tasks --' AS b FROM users
-- case: a standard string ending in a backslash then SQL in the next string [answer]
SELECT 'a\' AS a, ', (SELECT string_agg(prompt, $$|$$) FROM public.tasks) AS leak --' AS b FROM users
-- case: an escape string with an escaped quote [answer]
SELECT E'it\'s \\ fine' AS a FROM users
-- case: a built-in that a public function shadows when public is searched first [answer]
SELECT lower(prompt) AS p FROM tasks
-- case: attribute notation calls pg_column_size [reject]
SELECT s.pg_column_size FROM (SELECT prompt FROM tasks) s
-- case: attribute notation calls hash_record [reject]
SELECT t.hash_record FROM tasks t
-- case: attribute notation calls pg_typeof [reject]
SELECT s.pg_typeof FROM (SELECT prompt FROM tasks) s
-- case: attribute notation with a decoy alias of that name [reject]
SELECT s.pg_column_size FROM (SELECT prompt FROM tasks) s, (SELECT 1 AS pg_column_size) d
-- case: field selection calls a function [reject]
SELECT (t).pg_column_size FROM tasks t
-- case: schema-qualified function with an allowed name [reject]
SELECT public.lower('x') FROM users
-- case: aggregate from another schema [reject]
SELECT evil.count(*) FROM tasks
-- case: operator from another schema [reject]
SELECT 1 OPERATOR(public.+) 2 FROM users
-- case: 500 nested parentheses [either]
SELECT ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) FROM users
-- case: 800 NOTs [either]
SELECT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT true FROM users
-- case: 150 nested scalar subqueries [either]
SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT (SELECT 1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
-- Red team, round 3: attribute notation through entries whose names the guard modelled wrongly.
-- case: an unaliased COALESCE in FROM is named coalesce and its whole row is text: coalesce.ts_stat runs SQL [reject]
SELECT to_jsonb(l.x)->>'word' AS word FROM (SELECT 1) AS coalesce(ts_stat), LATERAL (SELECT coalesce.ts_stat AS x FROM coalesce('SELECT quote_literal(prompt)::tsvector FROM public.tasks'::text)) l
-- case: the same with pg_sleep through NULLIF [reject]
SELECT l.x FROM (SELECT 1) AS nullif(pg_sleep), LATERAL (SELECT nullif.pg_sleep AS x FROM nullif(1, 0)) l
-- case: the same reading settings through GREATEST [reject]
SELECT l.x FROM (SELECT 1) AS greatest(current_setting), LATERAL (SELECT greatest.current_setting AS x FROM greatest('data_directory'::text)) l
-- case: the same taking an advisory lock [reject]
SELECT l.x FROM (SELECT 1) AS greatest(pg_advisory_lock), LATERAL (SELECT greatest.pg_advisory_lock AS x FROM greatest(424242::int8)) l
-- case: ROWS FROM is named after its first function [reject]
SELECT l.v FROM (SELECT 1) AS generate_series(pg_typeof), LATERAL (SELECT generate_series.pg_typeof AS v FROM ROWS FROM (generate_series(1,1), generate_series(1,1))) l
-- case: x.star under a join alias expands the outer x [reject]
SELECT s.pg_typeof FROM generate_series(1,1) AS x, LATERAL (SELECT x.* FROM ((SELECT 1 AS pg_typeof) AS x CROSS JOIN (SELECT 2 AS y) AS u) AS j) AS s
-- case: ORDER BY USING an operator from public [reject]
SELECT prompt FROM tasks ORDER BY prompt USING OPERATOR(public.<)
-- case: a unicode-escaped table name with UESCAPE [answer]
SELECT count(*), max(prompt) FROM U&"!0074asks" UESCAPE '!' t
-- case: the inheritance star after a table name [answer]
SELECT count(*), max(prompt) FROM tasks* t
-- case: ONLY with parentheses [answer]
SELECT count(*), max(prompt) FROM ONLY (tasks) t
-- Red team, round 4: join aliases and stars the model read wrongly.
-- case: an alias written after t.* is ignored by PostgreSQL [reject]
SELECT s.pg_typeof FROM (SELECT u.* AS pg_typeof FROM users u) AS s
-- case: an unqualified star does not show what a join alias hides [reject]
SELECT s.pg_typeof FROM (SELECT * FROM (tasks t(pg_typeof) CROSS JOIN users u) AS j(x)) AS s
-- case: names renamed away by a join alias do not come back [reject]
SELECT j.pg_column_size, j.hash_record, j.record_send FROM ((users t(pg_column_size, hash_record, record_send) CROSS JOIN users u) AS i CROSS JOIN users v) AS j(a, b, c)
-- case: a USING join under a renaming alias [reject]
SELECT j.pg_typeof FROM ((tasks t(pg_typeof) JOIN tasks t2(pg_typeof) USING (pg_typeof)) CROSS JOIN users u) AS j(x)
-- case: 24 nested aliased joins, once exponential in the guard [either]
SELECT count(*) FROM (((((((((((((((((((((((tasks t0 JOIN tasks t1 ON true) AS j1 JOIN tasks t2 ON true) AS j2 JOIN tasks t3 ON true) AS j3 JOIN tasks t4 ON true) AS j4 JOIN tasks t5 ON true) AS j5 JOIN tasks t6 ON true) AS j6 JOIN tasks t7 ON true) AS j7 JOIN tasks t8 ON true) AS j8 JOIN tasks t9 ON true) AS j9 JOIN tasks t10 ON true) AS j10 JOIN tasks t11 ON true) AS j11 JOIN tasks t12 ON true) AS j12 JOIN tasks t13 ON true) AS j13 JOIN tasks t14 ON true) AS j14 JOIN tasks t15 ON true) AS j15 JOIN tasks t16 ON true) AS j16 JOIN tasks t17 ON true) AS j17 JOIN tasks t18 ON true) AS j18 JOIN tasks t19 ON true) AS j19 JOIN tasks t20 ON true) AS j20 JOIN tasks t21 ON true) AS j21 JOIN tasks t22 ON true) AS j22 JOIN tasks t23 ON true) AS j23 WHERE t0.prompt IS NULL
