-- case: aggregates, date, json, window and ordered-set functions
SELECT date_trunc('day', created_at), count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY progress), row_number() OVER (ORDER BY 1), llm_metadata->>'model' FROM tasks GROUP BY 1, 5
-- ok
-- case: sleep
SELECT pg_sleep(10)
-- error: function_not_allowed
-- case: file access
SELECT pg_read_file('/etc/passwd')
-- error: function_not_allowed
-- case: large objects
SELECT lo_import('/etc/passwd')
-- error: function_not_allowed
-- case: dblink
SELECT * FROM dblink('host=x', 'select 1') AS t(a int)
-- error: function_not_allowed
-- case: configuration
SELECT set_config('role', 'postgres', false)
-- error: function_not_allowed
-- case: reading configuration
SELECT current_setting('data_directory')
-- error: function_not_allowed
-- case: advisory lock
SELECT pg_advisory_lock(1)
-- error: function_not_allowed
-- case: sequences
SELECT nextval('tasks_id_seq')
-- error: function_not_allowed
-- case: run SQL passed as a string
SELECT query_to_xml('select * from tasks', true, true, '')
-- error: function_not_allowed
-- case: server admin
SELECT pg_terminate_backend(1)
-- error: function_not_allowed
-- case: who am I
SELECT current_user
-- error: function_not_allowed
-- case: function call hidden in a WHERE of a subquery
SELECT id FROM tasks WHERE id IN (SELECT id FROM tasks WHERE pg_sleep(1) IS NULL)
-- error: function_not_allowed
-- case: a schema-qualified built-in
SELECT pg_catalog.lower('X')
-- ok
-- case: a function from another schema, even with an allowed name
SELECT public.lower('x')
-- error: function_not_allowed
-- case: an aggregate from another schema
SELECT evil.count(*) FROM tasks
-- error: function_not_allowed
-- case: SQL-syntax functions by PostgreSQL's own names
SELECT extract(epoch FROM created_at), substring(prompt FROM 1 FOR 3), trim(BOTH ' ' FROM method), position('a' IN prompt), created_at AT TIME ZONE 'UTC' FROM tasks
-- ok
-- case: to_char and friends, as a person writes them
SELECT to_char(created_at, 'YYYY-MM'), date_part('dow', created_at), age(completed_at, created_at), width_bucket(progress, 0, 100, 4) FROM tasks
-- ok
-- case: the clock is fine
SELECT current_date, current_timestamp, localtimestamp(3), now()
-- ok
-- case: session user
SELECT session_user
-- error: function_not_allowed
-- case: current schema
SELECT current_schema
-- error: function_not_allowed
