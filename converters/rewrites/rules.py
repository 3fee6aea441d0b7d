"""Every finding a query rewrite can raise: stable rule id -> severity, what it means, how to fix it, effort.

One table per source (rules_oracle.py, rules_tsql.py) and the rows any source can raise here; RULES is all of
them. Ids never change meaning once released (reports are diffed and findings suppressed by id).
"""

from __future__ import annotations

from converters.rewrites.rule import INFO, H, L, M, Rule
from converters.rewrites.rules_oracle import ORACLE_RULES
from converters.rewrites.rules_tsql import TSQL_RULES

__all__ = ["RULES", "Rule"]

COMMON_RULES: dict[str, Rule] = {
    "CONV-PARSE-001": Rule(
        H,
        "The statement did not parse; it was kept unchanged",
        "Check the syntax on the source; convert this statement by hand.",
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
    "CONV-DOC-001": Rule(
        H,
        "Oracle regular expression whose newline behaviour cannot be written exactly ('.' matches a newline only "
        "with the 'n' match parameter; PostgreSQL's '.' always does, and its newline-sensitive mode also changes "
        "'[^...]')",
        "Use a literal pattern and match parameter; write [^\\n] for '.' where the data can hold newlines.",
        0.25,
    ),
    "CONV-DOC-004": Rule(  # retired: patterns known at run time are read by plsql_regex's helper now
        L,
        "Regular expression from a variable, checked before the statement (retired: no longer raised)",
        "Nothing to do.",
        0.0,
    ),
    "CONV-DOC-002": Rule(
        H,
        "LISTAGG ... ON OVERFLOW TRUNCATE cuts lists past 4,000 bytes; PostgreSQL's string_agg never cuts",
        "Keep string_agg if the lists are known to be short; otherwise cut the text with left() and append the "
        "marker by hand.",
        0.5,
    ),
    "CONV-DOC-003": Rule(
        H,
        "A format element PostgreSQL's to_char writes differently (SP spelled numbers, EEEE exponent case and width, "
        "currency elements $ L C U)",
        "Format the value in the application, or write the text with a CASE over the values.",
        0.5,
    ),
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

RULES: dict[str, Rule] = {**COMMON_RULES, **ORACLE_RULES, **TSQL_RULES}
