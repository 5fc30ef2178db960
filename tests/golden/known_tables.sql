-- case: documented table, bare and qualified, any case and quoting
SELECT * FROM tasks, public.users, PUBLIC."deliverables", Projects
-- ok
-- case: a table the document only mentions
SELECT * FROM conversations
-- error: unknown_table
-- case: quoted name with the wrong case is another table
SELECT * FROM "Tasks"
-- error: unknown_table
-- case: system catalog, qualified
SELECT * FROM pg_catalog.pg_authid
-- error: system_catalog
-- case: system catalog, bare
SELECT usename FROM pg_user
-- error: system_catalog
-- case: information schema
SELECT table_name FROM information_schema.tables
-- error: system_catalog
-- case: another schema
SELECT * FROM private.tasks
-- error: unknown_table
-- case: another database
SELECT * FROM otherdb.public.tasks
-- error: unknown_table
-- case: a CTE may shadow a table name
WITH tasks AS (SELECT 1 AS id) SELECT id FROM tasks
-- ok
-- case: a CTE does not make an unknown table known
WITH x AS (SELECT * FROM messages) SELECT * FROM x
-- error: unknown_table
