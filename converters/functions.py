"""Function mapping tables: source function -> PostgreSQL, native SQL vs orafce, with the reason on each row.

Keys are the sqlglot node class for functions sqlglot recognises, or the upper-case name of an exp.Anonymous call.
A row's `native` builds the PostgreSQL expression from the source node; `orafce` names the orafce function with
Oracle's exact semantics (used when RewriteOptions.use_orafce is set); a row with neither is flagged with `rule`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlglot import exp

import converters.rewrites.oracle_builders as ora
import converters.rewrites.oracle_context as ora_context
import converters.rewrites.oracle_documented as doc
import converters.rewrites.oracle_integers as ora_integers
import converters.rewrites.oracle_lobs as lobs
import converters.rewrites.oracle_months as ora_months
import converters.rewrites.oracle_positions as ora_positions
import converters.rewrites.oracle_trunc as ora_trunc
import converters.rewrites.oracle_zones as zones
import converters.rewrites.tsql_builders as tsq
import converters.rewrites.tsql_documented as tsql_doc
from converters.rewrites.calls import Builder, args_of, call, call_name
from converters.rewrites.common import Context, known_functions
from converters.rewrites.oracle_raw import raw_marked


@dataclass(frozen=True)
class FunctionMapping:
    native: Builder | None  # None: no native equivalent with the same semantics
    orafce: str | None  # orafce function with Oracle's semantics and the same arguments
    reason: str
    rule: str = ""  # finding raised when neither native nor orafce applies


def key_of(node: exp.Expression) -> object:
    return node.name.upper() if isinstance(node, exp.Anonymous) else type(node)


def apply_mapping(node: exp.Expression, table: Mapping[object, FunctionMapping], ctx: Context) -> exp.Expression:
    mapping = table.get(key_of(node))
    if mapping is None:
        return node
    if ctx.options.use_orafce and mapping.orafce:
        return exp.Anonymous(this=mapping.orafce, expressions=[a.copy() for a in args_of(node)])
    if mapping.native is not None:
        return mapping.native(node, ctx)
    ctx.flag(mapping.rule or "CONV-ORA-FUNC-001", node, f"{call_name(node)}: {mapping.reason}")
    return node


ORACLE_FUNCTIONS: dict[object, FunctionMapping] = {
    "LENGTHB": FunctionMapping(lobs.lengthb, None, "bytes of the UTF-8 text"),
    "SUBSTRB": FunctionMapping(lobs.substrb, None, "bytes of the UTF-8 text, a cut character as spaces"),
    "SYS_GUID": FunctionMapping(
        raw_marked(lambda n, c: call("uuid_send", call("gen_random_uuid"))),
        None,
        "a random 16-byte RAW: the bytes of gen_random_uuid() (built in from PostgreSQL 13)",
    ),
}


ORACLE_FUNCTIONS.update(
    {
        "TO_CHAR": FunctionMapping(ora.to_char, None, "format models translated element by element"),
        "TO_DATE": FunctionMapping(
            ora.to_timestamp("timestamp(0)"), None, "an Oracle DATE has a time of day: to_timestamp, not to_date"
        ),
        "TO_TIMESTAMP": FunctionMapping(ora.to_timestamp("timestamp"), None, "zone-less timestamp"),
        "TO_TIMESTAMP_TZ": FunctionMapping(
            ora.to_timestamp("timestamptz"), None, "to_timestamp reads TZH:TZM and returns a timestamp with time zone"
        ),
        "TO_NUMBER": FunctionMapping(doc.number_model_checked, None, "exact decimal (numeric), never a float"),
        exp.ToNumber: FunctionMapping(doc.number_model_checked, None, "exact decimal (numeric), never a float"),
        "TRUNC": FunctionMapping(
            ora_trunc.trunc_call, None, "date_trunc for dates, trunc for numbers (orafce has both overloads)"
        ),
        "ADD_MONTHS": FunctionMapping(
            ora_months.add_months, "oracle.add_months", "orafce keeps Oracle's end-of-month rule; + interval does not"
        ),
        exp.MonthsBetween: FunctionMapping(
            ora_months.months_between, "oracle.months_between", "Oracle's documented rule, for DATE arguments"
        ),
        exp.LastDay: FunctionMapping(
            ora_months.last_day, None, "keeps the time of day (orafce's last_day returns a date)"
        ),
        exp.StrPosition: FunctionMapping(
            ora_positions.instr, "oracle.instr", "orafce oracle.instr has Oracle's start position and occurrence"
        ),
        exp.Substring: FunctionMapping(
            doc.substr_exact, None, "negative/zero start (or orafce's oracle.substr); NULL where substr gives ''"
        ),
        exp.NextDay: FunctionMapping(doc.next_day, None, "the first such weekday after d, at d's time of day"),
        "REMAINDER": FunctionMapping(doc.remainder, None, "m - n * (m / n rounded half to even)"),
        exp.GroupConcat: FunctionMapping(ora.listagg, None, "string_agg; Oracle's default delimiter is none"),
        exp.GroupingId: FunctionMapping(
            lambda n, c: exp.Grouping(expressions=[e.copy() for e in n.expressions]),
            None,
            "PostgreSQL's GROUPING(a, b, ...) returns the same bit mask as Oracle's GROUPING_ID(a, b, ...)",
        ),
    }
)


ORACLE_FUNCTIONS.update(
    {
        exp.Greatest: FunctionMapping(ora.null_if_any_null, None, "NULL if any argument is NULL, as in Oracle"),
        exp.Least: FunctionMapping(ora.null_if_any_null, None, "NULL if any argument is NULL, as in Oracle"),
        exp.Replace: FunctionMapping(ora.replace_removes, None, "two-argument REPLACE removes the text"),
        exp.Rand: FunctionMapping(ora.random_between, None, "a decimal in [low, high), not PostgreSQL 17's integer"),
        "SYS_EXTRACT_UTC": FunctionMapping(ora.at_time_zone("UTC"), None, "the UTC wall-clock time of a timestamptz"),
        "TZ_OFFSET": FunctionMapping(zones.tz_offset, None, "a zone's offset now, as '+hh:mi' (DST included)"),
        "FROM_TZ": FunctionMapping(ora.at_time_zone(None), None, "a zone-less timestamp read in that zone"),
        "NLS_UPPER": FunctionMapping(lambda n, c: call("upper", args_of(n)[0]), None, "upper() follows the collation"),
        "NLS_LOWER": FunctionMapping(lambda n, c: call("lower", args_of(n)[0]), None, "lower() follows the collation"),
        # RAW is bytea: its hex text is upper case in Oracle; a text argument has no encode() and fails at deploy
        "HEXTORAW": FunctionMapping(
            raw_marked(lobs.hextoraw), None, "decode(text, 'hex'), an odd digit count led by a 0"
        ),
        exp.Ascii: FunctionMapping(lobs.ascii_code, None, "the first character's UTF-8 bytes as a number (AL32UTF8)"),
        "RAWTOHEX": FunctionMapping(
            lambda n, c: call("upper", call("encode", args_of(n)[0], exp.Literal.string("hex"))),
            None,
            "upper(encode(raw, 'hex'))",
        ),
        "ORA_HASH": FunctionMapping(None, None, "Oracle's hash values cannot be reproduced (hashtext() differs)"),
        "ASCIISTR": FunctionMapping(
            None, None, "non-ASCII characters as \\xxxx UTF-16 code units; how it writes a backslash is not documented"
        ),
        "NEW_TIME": FunctionMapping(None, None, "use AT TIME ZONE twice with full zone names"),
        "XMLTYPE": FunctionMapping(
            None, None, "XMLPARSE(DOCUMENT text): a cast to xml would also take a fragment, which XMLTYPE refuses"
        ),
        # USER written with empty parentheses (PL/SQL allows them on a function without parameters): plain USER
        "USER": FunctionMapping(
            lambda node, ctx: exp.column("user") if not node.expressions else node, None, "USER takes no arguments"
        ),
        "USERENV": FunctionMapping(None, None, "use SYS_CONTEXT's PostgreSQL equivalents (pg_backend_pid()...)"),
        "RATIO_TO_REPORT": FunctionMapping(
            lambda n, c: n, None, "rewritten with its OVER clause: x / sum(x) OVER (...) (oracle_calls.analytic_forms)"
        ),
        "WM_CONCAT": FunctionMapping(ora.wm_concat, None, "comma-joined aggregate, order unspecified as in Oracle"),
        "BITAND": FunctionMapping(ora_integers.bitand, None, "the & operator on integers"),
        "NUMTODSINTERVAL": FunctionMapping(ora.num_to_interval, None, "n * interval '1 unit'"),
        "NUMTOYMINTERVAL": FunctionMapping(ora.num_to_interval, None, "n * interval '1 unit'"),
        "SYS_CONTEXT": FunctionMapping(ora_context.sys_context, None, "USERENV parameters map to session functions"),
        exp.Round: FunctionMapping(
            doc.round_call, None, "numbers round natively; dates: date_trunc past the half unit"
        ),
        exp.RegexpSubstr: FunctionMapping(ora.regexp(15), None, "regexp_substr is built in from PostgreSQL 15"),
        "REGEXP_INSTR": FunctionMapping(ora.regexp(15), None, "regexp_instr is built in from PostgreSQL 15"),
        "REGEXP_COUNT": FunctionMapping(ora.regexp(15), None, "regexp_count is built in from PostgreSQL 15"),
        "EMPTY_CLOB": FunctionMapping(lobs.empty_clob, None, "''::text: an empty LOB is not NULL, nor is ''::text"),
        "EMPTY_BLOB": FunctionMapping(lobs.empty_blob, None, "'\\x'::bytea: the empty bytea, not NULL"),
        "TO_CLOB": FunctionMapping(lobs.to_clob, None, "CLOB is text: a cast (TO_CHAR's text for a NUMBER / DATE)"),
        "TO_NCLOB": FunctionMapping(lobs.to_clob, None, "NCLOB is text: a cast (TO_CHAR's text for a NUMBER / DATE)"),
        "TO_BLOB": FunctionMapping(lobs.to_blob, None, "BLOB and RAW are bytea: a cast"),
        "ROWIDTOCHAR": FunctionMapping(None, None, "ROWIDs do not exist in PostgreSQL"),
        "DUMP": FunctionMapping(None, None, "internal representation of a value"),
        "VSIZE": FunctionMapping(None, None, "bytes of the internal representation (pg_column_size is close)"),
    }
)


TSQL_FUNCTIONS: dict[object, FunctionMapping] = {
    "DATALENGTH": FunctionMapping(tsq.octet_length, None, "bytes of the value; PostgreSQL stores text as UTF-8"),
    "GETUTCDATE": FunctionMapping(tsq.utc_now, None, "UTC now as a zone-less datetime, once per statement"),
    "SYSUTCDATETIME": FunctionMapping(tsq.utc_now, None, "UTC now as a zone-less datetime2, once per statement"),
    exp.CurrentTimestampLTZ: FunctionMapping(
        lambda n, c: call("statement_timestamp"),
        None,
        "SYSDATETIMEOFFSET as sqlglot reads it: timestamptz, once per statement",
    ),
    "SYSDATETIMEOFFSET": FunctionMapping(
        lambda n, c: call("statement_timestamp"), None, "now with its offset: timestamptz, once per statement"
    ),
    "NEWSEQUENTIALID": FunctionMapping(
        lambda n, c: call("gen_random_uuid"),
        None,
        "ordering of the ids is not kept (PostgreSQL 17 and older have no uuidv7)",
    ),
    "SCOPE_IDENTITY": FunctionMapping(
        lambda n, c: call("lastval"), None, "last identity value of this session; lastval() also sees sequences"
    ),
    "USER_NAME": FunctionMapping(lambda n, c: exp.CurrentUser(), None, "the current database user"),
    "SUSER_SNAME": FunctionMapping(lambda n, c: exp.SessionUser(), None, "the login name"),
    "DB_NAME": FunctionMapping(lambda n, c: call("current_database"), None, "the current database"),
}


TSQL_FUNCTIONS.update(
    {
        exp.Stuff: FunctionMapping(tsq.stuff, None, "overlay(... placing ... from ... for ...)"),
        exp.Round: FunctionMapping(tsq.round_or_truncate, None, "a non-zero third argument truncates"),
        exp.NextValueFor: FunctionMapping(tsq.next_value_for, None, "nextval('schema.sequence')"),
        exp.DateFromParts: FunctionMapping(tsq.date_from_parts, None, "make_date(year, month, day)"),
        "NCHAR": FunctionMapping(lambda n, c: call("chr", *args_of(n)), None, "the character of a Unicode code point"),
        "APP_NAME": FunctionMapping(
            lambda n, c: call("current_setting", exp.Literal.string("application_name")),
            None,
            "the client's application_name",
        ),
        "ISNUMERIC": FunctionMapping(
            None,
            None,
            "accepts '$', '+', '1e5'...: pg_input_is_valid(x, 'numeric') (16+) is stricter",
            "CONV-TSQL-FUNC-001",
        ),
        "ISDATE": FunctionMapping(
            None,
            None,
            "depends on SET DATEFORMAT/LANGUAGE: pg_input_is_valid(x, 'timestamp') (16+) is close",
            "CONV-TSQL-FUNC-001",
        ),
        "STR": FunctionMapping(
            None, None, "right-aligned fixed width: lpad(to_char(x, 'FM...'), n)", "CONV-TSQL-FUNC-001"
        ),
        "DIFFERENCE": FunctionMapping(
            None, None, "CREATE EXTENSION fuzzystrmatch provides difference()", "CONV-TSQL-FUNC-001"
        ),
        "HOST_NAME": FunctionMapping(
            None, None, "the client host name: inet_client_addr() gives its address", "CONV-TSQL-FUNC-001"
        ),
        "SWITCHOFFSET": FunctionMapping(
            None, None, "timestamptz has no offset to switch: use AT TIME ZONE", "CONV-TSQL-FUNC-001"
        ),
        "TODATETIMEOFFSET": FunctionMapping(
            None, None, "use (x AT TIME ZONE 'offset') for a timestamptz", "CONV-TSQL-FUNC-001"
        ),
        "DATENAME": FunctionMapping(tsql_doc.datename, None, "names for month and weekday, DATEPART's number as text"),
        "CHOOSE": FunctionMapping(tsq.choose, None, "array subscript, NULL out of range like CHOOSE"),
        "QUOTENAME": FunctionMapping(tsql_doc.quotename, None, "the pair's quoting spelled out, NULL past 128"),
        exp.TryCast: FunctionMapping(tsq.try_cast, None, "NULL instead of an error"),
        exp.Convert: FunctionMapping(tsq.try_cast, None, "TRY_CONVERT without a style: NULL instead of an error"),
        "PATINDEX": FunctionMapping(tsql_doc.patindex, None, "regexp_instr on the pattern as a regular expression"),
        "OBJECT_ID": FunctionMapping(
            None, None, "catalog ids: use to_regclass('name') IS NOT NULL", "CONV-TSQL-FUNC-001"
        ),
        "STRING_SPLIT": FunctionMapping(
            tsql_doc.string_split, None, "unnest(string_to_array(s, sep)) AS t(value); '' is one empty piece"
        ),
        "FORMATMESSAGE": FunctionMapping(None, None, "use format()", "CONV-TSQL-FUNC-001"),
        "COMPRESS": FunctionMapping(
            None, None, "GZIP bytes: compress in the application, or a PL/Python function", "CONV-TSQL-FUNC-001"
        ),
        "DECOMPRESS": FunctionMapping(
            None, None, "GZIP bytes: decompress in the application, or a PL/Python function", "CONV-TSQL-FUNC-001"
        ),
    }
)


def unknown_function(node: exp.Expression, ctx: Context) -> exp.Expression:
    """A call PostgreSQL does not have built in (nor orafce, when used) must be created on the target -- a converted
    routine, an extension -- or PostgreSQL rejects the object. Schema-qualified calls are the user's own routines."""
    if not isinstance(node, exp.Anonymous) or isinstance(node.parent, exp.Dot) or "." in node.name:
        return node  # schema-qualified: the user's routine, or an extension's (oracle.add_months)
    if node.name.upper() in ORACLE_FUNCTIONS or node.name.upper() in TSQL_FUNCTIONS:
        return node  # a source function the mapping tables already converted or flagged
    name = node.name.lower()
    known = known_functions()
    since = known["added_in"].get(name)
    if since is not None and ctx.options.target_version < since:
        ctx.flag("CONV-FUNC-002", node, f"{name}() needs PostgreSQL {since}")
    elif since is None and name not in known["postgresql"] and not (ctx.options.use_orafce and name in known["orafce"]):
        ctx.flag("CONV-FUNC-001", node, f"{name}()")
    return node
