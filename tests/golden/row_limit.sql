-- case: a missing limit becomes max_rows + 1
SELECT id FROM tasks
-- expect:
SELECT id FROM tasks
LIMIT 101
-- case: a smaller limit is kept
SELECT id FROM tasks LIMIT 5
-- expect:
SELECT id FROM tasks LIMIT 5
-- case: a larger limit is lowered
SELECT id FROM tasks LIMIT 100000
-- expect:
SELECT id FROM tasks LIMIT 101
-- case: limit all
SELECT id FROM tasks LIMIT ALL
-- expect:
SELECT id FROM tasks LIMIT 101
-- case: an expression limit is bounded
SELECT id FROM tasks LIMIT (SELECT 5)
-- expect:
SELECT * FROM (
SELECT id FROM tasks LIMIT (SELECT 5)
) AS "limited" LIMIT 101
-- case: fetch first
SELECT id FROM tasks FETCH FIRST 500 ROWS ONLY
-- expect:
SELECT id FROM tasks FETCH FIRST 101 ROWS ONLY
-- case: a union is limited as a whole, offsets kept
SELECT id FROM tasks UNION ALL SELECT id FROM users LIMIT 7 OFFSET 3
-- expect:
SELECT id FROM tasks UNION ALL SELECT id FROM users LIMIT 7 OFFSET 3
-- case: a trailing comment is ended before the limit
SELECT id FROM tasks -- the newest first
-- expect:
SELECT id FROM tasks -- the newest first
LIMIT 101
-- case: with ties may return more rows than asked: wrapped
SELECT id FROM tasks ORDER BY created_at FETCH FIRST 5 ROWS WITH TIES
-- expect:
SELECT * FROM (
SELECT id FROM tasks ORDER BY created_at FETCH FIRST 5 ROWS WITH TIES
) AS "limited" LIMIT 101
-- case: a limit given as the user id is wrapped
SELECT id FROM tasks LIMIT $1
-- expect:
SELECT * FROM (
SELECT id FROM tasks LIMIT $1
) AS "limited" LIMIT 101
-- case: a trailing semicolon and comments after it are not part of the statement
SELECT id FROM tasks; -- bye
-- expect:
SELECT id FROM tasks
LIMIT 101
-- case: values
VALUES (1), (2)
-- expect:
VALUES (1), (2)
LIMIT 101
