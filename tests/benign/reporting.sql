-- Reporting queries an analyst would write. Every one must pass the guard and return exactly what it returns on
-- a database holding only the user's rows (tests/test_benign.py). Deterministic: no LIMIT without a total order.
-- case: tasks per month, formatted
SELECT to_char(created_at, 'YYYY-MM') AS month, count(*) FROM tasks GROUP BY 1 ORDER BY 1
-- case: tasks per ISO week
SELECT to_char(date_trunc('week', created_at), 'IYYY-IW') AS week, count(*) FROM tasks GROUP BY 1
-- case: tasks per day of week
SELECT extract(isodow FROM created_at) AS dow, count(*) FROM tasks GROUP BY 1
-- case: date_part hour histogram
SELECT date_part('hour', created_at) AS hour, count(*) FROM tasks GROUP BY 1
-- case: date_trunc day counts
SELECT date_trunc('day', created_at)::date AS day, count(*) FROM tasks GROUP BY 1
-- case: month name
SELECT to_char(created_at, 'Mon') AS month, count(*) FROM deliverables GROUP BY 1
-- case: age of conversations
SELECT agent_name, max(age(coalesce(ended_at, last_active_at), started_at)) AS longest FROM agent_conversations GROUP BY 1
-- case: duration in seconds with extract epoch
SELECT avg(extract(epoch FROM completed_at - started_at)) AS seconds FROM tasks WHERE completed_at IS NOT NULL
-- case: duration buckets with width_bucket
SELECT width_bucket(extract(epoch FROM completed_at - started_at), 0, 1000, 5) AS bucket, count(*) FROM tasks WHERE completed_at IS NOT NULL GROUP BY 1
-- case: progress buckets
SELECT width_bucket(progress, 0, 100, 4) AS quarter, count(*) FROM tasks GROUP BY 1
-- case: most common status (mode)
SELECT mode() WITHIN GROUP (ORDER BY status) FROM tasks
-- case: median and percentiles of tokens
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY (llm_metadata->>'total_tokens')::int) AS median, percentile_disc(0.9) WITHIN GROUP (ORDER BY (llm_metadata->>'total_tokens')::int) AS p90 FROM tasks
-- case: percentiles per provider
SELECT llm_metadata->>'provider' AS provider, percentile_cont(ARRAY[0.25, 0.75]) WITHIN GROUP (ORDER BY progress) FROM tasks GROUP BY 1
-- case: regexp matching prompts
SELECT count(*) FROM tasks WHERE prompt ~* '^(summarise|review)'
-- case: regexp_replace
SELECT regexp_replace(prompt, '\s+', ' ', 'g') AS prompt, count(*) FROM tasks GROUP BY 1
-- case: split_part of step ids
SELECT split_part(step_id, '-', 2)::int AS number, count(*) FROM project_steps GROUP BY 1
-- case: regexp_match first word
SELECT (regexp_match(prompt, '^(\w+)'))[1] AS verb, count(*) FROM tasks GROUP BY 1
-- case: string functions
SELECT upper(left(method, 3)) AS m, length(prompt) AS len, initcap(status) AS s, lpad(progress::text, 3, '0') AS p FROM tasks ORDER BY id
-- case: concat and format
SELECT format('%s (%s)', title, type) AS label, concat_ws(' / ', type, agent_name) AS path FROM deliverables ORDER BY id
-- case: position and substring
SELECT substring(email FROM position('@' IN email) + 1) AS domain FROM users
-- case: trim and replace
SELECT trim(BOTH ' ' FROM replace(title, 'draft', '')) AS t FROM deliverables ORDER BY id
-- case: jsonb operators
SELECT llm_metadata->>'model' AS model, sum((llm_metadata->>'total_tokens')::int) AS tokens FROM tasks GROUP BY 1
-- case: jsonb path operator
SELECT llm_metadata #>> '{provider}' AS provider, count(*) FROM tasks GROUP BY 1
-- case: jsonb containment and key existence
SELECT count(*) FILTER (WHERE evaluation ? 'user_rating') AS rated, count(*) FILTER (WHERE llm_metadata @> '{"provider": "openai"}') AS openai FROM tasks
-- case: jsonb_each over metadata keys
SELECT j.key, count(*) FROM tasks t, jsonb_each(t.llm_metadata) j GROUP BY j.key
-- case: jsonb_object_keys
SELECT k, count(*) FROM tasks t, jsonb_object_keys(t.llm_metadata) AS k GROUP BY k
-- case: jsonb_typeof
SELECT jsonb_typeof(evaluation->'user_rating') AS kind, count(*) FROM tasks GROUP BY 1
-- case: jsonb_build_object per agent
SELECT jsonb_build_object('agent', agent_name, 'conversations', count(*)) FROM agent_conversations GROUP BY agent_name
-- case: jsonb_agg of statuses ordered
SELECT jsonb_agg(status ORDER BY status, id) FROM project_steps
-- case: average rating
SELECT avg((evaluation->>'user_rating')::numeric) AS rating FROM tasks WHERE evaluation ? 'user_rating'
-- case: cost per model, rounded
SELECT llm_metadata->>'model' AS model, round(sum((llm_metadata->>'cost_usd')::numeric), 4) AS cost FROM tasks GROUP BY 1
-- case: string_agg of agents per user
SELECT string_agg(DISTINCT agent_name, ', ' ORDER BY agent_name) FROM agent_conversations
-- case: string_agg ordered by time
SELECT string_agg(status, ',' ORDER BY created_at, id) FROM tasks
-- case: array_agg and array_length
SELECT array_length(array_agg(id), 1) AS n FROM deliverables
-- case: FILTER clauses for a status summary
SELECT count(*) FILTER (WHERE status = 'completed') AS done, count(*) FILTER (WHERE status = 'failed') AS failed, count(*) AS total FROM tasks
-- case: success rate as a percentage
SELECT round(100.0 * count(*) FILTER (WHERE status = 'completed') / nullif(count(*), 0), 1) AS pct FROM tasks
-- case: per-agent success rate
SELECT c.agent_name, round(100.0 * avg((t.status = 'completed')::int), 1) AS pct FROM tasks t JOIN agent_conversations c ON c.id = t.agent_conversation_id GROUP BY 1
-- case: row_number per status
SELECT id, status, row_number() OVER (PARTITION BY status ORDER BY created_at, id) AS n FROM tasks
-- case: running total per day
SELECT day, n, sum(n) OVER (ORDER BY day) AS running FROM (SELECT created_at::date AS day, count(*) AS n FROM tasks GROUP BY 1) d
-- case: rank and dense_rank of agents
SELECT agent_name, count(*) AS n, rank() OVER (ORDER BY count(*) DESC), dense_rank() OVER (ORDER BY count(*) DESC) FROM deliverables GROUP BY agent_name
-- case: lag between tasks
SELECT id, created_at - lag(created_at) OVER (ORDER BY created_at, id) AS gap FROM tasks
-- case: lead and first_value
SELECT id, lead(status) OVER w, first_value(status) OVER w FROM tasks WINDOW w AS (ORDER BY created_at, id)
-- case: ntile quartiles of progress
SELECT id, ntile(4) OVER (ORDER BY progress, id) AS quartile FROM tasks
-- case: percent_rank and cume_dist
SELECT id, percent_rank() OVER (ORDER BY created_at, id), cume_dist() OVER (ORDER BY created_at, id) FROM deliverables
-- case: moving average over three rows
SELECT day, avg(n) OVER (ORDER BY day ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM (SELECT created_at::date AS day, count(*) AS n FROM tasks GROUP BY 1) d
-- case: GROUPING SETS
SELECT status, method, count(*) FROM tasks GROUP BY GROUPING SETS ((status), (method), ())
-- case: ROLLUP with grouping()
SELECT status, method, grouping(status, method) AS g, count(*) FROM tasks GROUP BY ROLLUP (status, method)
-- case: CUBE
SELECT type, agent_name, count(*) FROM deliverables GROUP BY CUBE (type, agent_name)
-- case: calendar of the last 14 days with zero-filled counts
SELECT d::date AS day, count(t.id) FROM generate_series(date_trunc('day', now()) - interval '13 days', date_trunc('day', now()), interval '1 day') AS d LEFT JOIN tasks t ON t.created_at::date = d::date GROUP BY 1 ORDER BY 1
-- case: calendar of months
SELECT to_char(m, 'YYYY-MM') AS month, count(d.id) FROM generate_series(date_trunc('month', now()) - interval '2 months', date_trunc('month', now()), interval '1 month') AS m LEFT JOIN deliverables d ON date_trunc('month', d.created_at) = m GROUP BY 1 ORDER BY 1
-- case: recursive CTE over the project tree
WITH RECURSIVE tree AS (SELECT id, name, parent_project_id, 0 AS depth FROM projects WHERE parent_project_id IS NULL UNION ALL SELECT p.id, p.name, p.parent_project_id, t.depth + 1 FROM projects p JOIN tree t ON p.parent_project_id = t.id) SELECT depth, count(*) FROM tree GROUP BY depth
-- case: recursive CTE with path
WITH RECURSIVE tree AS (SELECT id, name::text AS path FROM projects WHERE parent_project_id IS NULL UNION ALL SELECT p.id, t.path || ' > ' || p.name FROM projects p JOIN tree t ON p.parent_project_id = t.id) SELECT path FROM tree
-- case: recursive CTE with SEARCH
WITH RECURSIVE tree AS (SELECT id, parent_project_id FROM projects WHERE parent_project_id IS NULL UNION ALL SELECT p.id, p.parent_project_id FROM projects p JOIN tree t ON p.parent_project_id = t.id) SEARCH DEPTH FIRST BY id SET ordercol SELECT count(*) FROM tree
-- case: steps completed per project
SELECT p.name, count(s.id) FILTER (WHERE s.status = 'completed') AS done, count(s.id) AS steps FROM projects p LEFT JOIN project_steps s ON s.project_id = p.id GROUP BY p.name
-- case: projects with their conversation's agent
SELECT p.name, c.agent_name FROM projects p JOIN agent_conversations c ON c.id = p.conversation_id ORDER BY p.id
-- case: deliverables with version counts
SELECT d.title, count(v.id) AS versions, max(v.version_number) AS latest FROM deliverables d LEFT JOIN deliverable_versions v ON v.deliverable_id = d.id GROUP BY d.id, d.title
-- case: current versions only
SELECT d.title, v.format FROM deliverables d JOIN deliverable_versions v ON v.deliverable_id = d.id AND v.is_current_version ORDER BY d.id
-- case: versions edited by users
SELECT count(*) FROM deliverable_versions WHERE created_by_type = 'user_edit'
-- case: tasks without a conversation
SELECT count(*) FROM tasks WHERE agent_conversation_id IS NULL
-- case: conversations with no tasks (anti-join)
SELECT c.id FROM agent_conversations c WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.agent_conversation_id = c.id)
-- case: tasks in conversations of a given agent
SELECT count(*) FROM tasks WHERE agent_conversation_id IN (SELECT id FROM agent_conversations WHERE agent_name = 'writer')
-- case: scalar subquery per row
SELECT c.agent_name, (SELECT count(*) FROM tasks t WHERE t.agent_conversation_id = c.id) AS tasks FROM agent_conversations c ORDER BY c.id
-- case: lateral top task per conversation
SELECT c.id, l.prompt FROM agent_conversations c LEFT JOIN LATERAL (SELECT t.prompt FROM tasks t WHERE t.agent_conversation_id = c.id ORDER BY t.created_at DESC, t.id LIMIT 1) l ON true ORDER BY c.id
-- case: DISTINCT ON latest task per status
SELECT DISTINCT ON (status) status, created_at, id FROM tasks ORDER BY status, created_at DESC, id
-- case: union of activity
SELECT 'task' AS kind, created_at FROM tasks UNION ALL SELECT 'deliverable', created_at FROM deliverables
-- case: intersect of agents
SELECT agent_name FROM deliverables INTERSECT SELECT agent_name FROM agent_conversations
-- case: except of agents
SELECT agent_name FROM agent_conversations EXCEPT SELECT agent_name FROM deliverables
-- case: CASE buckets
SELECT CASE WHEN progress >= 100 THEN 'done' WHEN progress >= 50 THEN 'half' ELSE 'early' END AS stage, count(*) FROM tasks GROUP BY 1
-- case: coalesce and nullif
SELECT coalesce(error_code, 'none') AS code, count(*) FROM tasks GROUP BY 1
-- case: greatest and least
SELECT greatest(created_at, updated_at) AS latest, least(created_at, updated_at) AS earliest FROM deliverables ORDER BY id
-- case: interval arithmetic
SELECT count(*) FROM tasks WHERE created_at >= now() - interval '30 days' AND created_at < now() + interval '1 day'
-- case: make_interval and justify
SELECT justify_interval(max(completed_at - started_at)) FROM tasks
-- case: date difference in days
SELECT max(current_date - created_at::date) AS days FROM deliverables
-- case: AT TIME ZONE
SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) FROM tasks GROUP BY 1
-- case: date_bin 6-hour buckets
SELECT date_bin('6 hours', created_at, timestamptz '2000-01-01') AS slot, count(*) FROM tasks GROUP BY 1
-- case: boolean aggregates
SELECT bool_and(progress = 100) AS all_done, bool_or(status = 'failed') AS any_failed FROM tasks
-- case: count distinct
SELECT count(DISTINCT method) AS methods, count(DISTINCT status) AS statuses FROM tasks
-- case: min and max timestamps
SELECT min(created_at), max(created_at) FROM agent_conversations
-- case: stddev and variance
SELECT stddev_samp(progress), var_pop(progress) FROM tasks
-- case: correlation of tokens and cost
SELECT corr((llm_metadata->>'total_tokens')::float8, (llm_metadata->>'cost_usd')::float8) FROM tasks
-- case: regr_slope
SELECT regr_slope((llm_metadata->>'cost_usd')::float8, (llm_metadata->>'total_tokens')::float8) FROM tasks
-- case: HAVING
SELECT agent_name, count(*) FROM agent_conversations GROUP BY agent_name HAVING count(*) >= 2
-- case: ORDER BY with NULLS LAST and a LIMIT on a total order
SELECT id, completed_at FROM tasks ORDER BY completed_at DESC NULLS LAST, id LIMIT 5
-- case: OFFSET paging
SELECT id FROM deliverables ORDER BY created_at, id LIMIT 3 OFFSET 2
-- case: FETCH FIRST
SELECT id FROM tasks ORDER BY id FETCH FIRST 4 ROWS ONLY
-- case: VALUES as a lookup table
SELECT v.label, count(t.id) FROM (VALUES ('completed', 'Done'), ('failed', 'Failed')) AS v(status, label) LEFT JOIN tasks t ON t.status = v.status GROUP BY v.label
-- case: unnest of step dependencies
SELECT d, count(*) FROM project_steps s, unnest(s.dependencies) AS d GROUP BY d
-- case: array contains
SELECT count(*) FROM project_steps WHERE dependencies @> ARRAY['step-1']
-- case: cardinality of arrays
SELECT cardinality(dependencies) AS n, count(*) FROM project_steps GROUP BY 1
-- case: string_to_array and array_to_string
SELECT array_to_string(string_to_array(prompt, ' '), '_') FROM tasks ORDER BY id
-- case: ILIKE search
SELECT count(*) FROM deliverables WHERE title ILIKE '%draft%'
-- case: SIMILAR TO
SELECT count(*) FROM tasks WHERE status SIMILAR TO '(completed|failed)'
-- case: BETWEEN on progress
SELECT count(*) FROM tasks WHERE progress BETWEEN 25 AND 75
-- case: IS DISTINCT FROM
SELECT count(*) FROM tasks WHERE error_code IS DISTINCT FROM 'timeout'
-- case: users table for the asking user
SELECT display_name, status, jsonb_array_length(roles) AS roles FROM users
-- case: md5 of titles
SELECT md5(title) FROM deliverables ORDER BY id
-- case: json (not jsonb) functions
SELECT json_build_object('id', id, 'status', status)::text FROM tasks ORDER BY id
-- case: to_jsonb of a row
SELECT to_jsonb(d) - 'metadata' FROM deliverables d ORDER BY d.id
-- case: row_to_json of a subquery row
SELECT row_to_json(s) FROM (SELECT id, status FROM tasks) s ORDER BY s.id
-- case: jsonb_path_query
SELECT jsonb_path_query_first(llm_metadata, '$.model') FROM tasks ORDER BY id
-- case: CTE chain
WITH daily AS (SELECT created_at::date AS day, count(*) AS n FROM tasks GROUP BY 1), peak AS (SELECT max(n) AS n FROM daily) SELECT d.day FROM daily d JOIN peak p ON d.n = p.n
-- case: materialized CTE hint
WITH recent AS MATERIALIZED (SELECT * FROM tasks WHERE created_at > now() - interval '7 days') SELECT status, count(*) FROM recent GROUP BY status
-- case: correlated EXISTS with OR
SELECT count(*) FROM deliverables d WHERE EXISTS (SELECT 1 FROM deliverable_versions v WHERE v.deliverable_id = d.id AND (v.format = 'markdown' OR v.version_number > 2))
-- case: IN list
SELECT count(*) FROM tasks WHERE status IN ('pending', 'in_progress')
-- case: NOT IN with a subquery
SELECT count(*) FROM deliverables WHERE id NOT IN (SELECT deliverable_id FROM deliverable_versions WHERE version_number > 1)
-- case: ANY and ALL
SELECT count(*) FROM tasks WHERE progress > ALL (SELECT 50) AND status = ANY (ARRAY['completed', 'failed'])
-- case: COLLATE for ordering
SELECT title FROM deliverables ORDER BY title COLLATE "C", id
-- case: casts of every common kind
SELECT id::text, progress::numeric(5, 1), created_at::date, created_at::time, (progress > 50)::int FROM tasks ORDER BY id
-- case: type-prefixed literals
SELECT count(*) FROM tasks WHERE created_at > timestamptz '2000-01-01' AND progress >= integer '0'
-- case: current_date and localtimestamp
SELECT count(*) FROM tasks WHERE created_at::date <= current_date AND created_at <= localtimestamp + interval '1 day'
-- case: the user id parameter
SELECT count(*) FROM tasks WHERE user_id = $1
-- case: ORDER BY an output alias
SELECT status, count(*) AS n FROM tasks GROUP BY status ORDER BY n DESC, status
-- case: window with FILTER
SELECT DISTINCT status, count(*) FILTER (WHERE progress = 100) OVER (PARTITION BY status) FROM tasks
-- case: TABLE shorthand
TABLE deliverable_versions
