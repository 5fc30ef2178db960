-- case: ordinary casts
SELECT (llm_metadata->>'total_tokens')::int, created_at::date, '1 day'::interval FROM tasks
-- ok
-- case: regclass reads the catalog
SELECT 'pg_authid'::regclass
-- error: type_not_allowed
-- case: regproc
SELECT 'pg_sleep'::regproc
-- error: type_not_allowed
-- case: ordinary types, however they are spelled
SELECT 1::int, 2::integer, 3::bigint, 4.5::numeric(10, 2), 'x'::text, 'y'::varchar(3), 'z'::char, now()::timestamptz, now()::timestamp with time zone, '1 day'::interval, '{}'::jsonb, 'a'::text[], true::boolean, 1::double precision
-- ok
-- case: a type from another schema could run its own input function
SELECT 'x'::public.mood
-- error: type_not_allowed
-- case: regclass reads the catalogs
SELECT 'pg_authid'::regclass
-- error: type_not_allowed
-- case: a type copied from a column
SELECT 1::tasks.id%TYPE
-- error: type_not_allowed
