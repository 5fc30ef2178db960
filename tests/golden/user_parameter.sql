-- case: $1 is the asking user
SELECT id FROM tasks WHERE user_id = $1
-- expect:
SELECT id FROM tasks WHERE user_id = $1
-- case: another positional parameter
SELECT id FROM tasks WHERE user_id = $2
-- error: unknown_parameter
-- case: a psycopg placeholder
SELECT id FROM tasks WHERE user_id = %(user_id)s
-- error: unknown_parameter
-- case: a named placeholder
SELECT id FROM tasks WHERE user_id = :uid
-- error: unknown_parameter
