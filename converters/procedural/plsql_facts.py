"""Facts the PL/SQL converter works from, one table each with a reason per row: PL/SQL-only types, predefined
exceptions, the SQLCODE each SQLSTATE stands for, and Oracle's built-in packages.

Sources: Oracle Database PL/SQL Language Reference ("PL/SQL Predefined Exceptions", "PL/SQL Data Types"),
PostgreSQL documentation Appendix A ("PostgreSQL Error Codes").
"""

from __future__ import annotations

import zlib

# PL/SQL type (upper case) -> (PostgreSQL type, why); SQL types go through the column type table
PLSQL_TYPES: dict[str, tuple[str, str]] = {
    "PLS_INTEGER": ("integer", "32-bit signed; both raise an error on overflow"),
    "BINARY_INTEGER": ("integer", "same as PLS_INTEGER since Oracle 10g"),
    "SIMPLE_INTEGER": ("integer", "PLS_INTEGER NOT NULL (its wrap-around on overflow is not kept: errors instead)"),
    "BOOLEAN": ("boolean", "PL/SQL BOOLEAN is TRUE/FALSE/NULL like PostgreSQL's"),
    "SYS_REFCURSOR": ("refcursor", "a weak ref cursor is a PL/pgSQL refcursor"),
    "STRING": ("varchar", "PL/SQL subtype of VARCHAR2"),
    "RECORD": ("record", "an anonymous record (cursor rows)"),
    "DBMS_SQL.NUMBER_TABLE": ("numeric[]", "TABLE OF NUMBER INDEX BY BINARY_INTEGER"),
    "DBMS_SQL.VARCHAR2_TABLE": ("varchar[]", "TABLE OF VARCHAR2(2000) INDEX BY BINARY_INTEGER"),
    "DBMS_SQL.DATE_TABLE": ("timestamp(0)[]", "TABLE OF DATE INDEX BY BINARY_INTEGER"),
    "DBMS_SQL.VARCHAR2S": ("varchar[]", "TABLE OF VARCHAR2(256) INDEX BY BINARY_INTEGER"),
    "DBMS_OUTPUT.CHARARR": ("varchar[]", "TABLE OF VARCHAR2(32767) INDEX BY BINARY_INTEGER"),
    # the Data Cartridge lists SYS owns (public synonyms too): VARRAY(32767) OF ...; the element limit is not kept
    "SYS.ODCIVARCHAR2LIST": ("varchar(4000)[]", "VARRAY(32767) OF VARCHAR2(4000)"),
    "SYS.ODCINUMBERLIST": ("numeric[]", "VARRAY(32767) OF NUMBER"),
    "SYS.ODCIDATELIST": ("timestamp(0)[]", "VARRAY(32767) OF DATE"),
    "SYS.ODCIRAWLIST": ("bytea[]", "VARRAY(32767) OF RAW(2000)"),
}
SUPPLIED_VARRAYS = frozenset(n for n in PLSQL_TYPES if n.startswith("SYS.ODCI"))  # built with a constructor call
# types the supplied packages declare (PACKAGE.TYPE): naming one declares something, it calls nothing
SUPPLIED_TYPES = frozenset({n for n in PLSQL_TYPES if "." in n and not n.startswith("SYS.")} | {
    "DBMS_SQL.VARCHAR2A", "DBMS_SQL.CLOB_TABLE", "DBMS_SQL.BLOB_TABLE", "DBMS_SQL.DESC_TAB", "DBMS_SQL.DESC_TAB2",
    "DBMS_SQL.DESC_TAB3", "DBMS_SQL.DESC_REC", "DBMS_SQL.DESC_REC2", "DBMS_SQL.DESC_REC3", "DBMS_SQL.BINARY_FLOAT_TABLE",
    "DBMS_SQL.BINARY_DOUBLE_TABLE", "DBMS_SQL.TIMESTAMP_TABLE", "DBMS_SQL.INTERVAL_DAY_TO_SECOND_TABLE",
    "DBMS_UTILITY.UNCL_ARRAY", "DBMS_UTILITY.LNAME_ARRAY", "DBMS_UTILITY.NAME_ARRAY", "DBMS_UTILITY.MAXNAME_ARRAY",
    "DBMS_UTILITY.DBLINK_ARRAY", "DBMS_UTILITY.NUMBER_ARRAY", "UTL_FILE.FILE_TYPE", "UTL_SMTP.CONNECTION",
    "UTL_SMTP.REPLY", "UTL_SMTP.REPLIES", "UTL_HTTP.REQ", "UTL_HTTP.RESP", "UTL_TCP.CONNECTION", "OWA.VC_ARR",
    "DBMS_OUTPUT.CHARARR", "DBMS_LDAP.SESSION", "DBMS_LDAP.MESSAGE", "DBMS_XMLDOM.DOMDOCUMENT", "DBMS_XMLDOM.DOMNODE",
    "DBMS_XMLDOM.DOMNODELIST", "DBMS_XMLDOM.DOMELEMENT", "DBMS_XMLPARSER.PARSER", "DBMS_STATS.STATTAB",
})  # fmt: skip
PLSQL_TYPES.update({n.removeprefix("SYS."): PLSQL_TYPES[n] for n in SUPPLIED_VARRAYS})

