"""What a query may call and cast to, by PostgreSQL's own names. Anything not named here is refused: an
allow-list, not a deny-list, so a function PostgreSQL adds tomorrow is refused until someone decides it is pure.

Names are what PostgreSQL's parser produces: ``extract(epoch FROM x)`` is the function ``extract``,
``trim(both FROM x)`` is ``btrim``, ``x AT TIME ZONE 'UTC'`` is ``timezone``, ``'1 day'::interval`` is the type
``interval``. The executor pins ``search_path`` to ``pg_catalog``, so an unqualified name is the built-in.
"""

from __future__ import annotations

#: The aggregates among them (with ``OVER`` they are window functions instead).
AGGREGATES = frozenset("""
count sum avg min max every bool_and bool_or bit_and bit_or bit_xor array_agg string_agg json_agg jsonb_agg
json_object_agg jsonb_object_agg any_value stddev stddev_pop stddev_samp variance var_pop var_samp corr covar_pop
covar_samp mode percentile_cont percentile_disc regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope
regr_sxx regr_sxy regr_syy
""".split())

FUNCTIONS = AGGREGATES | frozenset("""
row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value
nth_value abs ceil ceiling floor round trunc sqrt cbrt exp ln log log10 power pow sign pi degrees radians div mod
gcd lcm scale width_bucket sin cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh cot lower upper length
char_length character_length octet_length bit_length concat concat_ws substr substring btrim ltrim rtrim lpad rpad
left right replace reverse repeat initcap strpos position split_part translate md5 sha256 chr ascii to_char
to_number starts_with format overlay normalize is_normalized similar_to_escape regexp_replace regexp_match
regexp_matches regexp_split_to_array regexp_split_to_table regexp_count regexp_like regexp_substr regexp_instr
string_to_array string_to_table array_to_string now date_part date_trunc date_bin extract age timezone overlaps
to_timestamp to_date make_interval make_date make_time make_timestamp make_timestamptz justify_days justify_hours
justify_interval isfinite statement_timestamp transaction_timestamp clock_timestamp to_json to_jsonb row_to_json
array_to_json json_build_object jsonb_build_object json_build_array jsonb_build_array json_object jsonb_object
json_array_length jsonb_array_length json_array_elements jsonb_array_elements json_array_elements_text
jsonb_array_elements_text json_each jsonb_each json_each_text jsonb_each_text json_object_keys jsonb_object_keys
json_typeof jsonb_typeof json_extract_path jsonb_extract_path json_extract_path_text jsonb_extract_path_text
jsonb_pretty json_strip_nulls jsonb_strip_nulls jsonb_set jsonb_insert jsonb_path_exists jsonb_path_match
jsonb_path_query jsonb_path_query_array jsonb_path_query_first jsonb_to_record jsonb_to_recordset json_to_record
json_to_recordset array_length array_lower array_upper array_ndims array_dims cardinality array_position
array_positions array_append array_prepend array_cat array_remove array_replace trim_array unnest generate_series
generate_subscripts num_nulls num_nonnulls coalesce nullif greatest least grouping
""".split())

#: Types a query may cast to or name, as PostgreSQL's parser spells them (``integer`` is ``int4``). Object
#: identifier types (regclass, regproc, ...) are absent on purpose: casting a name to them reads the catalogs.
TYPES = frozenset("""
int2 int4 int8 smallint integer bigint int numeric decimal float4 float8 real money text varchar bpchar char
name bool boolean uuid date time timetz timestamp timestamptz interval json jsonb bytea bit varbit
""".split())

#: SQL-standard value functions (no parentheses): the clock is fine; who is connected is not a report's business.
VALUE_FUNCTIONS = frozenset({"SVFOP_CURRENT_DATE", "SVFOP_CURRENT_TIME", "SVFOP_CURRENT_TIME_N",
                             "SVFOP_CURRENT_TIMESTAMP", "SVFOP_CURRENT_TIMESTAMP_N", "SVFOP_LOCALTIME",
                             "SVFOP_LOCALTIME_N", "SVFOP_LOCALTIMESTAMP", "SVFOP_LOCALTIMESTAMP_N"})

#: The only schema a function, operator or type may be qualified with.
BUILTIN_SCHEMA = "pg_catalog"
