-- case: ordinary casts
SELECT (llm_metadata->>'total_tokens')::int, created_at::date, '1 day'::interval FROM tasks
-- expect:
SELECT CAST((llm_metadata ->> 'total_tokens') AS INT), CAST(created_at AS DATE), CAST('1 day' AS INTERVAL) FROM tasks
-- case: regclass reads the catalog
SELECT 'pg_authid'::regclass
-- error: type_not_allowed
-- case: regproc
SELECT 'pg_sleep'::regproc
-- error: type_not_allowed
