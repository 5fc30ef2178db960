-- case: qualified and unqualified real columns
SELECT t.status, count(*) FROM tasks AS t GROUP BY t.status
-- expect:
SELECT t.status, COUNT(*) FROM tasks AS t GROUP BY t.status
-- case: hallucinated column on an alias
SELECT t.priority FROM tasks AS t
-- error: unknown_column
-- case: column of another table, unqualified
SELECT agent_name FROM tasks
-- error: unknown_column
-- case: alias that does not exist
SELECT x.id FROM tasks AS t
-- error: unknown_column
-- case: select-list alias used in ORDER BY
SELECT count(*) AS n FROM tasks ORDER BY n DESC
-- expect:
SELECT COUNT(*) AS n FROM tasks ORDER BY n DESC
-- case: subquery output names
SELECT s.n FROM (SELECT agent_name AS n FROM deliverables) AS s
-- expect:
SELECT s.n FROM (SELECT agent_name AS n FROM deliverables) AS s
-- case: system columns do not exist in the catalog
SELECT ctid, xmin FROM tasks
-- error: unknown_column
-- case: whole-row reference to an alias
SELECT row_to_json(t) FROM tasks AS t
-- expect:
SELECT ROW_TO_JSON(t) FROM tasks AS t
