"""Everything that talks to PostgreSQL: the executor, schema creation, demo data, the embedded server."""
