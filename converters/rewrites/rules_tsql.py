"""Findings of the T-SQL query rewrites (CONV-TSQL-*); the row shape is converters/rewrites/rule.py."""

from __future__ import annotations

from converters.rewrites.rule import INFO, H, L, M, Rule

TSQL_RULES: dict[str, Rule] = {
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
    "CONV-TSQL-NUMTEXT-001": Rule(
        H,
        "A float / real (or money with a comma style) written as text: SQL Server's text (six significant digits, "
        "1.23457e+006; money style 1 with commas) is not PostgreSQL's",
        "Format the value with to_char and the digits the application expects, or cast it to numeric first.",
        0.25,
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
}
