-- case: an ordinary reporting query
SELECT status, count(*) FILTER (WHERE progress > 50), string_agg(method, ',' ORDER BY method) FROM tasks GROUP BY ROLLUP (status)
-- ok
-- case: tablesample reads a sample, not the user's rows
SELECT * FROM tasks TABLESAMPLE SYSTEM (10)
-- error: syntax_not_allowed
-- case: xmltable
SELECT * FROM XMLTABLE('/a' PASSING '<a/>' COLUMNS x int PATH '.')
-- error: syntax_not_allowed
-- case: xml functions
SELECT xmlelement(name a, 'x')
-- error: syntax_not_allowed
-- case: field selection can call a function: (t).pg_column_size is pg_column_size(t)
SELECT (t).pg_column_size FROM tasks t
-- error: syntax_not_allowed
-- case: field selection of a whole row
SELECT (t).* FROM tasks t
-- error: syntax_not_allowed
-- case: array subscripts are fine
SELECT (dependencies)[1], dependencies[1:2], result -> 0 FROM project_steps
-- ok
-- case: three-part column names
SELECT public.tasks.id FROM public.tasks
-- error: syntax_not_allowed
-- case: a function's column definition list
SELECT * FROM jsonb_to_record('{"a": 1}') AS r(a int)
-- ok
-- case: an expression that is not a function call, in FROM (PostgreSQL names it by rules the guard does not model)
SELECT 1 FROM coalesce('x'::text) c
-- error: syntax_not_allowed
-- case: a cast in FROM
SELECT 1 FROM CAST('1' AS int) c
-- error: syntax_not_allowed
-- case: a subquery in FROM without an alias
SELECT 1 FROM (SELECT 1)
-- error: syntax_not_allowed
-- case: ROWS FROM with function calls
SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(1, 3)) AS r(a, b)
-- ok
