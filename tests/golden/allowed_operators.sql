-- case: built-in operators, JSON and array ones included
SELECT @ 1, ~ -1, 2 ^ 3, llm_metadata ->> 'model', llm_metadata @> '{}', ARRAY[1] && ARRAY[2] FROM tasks
-- ok
-- case: operator qualified with pg_catalog
SELECT 1 OPERATOR(pg_catalog.+) 2
-- ok
-- case: operator from another schema
SELECT 1 OPERATOR(public.+) 2
-- error: operator_not_allowed
-- case: operator from another schema in a subquery comparison
SELECT 1 WHERE 1 OPERATOR(evil.=) ANY (SELECT 1)
-- error: operator_not_allowed
-- case: ORDER BY USING an operator from another schema
SELECT prompt FROM tasks ORDER BY prompt USING OPERATOR(public.<)
-- error: operator_not_allowed
-- case: an aggregate's ORDER BY USING an operator from another schema
SELECT string_agg(prompt, ',' ORDER BY prompt USING OPERATOR(public.<)) FROM tasks
-- error: operator_not_allowed
-- case: ORDER BY USING a built-in operator
SELECT prompt FROM tasks ORDER BY prompt USING <
-- ok
