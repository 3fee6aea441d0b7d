"""Findings of the Oracle query rewrites (CONV-ORA-*); the row shape is converters/rewrites/rule.py."""

from __future__ import annotations

from converters.rewrites.rule import INFO, H, L, M, Rule

ORACLE_RULES: dict[str, Rule] = {
    "CONV-ORA-DICT-001": Rule(
        H,
        "Reads an Oracle data-dictionary or performance view, which PostgreSQL does not have",
        "Query the PostgreSQL catalog named in the message (information_schema, pg_catalog, pg_stat_activity).",
        1.0,
    ),
    "CONV-ORA-CHARSET-001": Rule(
        H,
        "TRANSLATE ... USING CHAR_CS converts national text to the database character set, replacing the "
        "characters that set cannot hold; PostgreSQL keeps one encoding for both",
        "When the source database character set is AL32UTF8 or UTF8 nothing is replaced: write the argument alone. "
        "Otherwise reproduce the replacement with convert_to/convert_from on the source's encoding.",
        0.25,
    ),
    "CONV-ORA-JOINMARK-001": Rule(
        H,
        "Oracle (+) outer join could not be rewritten to an ANSI join",
        "Rewrite the join with LEFT/RIGHT OUTER JOIN by hand.",
        0.5,
    ),
    "CONV-ORA-ROWNUM-001": Rule(
        H,
        "ROWNUM used in a way that has no direct PostgreSQL equivalent",
        "Use LIMIT / FETCH FIRST, or row_number() OVER (...) in a subquery.",
        0.5,
    ),
    "CONV-ORA-ROWNUM-002": Rule(
        M,
        "ROWNUM <= n without ORDER BY: Oracle and PostgreSQL may return different rows",
        "Add an ORDER BY if the choice of rows matters.",
        0.1,
    ),
    "CONV-ORA-CONNECTBY-001": Rule(
        H, "CONNECT BY form not rewritten automatically", "Rewrite the hierarchy as WITH RECURSIVE by hand.", 2.0
    ),
    "CONV-ORA-CONNECTBY-002": Rule(
        L,
        "CONNECT BY rewritten to WITH RECURSIVE; sibling order follows ORDER SIBLINGS BY only when present",
        "Check the row order if the report depends on it.",
        0.1,
    ),
    "CONV-ORA-EMPTYSTR-001": Rule(
        M,
        "Comparison with '' : in Oracle '' is NULL so this is never true; in PostgreSQL '' is an empty string",
        "Use IS NULL (Oracle meaning) or keep = '' (PostgreSQL meaning) deliberately.",
        0.25,
    ),
    "CONV-ORA-FORMAT-001": Rule(
        H,
        "Date/number format model element has no PostgreSQL equivalent",
        "Rewrite the formatting by hand (see the element named in the message).",
        0.5,
    ),
    "CONV-ORA-DATEARITH-001": Rule(
        H,
        "DATE arithmetic with a column of unknown type (a day count or a date?)",
        "Pass the DATE columns (RewriteOptions.date_columns) or rewrite as d + n * interval"
        " '1 day' / extract(epoch from d1 - d2) / 86400 by hand.",
        0.25,
    ),
    "CONV-ORA-SYSDATE-001": Rule(
        INFO,
        "SYSDATE/SYSTIMESTAMP mapped to statement_timestamp(): one value per statement, like Oracle",
        "Nothing to do unless the code relies on time moving within a statement (then use clock_timestamp()).",
        0.0,
    ),
    "CONV-ORA-CONTEXT-001": Rule(
        H,
        "SYS_CONTEXT of an application context with no session form here: one ACCESSED GLOBALLY (its values shared "
        "by sessions) or INITIALIZED EXTERNALLY / GLOBALLY (set by the client or the directory at logon), a length "
        "that is not an integer literal, or a multibyte database character set other than AL32UTF8",
        "Keep shared values in a table (keyed by the client identifier where it is used) and read it here; give "
        "the length as a literal; or rewrite the read by hand.",
        1.0,
    ),
    "CONV-ORA-CONTEXT-002": Rule(
        M,
        "SYS_CONTEXT of a namespace whose CREATE CONTEXT is not in the run: read as a local application context "
        "(CREATE CONTEXT's default), the values the session's DBMS_SESSION.SET_CONTEXT calls set",
        "Add the CREATE CONTEXT statement to the export (DBMS_METADATA.GET_DDL('CONTEXT', name)) and convert "
        "again; a context ACCESSED GLOBALLY or INITIALIZED EXTERNALLY / GLOBALLY has no session form.",
        0.05,
    ),
    "CONV-ORA-FUNC-001": Rule(
        H,
        "Oracle function has no PostgreSQL equivalent in this profile",
        "Install orafce and set use_orafce, or rewrite the call by hand.",
        0.5,
    ),
    "CONV-ORA-FORMAT-003": Rule(
        H,
        "Date/number format model that is not a literal or a constant: Oracle and PostgreSQL read some elements"
        " differently (FF, X, RR, SP, TZR, EEEE ...), and which ones it holds is known only at run time",
        "Check every format the routine can receive; keep the call if none uses those elements, else translate"
        " the format (a CASE over the known formats) or pass PostgreSQL's spelling.",
        0.5,
    ),
    "CONV-ORA-FORMAT-004": Rule(
        L,
        "Format model from a variable: kept as it is, with a check before the statement that raises (SQLSTATE"
        " UGF01) when the model holds an element PostgreSQL reads differently (FM, FF, RR, SP, TZH, X, EEEE ...)",
        "Nothing to do if the routine only receives plain models; else pass PostgreSQL's spelling for those.",
        0.1,
    ),
    "CONV-ORA-FORMAT-002": Rule(
        L,
        "Conversion without a format model: Oracle uses the session's NLS format",
        "Give the format explicitly if the text form matters.",
        0.1,
    ),
    "CONV-ORA-TSTEXT-001": Rule(
        H,
        "TIMESTAMP to text without a format model: Oracle prints it in NLS_TIMESTAMP_FORMAT (or, WITH TIME ZONE,"
        " NLS_TIMESTAMP_TZ_FORMAT with the value's own zone), with as many fraction digits as its type has;"
        " PostgreSQL prints its own text",
        "Give TO_CHAR the format the code needs (or set conversion.nls_timestamp_format); a TIMESTAMP WITH TIME"
        " ZONE keeps no zone region in PostgreSQL.",
        0.25,
    ),
    "CONV-ORA-NUMTEXT-001": Rule(
        L,
        "NUMBER to text without a format model: Oracle prints numbers beyond 38 digits in scientific notation",
        "Check no value of the column needs more than 38 digits, or give TO_CHAR a format model.",
        0.1,
    ),
    "CONV-ORA-SUBSTR-001": Rule(
        H,
        "SUBSTR with a negative or computed start where the text or the start cannot be evaluated twice (a subquery"
        " or a routine call): Oracle counts a negative start from the end and reads 0 as 1",
        "Assign the value and the start to variables first (then it converts exactly), or enable orafce"
        " (oracle.substr).",
        0.25,
    ),
    "CONV-ORA-TRUNC-001": Rule(
        M,
        "TRUNC(column) with the column's type unknown: read as a DATE truncation (date_trunc('day', x))",
        "If the column is a number, use trunc(x); pass date_columns to decide from the column types.",
        0.1,
    ),
    "CONV-ORA-OUTERJOIN-002": Rule(
        M,
        "(+) join rewritten; the ON/WHERE split follows Oracle's rules",
        "Check the result rows once on real data.",
        0.1,
    ),
    "CONV-ORA-KEEP-001": Rule(
        H,
        "Aggregate KEEP (DENSE_RANK FIRST/LAST ORDER BY ...) has no PostgreSQL form",
        "Rank the rows in a subquery (dense_rank() OVER ...) and aggregate those ranked 1.",
        0.5,
    ),
    "CONV-ORA-PACKAGE-001": Rule(
        H,
        "Call to an Oracle-supplied package with no PostgreSQL counterpart here",
        "Install orafce (DBMS_RANDOM, DBMS_OUTPUT, UTL_FILE...) or rewrite the call.",
        0.5,
    ),
    "CONV-ORA-LOCKOF-001": Rule(
        H,
        "SELECT ... FOR UPDATE OF a column whose table cannot be told (several tables, the column not qualified): "
        "Oracle locks the rows of the tables holding the listed columns, PostgreSQL names the tables",
        "Qualify the column with its table or alias (FOR UPDATE OF e.sal), or write FOR UPDATE OF <table>.",
        0.1,
    ),
    "CONV-ORA-LOCKWAIT-001": Rule(
        H,
        "SELECT ... FOR UPDATE WAIT n: PostgreSQL's row locks wait without a limit, fail at once (NOWAIT) or skip "
        "locked rows (SKIP LOCKED); it has no per-query wait",
        "Set lock_timeout for the statement (SET LOCAL lock_timeout = 'ns'; its error is 55P03, Oracle's ORA-30006), "
        "or use NOWAIT.",
        0.25,
    ),
    "CONV-ORA-HINT-001": Rule(
        L,
        "Optimizer hint removed (PostgreSQL's planner takes no hints)",
        "Check the plan with EXPLAIN; pg_hint_plan can pin plans if really needed.",
        0.0,
    ),
    "CONV-ORA-INSERTALL-001": Rule(
        H,
        "INSERT ALL / INSERT FIRST kept as written (VALUES with DEFAULT, ROWNUM / LEVEL / ROWID in VALUES or a "
        "WHEN, a sequence in a WHEN or named two ways, or a shape Oracle rejects)",
        "Write one INSERT ... SELECT per INTO in one WITH statement over the subquery, as the converted forms do "
        "(docs/conversion.md, Multi-table INSERT).",
        0.5,
    ),
    "CONV-ORA-FLASHBACK-001": Rule(
        H,
        "Flashback query (AS OF) has no PostgreSQL equivalent",
        "Keep history in an audit/temporal table, or restore a snapshot.",
        2.0,
    ),
    "CONV-ORA-PARTNAME-001": Rule(
        H,
        "Partition-extended table name (t PARTITION (p))",
        "Select from the partition's own table, or filter on the partition key.",
        0.25,
    ),
    "CONV-ORA-DBLINK-001": Rule(
        H, "Database link (table@link)", "Use postgres_fdw/oracle_fdw foreign tables, or move the data.", 2.0
    ),
    "CONV-ORA-JSONTABLE-001": Rule(
        H,
        "Oracle JSON_TABLE form not converted automatically",
        "Write the PostgreSQL 17 JSON_TABLE by hand (document cast to jsonb), or use jsonb_to_recordset / "
        "jsonb_array_elements.",
        1.0,
    ),
    "CONV-ORA-JSONTABLE-002": Rule(
        M,
        "Oracle JSON_TABLE converted to PostgreSQL 17 JSON_TABLE over CAST(document AS jsonb): a document that is "
        "not valid JSON makes the query fail, where Oracle returns no rows for it",
        "Check the column holds only valid JSON (an IS JSON check on the source means it does).",
        0.1,
    ),
}
