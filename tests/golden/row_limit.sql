-- case: a missing limit becomes max_rows + 1
SELECT id FROM tasks
-- expect:
SELECT id FROM tasks LIMIT 101
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
SELECT id FROM tasks LIMIT LEAST((SELECT 5), 101)
-- case: fetch first
SELECT id FROM tasks FETCH FIRST 500 ROWS ONLY
-- expect:
SELECT id FROM tasks LIMIT 101
-- case: a union is limited as a whole, offsets kept
SELECT id FROM tasks UNION ALL SELECT id FROM users LIMIT 7 OFFSET 3
-- expect:
SELECT id FROM tasks UNION ALL SELECT id FROM users LIMIT 7 OFFSET 3
