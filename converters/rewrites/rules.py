"""Every finding a query rewrite can raise: stable rule id -> severity, what it means, how to fix it.

Ids never change meaning once released (reports are diffed and findings suppressed by id). `effort_hours` is the
per-occurrence estimate for a person finishing the job.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrate.model import Severity

H, M, L, INFO = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO


@dataclass(frozen=True)
class Rule:
    severity: Severity
    message: str
    remedy: str
    effort_hours: float = 0.0


RULES: dict[str, Rule] = {
    # --- anything, any source -------------------------------------------------------------------------------
    "CONV-PARSE-001": Rule(
        H,
        "The statement did not parse; it was kept unchanged",
        "Check the syntax on the source; convert this statement by hand.",
        1.0,
    ),
    "CONV-ORA-DICT-001": Rule(
        H,
        "Reads an Oracle data-dictionary or performance view, which PostgreSQL does not have",
        "Query the PostgreSQL catalog named in the message (information_schema, pg_catalog, pg_stat_activity).",
        1.0,
    ),
    "CONV-UNSUPPORTED-001": Rule(
        H,
        "sqlglot could not express part of this statement in PostgreSQL",
        "Review the generated SQL at this spot and rewrite that construct by hand.",
        0.5,
    ),
    "CONV-UNSUPPORTED-002": Rule(
        H,
        "A call with no PostgreSQL form (it would be written under a name PostgreSQL lacks)",
        "Rewrite the call by hand.",
        0.5,
    ),
    "CONV-COMMAND-001": Rule(
        H,
        "Statement kept as raw text (not understood), passed through unchanged",
        "Rewrite the statement by hand for PostgreSQL.",
        1.0,
    ),
    "CONV-WARN-001": Rule(
        M, "sqlglot warned while converting this statement", "Check the converted SQL at this spot.", 0.25
    ),
    "CONV-MERGE-001": Rule(
        H,
        "MERGE needs PostgreSQL 15 or later",
        "Raise --target-version to 15+, or rewrite as INSERT ... ON CONFLICT DO UPDATE.",
        1.0,
    ),
    "CONV-JSONTABLE-001": Rule(
        H,
        "JSON_TABLE needs PostgreSQL 17 or later",
        "Raise --target-version to 17+, or rewrite the rows with CROSS JOIN LATERAL "
        "jsonb_to_recordset(CAST(doc AS jsonb) -> 'items') AS j(name varchar(30)) or jsonb_array_elements(...).",
        1.0,
    ),
    "CONV-RESIDUAL-001": Rule(
        H,
        "Source-dialect syntax is still present in the converted SQL",
        "Rewrite the flagged construct by hand; it will fail or behave differently on PostgreSQL.",
        0.5,
    ),
    "CONV-FUNC-001": Rule(
        M,
        "Not a PostgreSQL built-in function: it must exist on the target",
        "Convert and deploy the routine of that name first, or install the extension that has it, or rewrite the call.",
        0.25,
    ),
    "CONV-FUNC-002": Rule(
        H,
        "Function not available on the target PostgreSQL version",
        "Raise --target-version, or rewrite the call.",
        0.25,
    ),
    "CONV-DEPTH-001": Rule(
        H,
        "The statement is nested deeper than the converter can follow (parentheses or calls); it was kept unchanged",
        "Convert this statement by hand, or flatten the nesting on the source (a CASE, a CTE, a helper function).",
        1.0,
    ),
    "CONV-INTERNAL-001": Rule(
        H,
        "The rewriter failed on this statement; it was kept unchanged",
        "Convert this statement by hand, and report the message to aurora-migrate.",
        1.0,
    ),
    "CONV-IMMUTABLE-002": Rule(
        H,
        "A user routine is called in an index expression or generated column: PostgreSQL accepts only an "
        "IMMUTABLE function there, and a converted routine is not one by default",
        "Convert and deploy the routine first; declare it IMMUTABLE if it reads no table, clock or session "
        "setting (else store the value in a plain column filled by a trigger), then deploy this object.",
        0.5,
    ),
    "CONV-IMMUTABLE-001": Rule(
        H,
        "Call not IMMUTABLE in PostgreSQL, in an index expression or generated column",
        "Wrap the expression in an IMMUTABLE SQL function with a fixed format/time zone, or "
        "store the value in a plain column filled by a trigger.",
        0.5,
    ),
    "CONV-CAST-001": Rule(
        H,
        "CAST to a type with no PostgreSQL mapping",
        "Cast to a PostgreSQL type by hand, or add the type to conversion.type_overrides.",
        0.25,
    ),
    # --- Oracle ---------------------------------------------------------------------------------------------
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
    "CONV-ORA-FUNC-001": Rule(
        H,
        "Oracle function has no PostgreSQL equivalent in this profile",
        "Install orafce and set use_orafce, or rewrite the call by hand.",
        0.5,
    ),
    "CONV-ORA-FORMAT-002": Rule(
        L,
        "Conversion without a format model: Oracle uses the session's NLS format",
        "Give the format explicitly if the text form matters.",
        0.1,
    ),
    "CONV-ORA-NUMTEXT-001": Rule(
        L,
        "NUMBER to text without a format model: Oracle prints numbers beyond 38 digits in scientific notation",
        "Check no value of the column needs more than 38 digits, or give TO_CHAR a format model.",
        0.1,
    ),
    "CONV-ORA-SUBSTR-001": Rule(
        L,
        "SUBSTR with a computed start: Oracle counts a negative start from the end",
        "Check the start is never negative or zero, or enable orafce (oracle.substr).",
        0.1,
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
    "CONV-ORA-HINT-001": Rule(
        L,
        "Optimizer hint removed (PostgreSQL's planner takes no hints)",
        "Check the plan with EXPLAIN; pg_hint_plan can pin plans if really needed.",
        0.0,
    ),
    "CONV-ORA-INSERTALL-001": Rule(
        H,
        "INSERT ALL / INSERT FIRST has no PostgreSQL equivalent",
        "Write one INSERT ... SELECT per target table (in one transaction).",
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
    # --- SQL Server -----------------------------------------------------------------------------------------
    "CONV-TSQL-HINT-001": Rule(
        L,
        "Table hint removed (PostgreSQL has no table hints; MVCC readers never block)",
        "NOLOCK dirty reads do not exist in PostgreSQL; nothing to do for correctness.",
        0.0,
    ),
    "CONV-TSQL-VAR-001": Rule(
        H,
        "@variable outside procedural code",
        "Turn the statement into a function with a parameter, or replace the variable with a value.",
        0.5,
    ),
    "CONV-TSQL-TEMP-001": Rule(
        M,
        "SELECT ... INTO #temp becomes CREATE TEMPORARY TABLE ... AS",
        "Check the temporary table is created once per session in the new code.",
        0.25,
    ),
    "CONV-TSQL-CONVERT-001": Rule(
        H, "CONVERT style has no PostgreSQL equivalent", "Format the value with to_char() by hand.", 0.25
    ),
    "CONV-TSQL-PLUS-001": Rule(
        M,
        "'+' between values of unknown type: kept as arithmetic",
        "If the operands are strings, use || (NULL-propagating, like SQL Server).",
        0.1,
    ),
    "CONV-TSQL-TOP-001": Rule(
        H,
        "TOP n PERCENT has no PostgreSQL equivalent",
        "Compute the row count first (count(*) * n / 100) and use LIMIT.",
        0.5,
    ),
    "CONV-TSQL-DATALENGTH-001": Rule(
        L,
        "DATALENGTH -> octet_length: NVARCHAR is UTF-16 in SQL Server (2 bytes a character) and UTF-8 in PostgreSQL",
        "Check code that sizes buffers from it.",
        0.1,
    ),
    "CONV-TSQL-OPTION-001": Rule(
        L,
        "Query hint OPTION (...) removed (PostgreSQL's planner takes no hints)",
        "Nothing to do for correctness; check the plan with EXPLAIN.",
        0.0,
    ),
    "CONV-TSQL-LIKE-001": Rule(
        H,
        "LIKE with [character classes] and an ESCAPE clause",
        "Rewrite as SIMILAR TO or a regular expression (~) by hand.",
        0.25,
    ),
    "CONV-TSQL-FORMAT-001": Rule(
        H,
        "FORMAT with a .NET standard format or a culture has no to_char equivalent",
        "Write the to_char template by hand (e.g. 'FMDay, FMMonth FMDD, YYYY').",
        0.25,
    ),
    "CONV-TSQL-XMLPATH-001": Rule(
        L,
        "FOR XML PATH('') concatenation -> string_agg: &, < and > are no longer escaped as XML entities",
        "Nothing to do unless the code relied on &amp;/&lt;.",
        0.0,
    ),
    "CONV-TSQL-UPDATEJOIN-001": Rule(
        H,
        "UPDATE/DELETE with an outer join on the target: no direct PostgreSQL form",
        "Rewrite with a correlated subquery or a CTE.",
        0.5,
    ),
    "CONV-TSQL-OUTPUT-001": Rule(
        H,
        "OUTPUT deleted.x after an UPDATE (the old value)",
        "PostgreSQL 18 has RETURNING OLD.x; before, select the old row first.",
        0.5,
    ),
    "CONV-TSQL-OUTPUT-002": Rule(
        H,
        "OUTPUT ... INTO a table without a column list, and the target's columns are not known: SQL Server fills "
        "its columns in order skipping identity and computed ones",
        "Name the target's columns in OUTPUT ... INTO t (a, b), or convert with the inventory (--inventory).",
        0.25,
    ),
    "CONV-TSQL-OUTPUT-003": Rule(
        H,
        "OUTPUT ... INTO a table variable outside a routine, or OUTPUT from MERGE (RETURNING on MERGE and "
        "merge_action() need PostgreSQL 17)",
        "Write the rows to a table (WITH o AS (... RETURNING ...) INSERT INTO t SELECT * FROM o), or target 17+.",
        0.5,
    ),
    "CONV-TSQL-DATEPART-001": Rule(
        H, "Date part has no PostgreSQL equivalent", "Rewrite the date computation by hand.", 0.25
    ),
    "CONV-TSQL-FUNC-001": Rule(H, "SQL Server function has no PostgreSQL equivalent", "Rewrite the call by hand.", 0.5),
    "CONV-TSQL-OPENJSON-001": Rule(
        H,
        "OPENJSON has no PostgreSQL equivalent",
        "Rewrite with CROSS JOIN LATERAL jsonb_array_elements / jsonb_each / jsonb_to_recordset over "
        "CAST(doc AS jsonb), or JSON_TABLE on PostgreSQL 17+ (lax paths, like OPENJSON's default).",
        1.0,
    ),
    "CONV-TSQL-JSON-001": Rule(
        H,
        "JSON_VALUE / JSON_QUERY have no exact PostgreSQL form (jsonb keeps the last duplicate key, respells "
        "numbers and, for JSON_QUERY, re-lays the fragment; SQL Server returns the text as written)",
        "JSON_VALUE(d, '$.a') is nearest to jsonb_path_query_first(CAST(d AS jsonb), 'strict $.a ? (@.type() != "
        "\"object\" && @.type() != \"array\")', '{}', true) #>> '{}' (NULL past 4,000 characters in lax mode); "
        "JSON_QUERY to the same with the types reversed, as text; check the documents' numbers and keys first.",
        0.5,
    ),
    "CONV-TSQL-ISJSON-001": Rule(
        H,
        "ISJSON needs PostgreSQL 16 (the IS JSON predicate)",
        "Target PostgreSQL 16+ (--target-version 16), or test the text with a PL/pgSQL function that casts it to "
        "json inside an exception block.",
        0.5,
    ),
    "CONV-TSQL-METHOD-001": Rule(
        H,
        "A method of a SQL Server CLR type (hierarchyid, xml, geography/geometry) has no PostgreSQL form here",
        "hierarchyid columns hold their ToString() path ('/1/3/'): rewrite the method on that text (or ltree); "
        "xml methods become xpath()/xmlexists(); spatial methods need PostGIS. Finish the expression by hand.",
        1.0,
    ),
    "CONV-TSQL-LEN-001": Rule(
        INFO, "LEN ignores trailing spaces: rewritten as length(rtrim(x))", "Nothing to do.", 0.0
    ),
    "CONV-TSQL-CATALOG-001": Rule(
        H,
        "A SQL Server system catalog view, DMV or system table has no PostgreSQL counterpart of that name",
        "Read the PostgreSQL catalog named in the message (its columns differ); an existence test before DDL is "
        "usually IF EXISTS / to_regclass().",
        1.0,
    ),
    # --- case-insensitive source collations (converters/collation.py) -------------------------------------
    "CONV-COLLATION-001": Rule(
        H,
        "A comparison that ignores case on the source (a case-insensitive column, or variables under the "
        "database's case-insensitive collation) now compares case-sensitively (conversion.case_insensitive = "
        "case_sensitive): values that differ only in case no longer match",
        "Compare lower(col) = lower(x) (with an index on lower(col)), or convert the column with icu or citext.",
        0.5,
    ),
    "CONV-COLLATION-002": Rule(
        M,
        "ORDER BY / GROUP BY / DISTINCT on a case-insensitive source column now tells case variants apart "
        "(conversion.case_insensitive = case_sensitive)",
        "Group or order by lower(col) where case variants must be one; or convert the column with icu or citext.",
        0.25,
    ),
    "CONV-COLLATION-003": Rule(
        H,
        "A substring or pattern search (REPLACE, CHARINDEX, LIKE '[a-z]%', ...) on a case-insensitive column (or a "
        "routine's variable under a case-insensitive database): SQL Server ignores case there, PostgreSQL's function does not (and refuses it under a nondeterministic "
        "collation)",
        "Search lower(col) for lower(x) (REPLACE needs a case-insensitive regexp_replace(col, x, y, 'gi') with x "
        "escaped); or convert the column with citext.",
        0.5,
    ),
    "CONV-COLLATION-004": Rule(
        INFO,
        'LIKE on a case-insensitive column under a nondeterministic collation: rewritten col COLLATE "und-x-icu" '
        "ILIKE pattern (PostgreSQL before 18 refuses LIKE there)",
        "Nothing to do.",
        0.0,
    ),
}