# STANDARD's unconstrained subtypes (parameters and results that take any precision): the types they stand for
STANDARD_SUBTYPES: dict[str, str] = {
    "TIMESTAMP_UNCONSTRAINED": "TIMESTAMP(9)",
    "TIMESTAMP_TZ_UNCONSTRAINED": "TIMESTAMP(9) WITH TIME ZONE",
    "TIMESTAMP_LTZ_UNCONSTRAINED": "TIMESTAMP(9) WITH LOCAL TIME ZONE",
    "YMINTERVAL_UNCONSTRAINED": "INTERVAL YEAR(9) TO MONTH",
    "DSINTERVAL_UNCONSTRAINED": "INTERVAL DAY(9) TO SECOND(9)",
}

# built-in calls whose last argument, written as its default, can be left out (DBMS_LOB.INSTR(l, p, o, 1))
DEFAULTED_LAST: dict[tuple[str, str], tuple[int, str]] = {("DBMS_LOB", "INSTR"): (4, "1")}

# PLS_INTEGER subtypes with a range Oracle enforces (VALUE_ERROR outside it): (low, high, NOT NULL), as domains
RANGED_TYPES: dict[str, tuple[int, int, bool]] = {
    "NATURAL": (0, 2147483647, False),
    "NATURALN": (0, 2147483647, True),
    "POSITIVE": (1, 2147483647, False),
    "POSITIVEN": (1, 2147483647, True),
    "SIGNTYPE": (-1, 1, False),
}

# Oracle predefined exception -> PostgreSQL condition names (a handler for any of them)
EXCEPTIONS: dict[str, tuple[str, ...]] = {
    "NO_DATA_FOUND": ("no_data_found",),  # SELECT INTO STRICT raises P0002
    "TOO_MANY_ROWS": ("too_many_rows",),  # SELECT INTO STRICT raises P0003
    "DUP_VAL_ON_INDEX": ("unique_violation",),
    "ZERO_DIVIDE": ("division_by_zero",),
    "INVALID_NUMBER": ("invalid_text_representation",),  # TO_NUMBER('x') inside SQL
    # RAISE VALUE_ERROR raises the first: 22003, whose SQLCODE is VALUE_ERROR's -6502
    "VALUE_ERROR": ("numeric_value_out_of_range", "invalid_text_representation", "string_data_right_truncation",
                    "invalid_datetime_format", "datetime_field_overflow", "null_value_not_allowed"),
    "CURSOR_ALREADY_OPEN": ("duplicate_cursor",),
    "INVALID_CURSOR": ("invalid_cursor_state", "invalid_cursor_name"),
    "TIMEOUT_ON_RESOURCE": ("lock_not_available",),
    "CASE_NOT_FOUND": ("case_not_found",),
    "ROWTYPE_MISMATCH": ("datatype_mismatch",),
    "STORAGE_ERROR": ("out_of_memory",),
    "LOGIN_DENIED": ("invalid_authorization_specification",),
    "OTHERS": ("OTHERS",),
}  # fmt: skip

