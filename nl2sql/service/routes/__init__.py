"""The endpoints, one module per group. Query endpoints are sync: FastAPI runs them in its thread pool, whose
limiter the app sizes to the connection pool; each takes its connection inside the library call, never in a
``yield`` dependency (which would hold it while the response is sent: a known FastAPI deadlock)."""
