-- case: plain select passes unchanged
SELECT id FROM tasks
-- ok
-- case: set operation passes
SELECT id FROM tasks UNION SELECT id FROM deliverables
-- ok
-- case: delete
DELETE FROM tasks
-- error: not_read_only
-- case: update
UPDATE tasks SET status = 'x'
-- error: not_read_only
-- case: insert
INSERT INTO tasks (id) VALUES (gen_random_uuid())
-- error: not_read_only
-- case: drop
DROP TABLE tasks
-- error: not_read_only
-- case: truncate
TRUNCATE tasks
-- error: not_read_only
-- case: data-modifying CTE
WITH d AS (DELETE FROM tasks RETURNING *) SELECT * FROM d
-- error: not_read_only
-- case: data-modifying CTE nested in a subquery
SELECT * FROM (WITH u AS (UPDATE tasks SET status = 'x' RETURNING id) SELECT id FROM u) AS s
-- error: not_read_only
-- case: copy
COPY tasks TO STDOUT
-- error: not_read_only
-- case: set role
SET ROLE postgres
-- error: not_read_only
-- case: transaction control
BEGIN
-- error: not_read_only
-- case: a bare word parsed as an expression
LISTEN x
-- error: not_read_only
-- case: values at the root is a query
VALUES (1), (2)
-- ok
-- case: explain analyze runs the statement
EXPLAIN ANALYZE DELETE FROM tasks
-- error: not_read_only
-- case: do block
DO $$ BEGIN DELETE FROM tasks; END $$
-- error: not_read_only