# SQLSTATE -> the Oracle SQLCODE of the matching predefined exception (SQLCODE is rebuilt from SQLSTATE)
SQLCODES: dict[str, int] = {
    "P0002": 100,  # NO_DATA_FOUND (+100)
    "P0003": -1422,  # TOO_MANY_ROWS
    "23505": -1,  # DUP_VAL_ON_INDEX
    "22012": -1476,  # ZERO_DIVIDE
    "22P02": -1722,  # INVALID_NUMBER
    "22003": -6502,  # VALUE_ERROR (numeric overflow)
    "22001": -6502,  # VALUE_ERROR (character string buffer too small)
    "20000": -6592,  # CASE_NOT_FOUND
    "42P03": -6511,  # CURSOR_ALREADY_OPEN
    "24000": -1001,  # INVALID_CURSOR
    "55P03": -51,  # TIMEOUT_ON_RESOURCE
    "23502": -1400,  # cannot insert NULL
    "23503": -2291,  # integrity constraint violated - parent key not found
    "23514": -2290,  # check constraint violated
    "2F005": -6503,  # a function returned without value (plsql_outfn.NO_RETURN)
    "UB381": -24381,  # error(s) in array DML: FORALL ... SAVE EXCEPTIONS (plsql_forall raises it)
    "UR000": -21000,  # RAISE_APPLICATION_ERROR with a number outside -20999..-20000 (plsql_calls raises it)
    # DBMS_ASSERT's errors (plsql_assert raises ORA-44003; the others are listed for EXCEPTION_INIT)
    "UA001": -44001,  # INVALID_SCHEMA_NAME
    "UA002": -44002,  # INVALID_OBJECT_NAME
    "UA003": -44003,  # INVALID_SQL_NAME
    "UA004": -44004,  # INVALID_QUALIFIED_SQL_NAME
}

# RAISE_APPLICATION_ERROR codes -20000..-20999 become SQLSTATE 'U0' + the last three digits: a class of our own
# (PostgreSQL reserves no class starting with U), so the code survives the trip and SQLCODE can rebuild it.
USER_CLASS = "U0"


def user_sqlstate(code: int) -> str | None:
    """-20001 -> 'U0001'; None outside Oracle's user range."""
    return f"{USER_CLASS}{-code - 20000:03d}" if -20999 <= code <= -20000 else None


