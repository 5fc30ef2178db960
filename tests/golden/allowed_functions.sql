-- case: aggregates, date, json, window and ordered-set functions
SELECT date_trunc('day', created_at), count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY progress), row_number() OVER (ORDER BY 1), llm_metadata->>'model' FROM tasks GROUP BY 1, 5
-- expect:
SELECT DATE_TRUNC('DAY', created_at), COUNT(*), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY progress), ROW_NUMBER() OVER (ORDER BY 1), llm_metadata ->> 'model' FROM tasks GROUP BY 1, 5
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
