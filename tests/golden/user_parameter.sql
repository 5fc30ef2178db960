-- case: $1 is the asking user
SELECT id FROM tasks WHERE user_id = $1
-- ok
-- case: another positional parameter
SELECT id FROM tasks WHERE user_id = $2
-- error: unknown_parameter
-- case: a psycopg placeholder is not PostgreSQL syntax
SELECT id FROM tasks WHERE user_id = %(user_id)s
-- error: syntax_error
-- case: a named placeholder is not PostgreSQL syntax
SELECT id FROM tasks WHERE user_id = :uid
-- error: syntax_error