def exception_sqlstate(qualified_name: str) -> str:
    """A stable SQLSTATE for a user exception with no EXCEPTION_INIT (class 'UE'), the same in every unit that
    names it, so RAISE in one routine and WHEN in another still match."""
    digest = zlib.crc32(qualified_name.lower().encode()) % (36**3)
    chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "UE" + chars[digest // 1296] + chars[digest // 36 % 36] + chars[digest % 36]


def sqlcode_expression() -> str:
    """Oracle's SQLCODE inside a handler, rebuilt from SQLSTATE."""
    known = " ".join(f"WHEN '{state}' THEN {code}" for state, code in SQLCODES.items())
    return (f"(CASE WHEN SQLSTATE LIKE '{USER_CLASS}___' THEN -20000 - substr(SQLSTATE, 3)::integer "
            f"ELSE CASE SQLSTATE {known} ELSE -1 END END)")  # fmt: skip


def sqlerrm_expression() -> str:
    """Oracle's SQLERRM: 'ORA-20001: message' for application errors, PostgreSQL's message otherwise."""
    return (
        f"(CASE WHEN SQLSTATE LIKE '{USER_CLASS}___' THEN 'ORA-' || (20000 + substr(SQLSTATE, 3)::integer) "
        "|| ': ' || SQLERRM ELSE SQLERRM END)"
    )


# The error a handler is handling, as the handler publishes it for the routines it calls (plsql_errorstate): what
# SQLCODE, SQLERRM, FORMAT_ERROR_STACK and FORMAT_ERROR_BACKTRACE read outside a handler. Transaction-local
# settings: a handler statement that fails has them rolled back with the subtransaction that catches it.
ERROR_SETTINGS = ("aurora_migrate.sqlcode", "aurora_migrate.sqlerrm", "aurora_migrate.backtrace")
# outside any handler Oracle gives SQLCODE 0, SQLERRM 'ORA-0000: normal, successful completion' (PL/SQL Language
# Reference, SQLCODE / SQLERRM functions), FORMAT_ERROR_STACK and FORMAT_ERROR_BACKTRACE NULL
PUBLISHED_READS = {
    "SQLCODE": f"coalesce(nullif(current_setting('{ERROR_SETTINGS[0]}', true), '')::integer, 0)",
    "SQLERRM": f"coalesce(nullif(current_setting('{ERROR_SETTINGS[1]}', true), ''), "
    "'ORA-0000: normal, successful completion')",
    "FORMAT_ERROR_STACK": f"nullif(current_setting('{ERROR_SETTINGS[1]}', true), '')",
    "FORMAT_ERROR_BACKTRACE": f"nullif(current_setting('{ERROR_SETTINGS[2]}', true), '')",
}


# Built-in package calls used as statements: (PACKAGE, MEMBER) -> PL/pgSQL template ({0}, {1}: arguments) or
# None with the replacement to name in the finding.
BUILTIN_STATEMENTS: dict[tuple[str, str], tuple[str | None, str]] = {
    ("DBMS_OUTPUT", "PUT_LINE"): ("RAISE NOTICE '%', {0};", "server output lines become notices"),
    ("DBMS_OUTPUT", "ENABLE"): ("NULL;", "notices need no buffer"),
    ("DBMS_OUTPUT", "DISABLE"): ("NULL;", "notices need no buffer"),
    ("DBMS_OUTPUT", "NEW_LINE"): ("RAISE NOTICE '';", "an empty line"),
    ("DBMS_OUTPUT", "PUT"): (None, "the line is built in a session setting (plsql_output); one argument"),
    ("DBMS_LOCK", "SLEEP"): ("PERFORM pg_sleep({0});", "seconds, fractions allowed in both"),
    # an empty temporary LOB (length 0, not NULL): '' is an empty text and an empty bytea alike
    ("DBMS_LOB", "CREATETEMPORARY"): ("{0} := '';", "assign '' (an empty text or bytea)"),
    # APPEND(dest, src): VALUE_ERROR when either LOB is NULL (Oracle's documented exception), else dest || src
    ("DBMS_LOB", "APPEND"): ("IF {0} IS NULL OR {1} IS NULL THEN  -- DBMS_LOB.APPEND raises VALUE_ERROR\n"
                            "    RAISE EXCEPTION 'numeric or value error' USING ERRCODE = 'numeric_value_out_of_range';\n"
                            "END IF;\n{0} := {0} || {1};", "dest := dest || src"),
    # WRITEAPPEND(lob, amount, buffer): VALUE_ERROR for a NULL argument, INVALID_ARGVAL (ORA-21560) for an amount
    # below 1, above 32767 or beyond the buffer (Oracle's documented exceptions), else the first `amount` of it
    ("DBMS_LOB", "WRITEAPPEND"): (
        "IF {0} IS NULL OR {1} IS NULL OR {2} IS NULL THEN  -- DBMS_LOB.WRITEAPPEND raises VALUE_ERROR\n"
        "    RAISE EXCEPTION 'numeric or value error' USING ERRCODE = 'numeric_value_out_of_range';\n"
        "ELSIF {1} < 1 OR {1} > 32767 OR {1} > length({2}) THEN  -- DBMS_LOB.INVALID_ARGVAL (ORA-21560)\n"
        "    RAISE EXCEPTION 'argument 2 is null, invalid, or out of range' USING ERRCODE = 'invalid_parameter_value';\n"
        "END IF;\n{0} := {0} || substr({2}, 1, round({1})::integer);  -- a NUMBER amount rounds to BINARY_INTEGER", "lob := lob || substr(buffer, 1, amount)"),
    # READ(lob, amount IN OUT, offset, buffer OUT): VALUE_ERROR for a NULL lob, amount or offset, INVALID_ARGVAL
    # (ORA-21560) for an amount below 1 or above 32767 or an offset below 1, NO_DATA_FOUND with amount 0 past the
    # end (Oracle's documented exceptions); else `amount` characters (bytes of a BLOB) from `offset`, amount the
    # number read. NUMBER amounts and offsets round to INTEGER, as the parameters convert them
    ("DBMS_LOB", "READ"): (
        "IF {0} IS NULL OR {1} IS NULL OR {2} IS NULL THEN  -- DBMS_LOB.READ raises VALUE_ERROR\n"
        "    RAISE EXCEPTION 'numeric or value error' USING ERRCODE = 'numeric_value_out_of_range';\n"
        "ELSIF round({1}) < 1 OR round({1}) > 32767 OR round({2}) < 1 THEN  -- DBMS_LOB.INVALID_ARGVAL (ORA-21560)\n"
        "    RAISE EXCEPTION 'argument is null, invalid, or out of range' USING ERRCODE = 'invalid_parameter_value';\n"
        "ELSIF round({2}) > length({0}) THEN  -- past the end: NO_DATA_FOUND, amount 0\n"
        "    {1} := 0;\n"
        "    RAISE EXCEPTION 'no data found' USING ERRCODE = 'no_data_found';\n"
        "END IF;\n{3} := substr({0}, round({2})::integer, round({1})::integer);\n{1} := length({3});",
        "buffer := substr(lob, offset, amount); amount := length(buffer)"),
    ("DBMS_SESSION", "SLEEP"): ("PERFORM pg_sleep({0});", "seconds, fractions allowed in both"),
    # what a session is doing, for monitoring: the module shows as application_name in pg_stat_activity, the action
    # and client info in session settings; the run's reads of them (SYS_CONTEXT, READ_MODULE) stay findings, as
    # PostgreSQL undoes a setting with the transaction or block that set it
    ("DBMS_APPLICATION_INFO", "SET_MODULE"): ("PERFORM set_config('application_name', coalesce({0}, ''), false), "
                                              "set_config('aurora.action', coalesce({1}, ''), false);",
                                              "the module name shows as application_name in pg_stat_activity"),
    ("DBMS_APPLICATION_INFO", "SET_ACTION"): ("PERFORM set_config('aurora.action', coalesce({0}, ''), false);",
                                              "the action is a session setting"),
    ("DBMS_APPLICATION_INFO", "SET_CLIENT_INFO"): ("PERFORM set_config('aurora.client_info', coalesce({0}, ''), "
                                                   "false);", "the client information is a session setting"),
    ("DBMS_STATS", "GATHER_TABLE_STATS"): (None, "ANALYZE schema.table (not allowed inside a function)"),
    ("DBMS_MVIEW", "REFRESH"): (None, "REFRESH MATERIALIZED VIEW schema.name"),
    ("DBMS_LOCK", "REQUEST"): (None, "pg_advisory_lock(key)"),
    ("DBMS_LOCK", "RELEASE"): (None, "pg_advisory_unlock(key)"),
    ("DBMS_SCHEDULER", "CREATE_JOB"): (None, "pg_cron: cron.schedule(name, schedule, command)"),
    ("DBMS_SCHEDULER", "RUN_JOB"): (None, "call the job's procedure directly"),
    ("DBMS_JOB", "SUBMIT"): (None, "pg_cron: cron.schedule(schedule, command)"),
    ("UTL_MAIL", "SEND"): (None, "send mail outside the database (Amazon SES via aws_lambda), not from SQL"),
}  # fmt: skip

# Built-in packages with no general conversion: name -> the replacement to name in the finding
BUILTIN_PACKAGES: dict[str, str] = {
    "DBMS_OUTPUT": "RAISE NOTICE '%', line (one notice per line)",
    "DBMS_APPLICATION_INFO": "set_config('application_name', ...)",
    "DBMS_SESSION": "set_config / current_setting",
    "UTL_FILE": "files on the database server are not reachable on Aurora: aws_s3.query_export_to_s3 / "
    "table_import_from_s3, or write the file from the application",
    "DBMS_SQL": "EXECUTE format(...) USING ... (native dynamic SQL)",
    "DBMS_LOB": "text/bytea functions: length(), substr(), position(), || (orafce has dbms_lob-like helpers)",
    "DBMS_UTILITY": "FORMAT_ERROR_BACKTRACE/STACK: GET STACKED DIAGNOSTICS ... PG_EXCEPTION_CONTEXT; "
    "GET_TIME: clock_timestamp()",
    "DBMS_RANDOM": "random() (VALUE and STRING convert; SEED, NORMAL and RANDOM have no equal)",
    "UTL_RAW": "bytea functions: decode(), encode(), convert_to()",
    "UTL_ENCODE": "encode(r, 'base64') / decode(t, 'base64') (Oracle's lines are 64 characters, CR LF)",
    "UTL_HTTP": "aws_lambda.invoke or the application: no outbound HTTP from Aurora SQL",
    "UTL_SMTP": "send mail outside the database",
    "UTL_MAIL": "send mail outside the database",
    "DBMS_SCHEDULER": "pg_cron",
    "DBMS_JOB": "pg_cron",
    "DBMS_MVIEW": "REFRESH MATERIALIZED VIEW",
    "DBMS_STATS": "ANALYZE",
    "DBMS_LOCK": "pg_advisory_lock / pg_sleep",
    "DBMS_CRYPTO": "pgcrypto (digest, hmac, encrypt)",
    "DBMS_XMLGEN": "query_to_xml / xmlagg",
    "DBMS_AQ": "a queue table with SKIP LOCKED, or Amazon SQS",
    "DBMS_PIPE": "LISTEN / NOTIFY",
    "DBMS_ALERT": "LISTEN / NOTIFY",
    "OWA_UTIL": "the application",
    "HTP": "the application",
    # SYS.DIUTIL: undocumented, internal to Oracle (its DIANA tools for the PL/SQL compiler); only its two boolean
    # codecs are used by applications, and their source (rdbms/admin/diutil.sql) says what they return
    "DIUTIL": "an undocumented Oracle-internal package: only BOOL_TO_INT and INT_TO_BOOL have a PostgreSQL form",
}

_UPPER, _LOWER, _DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789"
_PRINTABLE = "".join(chr(c) for c in range(32, 127))  # ' ' to '~'


def _sql_text(text: str) -> str:
    """A SQL string literal of `text`, braces doubled for str.format."""
    return "'" + text.replace("'", "''").replace("{", "{{").replace("}", "}}") + "'"


_RANDOM_STRING = (
    "(SELECT nullif(string_agg(substr(aurora_chars, 1 + floor(random() * length(aurora_chars))::integer, 1), ''), '') "
    "FROM (SELECT CASE upper(substr(({0})::text, 1, 1)) "
    f"WHEN 'L' THEN {_sql_text(_LOWER)} WHEN 'A' THEN {_sql_text(_UPPER + _LOWER)} "
    f"WHEN 'X' THEN {_sql_text(_UPPER + _DIGITS)} WHEN 'P' THEN {_sql_text(_PRINTABLE)} "
    f"ELSE {_sql_text(_UPPER)} END AS aurora_chars, round(({{1}})::numeric) AS aurora_len) AS aurora_opt, "
    "generate_series(1, (CASE WHEN aurora_opt.aurora_len > 4000 THEN 4000 ELSE aurora_opt.aurora_len END)::integer))"
)


_LOB_COMPARE = (
    "(SELECT CASE WHEN aurora_n < 1 OR aurora_o1 < 1 OR aurora_o2 < 1 THEN NULL "
    "WHEN substr(aurora_a, aurora_o1, aurora_n) = substr(aurora_b, aurora_o2, aurora_n) THEN 0 "
    "WHEN aurora_a IS NULL OR aurora_b IS NULL OR aurora_n IS NULL OR aurora_o1 IS NULL OR aurora_o2 IS NULL "
    "THEN NULL ELSE 1 END FROM (SELECT {0} AS aurora_a, {1} AS aurora_b, "
    "least(({2})::numeric, 2147483647)::integer AS aurora_n, least(({3})::numeric, 2147483647)::integer AS aurora_o1, "
    "least(({4})::numeric, 2147483647)::integer AS aurora_o2) aurora_lobs)"
)
_LOB_COMPARE_ARGS = ("{0}", "{1}", "{2}", "{3}", "{4}")
_LOB_COMPARE_DEFAULTS = ("2147483647", "1", "1")


# Built-in calls usable in expressions with an exact PostgreSQL form: (PACKAGE, MEMBER) -> {argument count: template}
BUILTIN_EXPRESSIONS: dict[tuple[str, str], dict[int, str]] = {
    ("DBMS_RANDOM", "VALUE"): {
        0: "random()::numeric",  # [0, 1) in both; a NUMBER in Oracle (ROUND(v, 2) needs numeric here)
        # [low, high) in both; each bound evaluated once, as Oracle evaluates each argument once
        2: "(SELECT aurora_low + random()::numeric * (aurora_high - aurora_low) FROM (SELECT ({0})::numeric AS aurora_low, "
        "({1})::numeric AS aurora_high) aurora_bounds)",
    },
    # STRING(opt, len): len characters drawn from the set opt names (U upper, L lower, A mixed, X upper and digits,
    # P printable ASCII; any other: upper); len rounds as a FOR bound does; NULL or below 1 gives NULL ('')
    ("DBMS_RANDOM", "STRING"): {2: _RANDOM_STRING},
    ("DBMS_UTILITY", "GET_TIME"): {0: "(floor(extract(epoch FROM clock_timestamp()) * 100)::bigint)"},
    ("DBMS_LOB", "GETLENGTH"): {1: "length({0})"},
    # DBMS_LOB.COMPARE(lob_1, lob_2, amount = LOBMAXSIZE, offset_1 = 1, offset_2 = 1): 0 when the `amount`
    # characters (bytes of a BLOB) from each offset are the same, "nonzero" (documented: 1 here) when not, NULL for
    # a NULL LOB or an amount or offset below 1; each argument evaluated once
    ("DBMS_LOB", "COMPARE"): {
        n: _LOB_COMPARE.format(*_LOB_COMPARE_ARGS[:n], *_LOB_COMPARE_DEFAULTS[n - 2 :]) for n in range(2, 6)
    },
    # DBMS_LOB.SUBSTR(lob, amount = 32767, offset = 1); amount and offset are INTEGER parameters: a NUMBER
    # passed is rounded, as PostgreSQL's ::integer does (its substr takes integers only)
    ("DBMS_LOB", "SUBSTR"): {
        1: "substr({0}, 1, 32767)",
        2: "substr({0}, 1, ({1})::integer)",
        3: "substr({0}, ({2})::integer, ({1})::integer)",
    },
    # DBMS_LOB.INSTR(lob, pattern, offset = 1, nth = 1): the position from the start of the LOB, 0 when not found,
    # NULL for a NULL argument (a '' pattern is NULL in Oracle) or an offset below 1; the offset evaluated once
    ("DBMS_LOB", "INSTR"): {
        2: "strpos({0}, {1})",
        3: "(SELECT CASE WHEN aurora_off < 1 THEN NULL WHEN aurora_at = 0 THEN 0 ELSE aurora_at + aurora_off - 1 END "
        "FROM (SELECT aurora_off, strpos(substr({0}, aurora_off), nullif({1}, '')) AS aurora_at "
        "FROM (SELECT ({2})::integer AS aurora_off) aurora_o) aurora_i)",
    },
    # BOOL_TO_INT: TRUE 1, FALSE 0, NULL NULL, as boolean::integer does
    ("DIUTIL", "BOOL_TO_INT"): {1: "(({0})::integer)"},
    # INT_TO_BOOL: NULL NULL, 1 TRUE, 0 FALSE, any other number raises VALUE_ERROR (here 22003, SQLCODE -6502: the
    # smallint cast overflows); the argument is evaluated once
    ("DIUTIL", "INT_TO_BOOL"): {
        1: "(SELECT CASE WHEN aurora_n IS NULL THEN NULL WHEN aurora_n = 1 THEN true WHEN aurora_n = 0 THEN false "
        "ELSE (aurora_n * 0 + 32768)::smallint = 0 END FROM (SELECT ({0})::numeric AS aurora_n) aurora_b)",
    },
    ("UTL_RAW", "LENGTH"): {1: "octet_length({0})"},  # the number of bytes; NULL for NULL in both
    # CONCAT(r1, ..., r12): its parameters default to NULL, which adds nothing; no byte at all is NULL (Oracle's
    # empty RAW); more than 32767 bytes raises VALUE_ERROR (here 22003, SQLCODE -6502: the smallint cast overflows)
    ("UTL_RAW", "CONCAT"): {
        n: "(SELECT CASE WHEN octet_length(aurora_c) > 32767 THEN CASE WHEN (octet_length(aurora_c) * 0 + 32768)"
        "::smallint = 0 THEN NULL::bytea END ELSE nullif(aurora_c, '\\x'::bytea) END FROM (SELECT "
        + " || ".join(f"coalesce(({{{i}}})::bytea, '\\x'::bytea)" for i in range(n))
        + " AS aurora_c) aurora_r)"
        for n in range(1, 13)
    },
    # BASE64_ENCODE writes lines of 64 characters joined by CR LF (PostgreSQL's encode: 76, LF), in a RAW; the
    # decoders of both skip line breaks
    ("UTL_ENCODE", "BASE64_ENCODE"): {
        1: "convert_to(regexp_replace(translate(encode({0}, 'base64'), chr(10), ''), '(.{{64}})(?=.)', "
        "'\\1' || chr(13) || chr(10), 'g'), 'SQL_ASCII')",
    },
    ("UTL_ENCODE", "BASE64_DECODE"): {1: "decode(convert_from({0}, 'SQL_ASCII'), 'base64')"},
    # UTL_RAW.CAST_TO_RAW / CAST_TO_VARCHAR2, CAST_FROM_BINARY_INTEGER, DBMS_CRYPTO.HASH / MAC: forms chosen by the
    # database character set or a constant argument (plsql_supplied_args.SPECIAL_FORMS)
}


# Oracle's data-dictionary views (ALL_ / DBA_ / USER_ ...) and the types of the columns code anchors on with %TYPE
# (Oracle Database Reference): `l_owner all_objects.owner%TYPE` declares a VARCHAR2(128) (30 before 12.2), whether or
# not the code's queries of the view convert. Names of objects, their owners and their parts are identifiers.
DICTIONARY_VIEWS = frozenset({"OBJECTS", "TABLES", "TAB_COLUMNS", "TAB_COLS", "CONSTRAINTS", "CONS_COLUMNS",
                              "INDEXES", "IND_COLUMNS", "SEQUENCES", "SOURCE", "USERS", "PROCEDURES", "ARGUMENTS",
                              "PLSQL_TYPES", "TYPES", "SYNONYMS", "VIEWS", "TRIGGERS", "TAB_COMMENTS",
                              "COL_COMMENTS", "DEPENDENCIES", "TAB_PARTITIONS", "PART_TABLES", "DIRECTORIES",
                              "SCHEDULER_JOBS", "JOBS", "DB_LINKS", "ROLES", "TAB_PRIVS", "IDENTIFIERS"})  # fmt: skip
IDENTIFIER_COLUMNS = frozenset({"OWNER", "OBJECT_NAME", "SUBOBJECT_NAME", "TABLE_NAME", "TABLE_OWNER", "COLUMN_NAME",
                                "CONSTRAINT_NAME", "R_OWNER", "R_CONSTRAINT_NAME", "INDEX_NAME", "INDEX_OWNER",
                                "SEQUENCE_NAME", "SEQUENCE_OWNER", "NAME", "USERNAME", "PROCEDURE_NAME",
                                "PACKAGE_NAME", "ARGUMENT_NAME", "TYPE_NAME", "TYPE_OWNER", "SYNONYM_NAME",
                                "VIEW_NAME", "TRIGGER_NAME", "REFERENCED_OWNER", "REFERENCED_NAME",
                                "PARTITION_NAME", "DIRECTORY_NAME", "JOB_NAME", "DB_LINK", "ROLE", "GRANTEE",
                                "GRANTOR", "TABLESPACE_NAME"})  # fmt: skip
DICTIONARY_COLUMNS: dict[str, str] = {
    "OBJECT_TYPE": "VARCHAR2(23)", "STATUS": "VARCHAR2(8)", "OBJECT_ID": "NUMBER", "CREATED": "DATE",
    "LAST_DDL_TIME": "DATE", "DATA_TYPE": "VARCHAR2(128)", "DATA_LENGTH": "NUMBER", "DATA_PRECISION": "NUMBER",
    "DATA_SCALE": "NUMBER", "NULLABLE": "VARCHAR2(1)", "COLUMN_ID": "NUMBER", "CHAR_LENGTH": "NUMBER",
    "CONSTRAINT_TYPE": "VARCHAR2(1)", "POSITION": "NUMBER", "TYPE": "VARCHAR2(12)", "LINE": "NUMBER",
    "TEXT": "VARCHAR2(4000)", "USER_ID": "NUMBER", "COMMENTS": "VARCHAR2(4000)",
}  # fmt: skip


def dictionary_column(view: str, column: str, identifier_length: int) -> str:
    """The Oracle type of a data-dictionary view's column ('' when not one this table knows)."""
    prefix, _, rest = view.upper().partition("_")
    if prefix not in ("ALL", "DBA", "USER", "CDB") or rest not in DICTIONARY_VIEWS:
        return ""
    if column.upper() in IDENTIFIER_COLUMNS:
        return f"VARCHAR2({identifier_length})"
    return DICTIONARY_COLUMNS.get(column.upper(), "")
