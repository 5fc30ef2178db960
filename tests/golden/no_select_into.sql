-- case: select into creates a table
SELECT * INTO stolen FROM tasks
-- error: select_into
-- case: select into temporary
SELECT id INTO TEMPORARY t FROM tasks
-- error: select_into
-- case: plain select
SELECT id FROM tasks
-- ok
