-- case: for update
SELECT * FROM tasks FOR UPDATE
-- error: locking_clause
-- case: for share in a subquery
SELECT * FROM (SELECT * FROM tasks FOR SHARE) AS t
-- error: locking_clause
-- case: for no key update skip locked
SELECT id FROM tasks FOR NO KEY UPDATE SKIP LOCKED
-- error: locking_clause
