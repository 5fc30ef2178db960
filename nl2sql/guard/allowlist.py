"""What a query may call and cast to. Anything not named here is refused: an allow-list, not a deny-list, so a
function PostgreSQL adds tomorrow is refused until someone decides it is pure.

Two vocabularies, because sqlglot parses a function either into a typed node (``COUNT`` becomes ``exp.Count``,
``->>`` becomes ``exp.JSONExtractScalar``) or into ``exp.Anonymous`` carrying the name as written.
"""

from __future__ import annotations

from sqlglot import exp

# sqlglot node keys (lower-case class names) for typed functions and operators that are pure computations.
TYPED_FUNCTIONS = frozenset("""
and or xor not case if cast trycast coalesce nullif greatest least exists collate typeof count sum avg min max
arrayagg groupconcat stddev stddevpop stddevsamp variance variancepop corr covarpop covarsamp booland boolor
logicaland logicalor percentilecont percentiledisc mode median anyvalue bitwiseandagg bitwiseoragg bitwisexoragg
regravgx regravgy regrcount regrintercept regrr2 regrslope regrsxx regrsxy regrsyy jsonarrayagg jsonobjectagg
jsonbobjectagg rownumber rank denserank percentrank cumedist ntile lag lead firstvalue lastvalue nthvalue abs ceil
floor round trunc sqrt cbrt exp ln log pow sign pi degrees radians sin cos tan asin acos atan atan2 sinh cosh tanh
asinh acosh atanh cot widthbucket isnan isinf lower upper length bitlength bytelength concat concatws substring trim
left right replace reverse repeat initcap pad strposition splitpart regexpreplace regexplike regexpilike
regexpextract regexpextractall regexpsplit regexpcount regexpinstr regexpsubstr translate md5 chr ascii tochar
tonumber overlay startswith stringtoarray arraytostring format unicode currenttimestamp currentdate currenttime
localtime localtimestamp datetrunc timestamptrunc extract makeinterval justifydays justifyhours justifyinterval
strtotime strtodate timestrtotime datebin date timestamp time jsonextract jsonextractscalar jsonbextract
jsonbextractscalar jsonbcontains jsonbcontainstopkey jsonbcontainsanytopkeys jsonbcontainsalltopkeys jsonbexists
jsonbpathexists jsonobject jsonarray jsonkeys jsontype jsonformat parsejson jsonstripnulls jsonbdeleteatpath
jsonarraycontains jsoncast array arraycontains arraycontainedby arrayoverlaps arraysize arrayposition arrayappend
arrayprepend arrayconcat arrayremove arrayslice arraycontainsall toarray unnest explode explodinggenerateseries
generateseries
""".split())

# PostgreSQL function names (as written) that sqlglot leaves as ``exp.Anonymous``.
NAMED_FUNCTIONS = frozenset("""
count sum avg min max every bool_and bool_or bit_and bit_or array_agg string_agg json_agg jsonb_agg json_object_agg
jsonb_object_agg stddev stddev_pop stddev_samp variance var_pop var_samp corr covar_pop covar_samp mode
percentile_cont percentile_disc regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy
regr_syy row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value abs ceil
ceiling floor round trunc sqrt cbrt exp ln log log10 power pow sign pi degrees radians div mod gcd lcm scale
width_bucket sin cos tan asin acos atan atan2 sinh cosh tanh lower upper length char_length character_length
octet_length bit_length concat concat_ws substr substring btrim ltrim rtrim trim lpad rpad left right replace
reverse repeat initcap strpos position split_part translate md5 chr ascii to_char to_number starts_with format
regexp_replace regexp_match regexp_matches regexp_split_to_array regexp_split_to_table regexp_count regexp_like
regexp_substr regexp_instr string_to_array array_to_string now date_part date_trunc date_bin age timezone
to_timestamp to_date make_interval make_date make_time make_timestamp make_timestamptz justify_days justify_hours
justify_interval isfinite statement_timestamp transaction_timestamp clock_timestamp extract to_json to_jsonb
row_to_json array_to_json json_build_object jsonb_build_object json_build_array jsonb_build_array json_object
jsonb_object json_array_length jsonb_array_length json_array_elements jsonb_array_elements json_array_elements_text
jsonb_array_elements_text json_each jsonb_each json_each_text jsonb_each_text json_object_keys jsonb_object_keys
json_typeof jsonb_typeof json_extract_path jsonb_extract_path json_extract_path_text jsonb_extract_path_text
jsonb_pretty json_strip_nulls jsonb_strip_nulls jsonb_set jsonb_insert jsonb_path_exists jsonb_path_match
jsonb_path_query jsonb_path_query_array jsonb_path_query_first array_length array_lower array_upper array_ndims
array_dims cardinality array_position array_positions array_append array_prepend array_cat array_remove
array_replace trim_array unnest generate_series num_nulls num_nonnulls coalesce nullif greatest least
""".split())

# Types a query may cast to (sqlglot DataType.Type names). Object-identifier types (regclass, regproc, ...) are
# absent on purpose: casting a name to them reads the system catalogs.
CAST_TYPES = frozenset("""
BIGINT INT SMALLINT TINYINT DECIMAL BIGDECIMAL DOUBLE FLOAT MONEY TEXT VARCHAR CHAR NCHAR NVARCHAR NAME BOOLEAN UUID
DATE TIME TIMETZ TIMESTAMP TIMESTAMPTZ TIMESTAMPLTZ INTERVAL JSON JSONB ARRAY UNKNOWN
""".split())


def function_name(node: exp.Func) -> str:
    """The name to show a person for a function node."""
    if isinstance(node, exp.Anonymous):
        return str(node.name)
    try:
        return node.sql_name().lower()
    except (AttributeError, NotImplementedError):
        return node.key


def function_allowed(node: exp.Func) -> bool:
    if isinstance(node, exp.Anonymous):
        name = node.this if isinstance(node.this, str) else node.name
        return name.lower() in NAMED_FUNCTIONS
    return node.key in TYPED_FUNCTIONS
