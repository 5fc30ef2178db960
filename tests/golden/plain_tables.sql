-- case: alias and ONLY are fine
SELECT t.id FROM ONLY tasks AS t
-- expect:
SELECT t.id FROM ONLY tasks AS t
-- case: tablesample
SELECT * FROM tasks TABLESAMPLE SYSTEM (10)
-- error: syntax_not_allowed
