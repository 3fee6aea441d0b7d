"""SQL Server (T-SQL) -> Aurora PostgreSQL rules: one row per thing that will not move as-is.

Same columns as the Oracle table. Babelfish Compass classifies features; these rows also say what a
T-SQL habit silently does differently on PostgreSQL (+ with NULL, BIT, @@ERROR, result sets).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlglot import exp

import assessments.rules.model as m
import assessments.rules.semantics as semantics
from assessments.rules.base import NodeDetector, Rule, Word, function_named, is_
from migrate.model import Severity, TypeFamily

S = Severity
INFO, LOW, MEDIUM, HIGH, BLOCKER = S.INFO, S.LOW, S.MEDIUM, S.HIGH, S.BLOCKER

# words after which a SELECT starts a statement (not a subquery, not INSERT ... SELECT)
_STATEMENT_START = {";", "BEGIN", "AS", "ELSE", "THEN", "TRY", "CATCH", ")"}


def _result_sets(found: list[Word]) -> Iterator[Word]:
    """A SELECT that starts a statement and neither assigns (@x = ...) nor fills a table (INTO)."""
    for i, word in enumerate(found):
        if word.text != "SELECT" or i == 0 or found[i - 1].text not in _STATEMENT_START:
            continue
        if found[i - 1].text == ")" and i >= 2 and found[i - 2].text != "END":
            continue  # INSERT INTO t (a, b) SELECT ...
        if i + 1 < len(found) and found[i + 1].text == "@":
            continue
        window = [w.text for w in found[i + 1 : i + 200]]
        end = window.index(";") if ";" in window else len(window)
        if "INTO" not in window[:end]:
            yield word


def _temp_tables(found: list[Word], hashes: int) -> Iterator[Word]:
    """#local (hashes=1) or ##global (hashes=2) temp table names."""
    for i, word in enumerate(found):
        if word.text != "#" or (i > 0 and found[i - 1].text == "#"):
            continue
        run = 1 + (i + 1 < len(found) and found[i + 1].text == "#")
        if run == hashes:
            yield word


def _four_part_names(found: list[Word]) -> Iterator[Word]:
    """server.database.schema.object: a linked-server reference."""
    for i in range(len(found) - 6):
        dots = [found[i + k].text for k in (1, 3, 5)]
        if dots == [".", ".", "."] and found[i].text not in (".", "@") and (i == 0 or found[i - 1].text != "."):
            yield found[i]


_DDL_WORDS = {"CREATE", "ALTER", "DROP"}
_DDL_OBJECTS = {"TABLE", "INDEX", "VIEW", "PROCEDURE", "PROC", "FUNCTION", "TRIGGER", "SCHEMA", "SEQUENCE"}


def _ddl_in_code(found: list[Word]) -> Iterator[Word]:
    """CREATE/ALTER/DROP TABLE... inside a routine body (the routine's own CREATE is the first words)."""
    for i in range(2, len(found) - 1):
        if found[i].text in _DDL_WORDS and found[i + 1].text in _DDL_OBJECTS:
            yield found[i]


_SELECT_INTO_STOPS = {"SELECT", "INSERT", "MERGE", "UPDATE", "DELETE", ";", "BEGIN", "END", "FETCH"}


def _select_into(found: list[Word]) -> Iterator[Word]:
    """SELECT list INTO new_table FROM ...: the INTO belongs to a SELECT, not an INSERT or a FETCH."""
    for i, word in enumerate(found):
        if word.text != "INTO":
            continue
        j = i - 1
        while j >= 0 and found[j].text not in _SELECT_INTO_STOPS:
            j -= 1
        if j >= 0 and found[j].text == "SELECT":
            yield word


def _xp_procs(found: list[Word]) -> Iterable[Word]:
    return (w for w in found if w.text.startswith("XP_") and w.text != "XP_CMDSHELL")


def _string_plus(node: exp.Expression) -> bool:
    return isinstance(node, exp.Add) and any(
        isinstance(side, exp.Literal) and side.is_string for side in (node.this, node.expression)
    )


def _for_clause(kind: str) -> NodeDetector:
    return is_(exp.ForClause, when=lambda n: str(n.args.get("kind", "")).upper() == kind)


R = Rule
# fmt: off
RULES: tuple[Rule, ...] = (
    # -- semantics ---------------------------------------------------------------------------------------
    R("TSQL-CONCAT-001", "+ string concatenation (NULL operand)", MEDIUM, "semantics", "Use || or concat(); with CONCAT_NULL_YIELDS_NULL OFF the T-SQL result differs, and + on text is an error in PostgreSQL.", 0.1, 1, tokens="'*' +", node=_string_plus),
    R("TSQL-IMPLICIT-001", "character column compared with a number", HIGH, "semantics", "Compare with a string literal, or cast explicitly; SQL Server converts the column to int (and fails on the first non-numeric row), PostgreSQL rejects varchar = integer.", 0.25, 1, model=semantics.string_compared_with_number("tsql")),
    R("TSQL-ANSINULLS-001", "SET ANSI_NULLS OFF (= NULL is true)", HIGH, "semantics", "Rewrite every = NULL / <> NULL as IS [NOT] NULL; PostgreSQL always follows ANSI NULLs.", 1, 1, tokens="SET ANSI_NULLS OFF"),
    R("TSQL-COLLATION-001", "case-insensitive collation", HIGH, "semantics", "PostgreSQL compares case-sensitively: convert gives such columns a nondeterministic ICU collation (conversion.case_insensitive = icu, the default) or citext; check ORDER BY results and LIKE plans.", 2, 4, model=semantics.case_insensitive_collation),
    R("TSQL-ISNULL-001", "ISNULL() (result takes the first argument's type)", LOW, "semantics", "COALESCE; check truncation where ISNULL cut the second argument to the first's length.", 0.05, 0.25, tokens="ISNULL (", node=is_(exp.Coalesce, when=lambda n: bool(n.args.get("is_null")))),
    R("TSQL-DATEDIFF-001", "DATEDIFF counts boundaries crossed", MEDIUM, "semantics", "date_part/age arithmetic; DATEDIFF(year, '2024-12-31', '2025-01-01') is 1, an interval is 1 day.", 0.25, 1, tokens="DATEDIFF|DATEDIFF_BIG ("),
    R("TSQL-CONVERT-001", "CONVERT with a style code", MEDIUM, "semantics", "to_char/to_date with an explicit format; style codes (101, 112, 120...) must be translated one by one.", 0.1, 0.5, tokens="CONVERT ("),
    R("TSQL-NOLOCK-001", "table hints (NOLOCK, UPDLOCK, HOLDLOCK...)", LOW, "semantics", "Drop NOLOCK (MVCC readers never block); UPDLOCK/HOLDLOCK become SELECT ... FOR UPDATE.", 0.05, 0.5, tokens="NOLOCK|READUNCOMMITTED|UPDLOCK|HOLDLOCK|ROWLOCK|TABLOCK|TABLOCKX|READPAST|PAGLOCK"),
    R("TSQL-TOP-001", "TOP n [PERCENT | WITH TIES]", LOW, "sql", "LIMIT / FETCH FIRST n ROWS [WITH TIES]; PERCENT needs a count subquery.", 0.05, 0.25, tokens="TOP"),
    R("TSQL-APPLY-001", "CROSS/OUTER APPLY", LOW, "sql", "CROSS JOIN LATERAL / LEFT JOIN LATERAL ... ON true.", 0.1, 0.5, tokens="CROSS|OUTER APPLY"),
    R("TSQL-MERGE-001", "MERGE statement", MEDIUM, "sql", "PostgreSQL 15+ MERGE; OUTPUT $action and WHEN NOT MATCHED BY SOURCE need rewrites (PG 17).", 1, 2, tokens="MERGE", node=is_(exp.Merge)),
    R("TSQL-FORXML-001", "FOR XML", HIGH, "sql", "xmlagg/xmlelement, or string_agg for the STUFF(... FOR XML PATH('')) idiom.", 1, 2, tokens="FOR XML", node=_for_clause("XML")),
    R("TSQL-FORJSON-001", "FOR JSON", MEDIUM, "sql", "json_agg(row_to_json(...)) / jsonb_build_object.", 0.5, 1, tokens="FOR JSON", node=_for_clause("JSON")),
    R("TSQL-OPENJSON-001", "OPENJSON / JSON_VALUE / JSON_QUERY", LOW, "sql", "jsonb_to_recordset, ->>, jsonb_path_query; check lax/strict paths.", 0.25, 1, tokens="OPENJSON|JSON_VALUE|JSON_QUERY|JSON_MODIFY ("),
    R("TSQL-OPENXML-001", "OPENXML / XML methods (.value, .nodes, .query)", HIGH, "sql", "XMLTABLE / xpath().", 1, 4, tokens="OPENXML|SP_XML_PREPAREDOCUMENT"),
    R("TSQL-XMLMETHOD-001", "xml data type methods (.value(), .nodes(), .query(), .exist())", HIGH, "sql", "xpath() / XMLTABLE; XQuery FLWOR expressions have no equivalent.", 1, 4, tokens=". VALUE|NODES|QUERY|EXIST|MODIFY ( '*'"),
    R("TSQL-OPENQUERY-001", "OPENQUERY / OPENROWSET / OPENDATASOURCE", HIGH, "sql", "Ad-hoc remote access: a foreign table over tds_fdw (on Aurora), or load the data with DMS.", 4, 4, tokens="OPENQUERY|OPENROWSET|OPENDATASOURCE ("),
    R("TSQL-LINKEDREF-001", "four-part name (linked server reference)", HIGH, "sql", "A foreign table over tds_fdw/postgres_fdw, or move the remote object into Aurora.", 4, 4, custom=_four_part_names),
    R("TSQL-IDENTITYFN-001", "SCOPE_IDENTITY() / @@IDENTITY / IDENT_CURRENT", MEDIUM, "sql", "INSERT ... RETURNING id (or currval/lastval); @@IDENTITY also sees trigger inserts.", 0.25, 1, tokens="SCOPE_IDENTITY|IDENT_CURRENT ("),
    R("TSQL-ATIDENTITY-001", "@@IDENTITY", MEDIUM, "sql", "INSERT ... RETURNING id.", 0.25, 0.5, tokens="@ @ IDENTITY"),
    R("TSQL-IDENTITYINSERT-001", "SET IDENTITY_INSERT", MEDIUM, "sql", "INSERT ... OVERRIDING SYSTEM VALUE, then setval() the sequence past the maximum.", 0.5, 1, tokens="SET IDENTITY_INSERT"),
    R("TSQL-STRINGFN-001", "T-SQL string functions (CHARINDEX, STUFF, LEN, REPLICATE...)", LOW, "sql", "strpos, overlay, length (LEN ignores trailing blanks), repeat; the converter maps most.", 0.05, 0.5, tokens="CHARINDEX|STUFF|LEN|REPLICATE|PATINDEX|DATALENGTH|SPACE (", node=function_named("CHARINDEX", "STUFF", "REPLICATE", "PATINDEX", "DATALENGTH")),
    R("TSQL-NEWID-001", "NEWID() / NEWSEQUENTIALID()", LOW, "sql", "gen_random_uuid(); sequential UUIDs need uuid v7 (pg 18) or a bigint key.", 0.05, 0.25, tokens="NEWID|NEWSEQUENTIALID ("),
    # -- procedural --------------------------------------------------------------------------------------
    R("TSQL-RESULTSET-001", "procedure returns a result set (bare SELECT)", HIGH, "procedural", "A PostgreSQL procedure returns no rows: make it a set-returning function or return a refcursor; callers change.", 1, 4, custom=_result_sets),
    R("TSQL-ROWCOUNT-001", "@@ROWCOUNT", MEDIUM, "procedural", "GET DIAGNOSTICS n = ROW_COUNT right after the statement (or FOUND).", 0.25, 0.5, tokens="@ @ ROWCOUNT"),
    R("TSQL-ERROR-001", "@@ERROR", HIGH, "procedural", "No error variable: statements raise; wrap in BEGIN ... EXCEPTION and use SQLSTATE.", 0.5, 1, tokens="@ @ ERROR"),
    R("TSQL-TRANCOUNT-001", "@@TRANCOUNT / nested transactions", HIGH, "transaction", "No nested transactions: restructure; procedures may COMMIT only when called outside a transaction.", 1, 2, tokens="@ @ TRANCOUNT"),
    R("TSQL-FETCHSTATUS-001", "@@FETCH_STATUS", LOW, "procedural", "FOUND after FETCH, or a FOR loop over the query.", 0.1, 0.5, tokens="@ @ FETCH_STATUS"),
    R("TSQL-SYSVAR-001", "@@SPID / @@SERVERNAME / @@VERSION / @@DBTS...", LOW, "procedural", "pg_backend_pid(), inet_server_addr(), version(); @@DBTS has no equivalent.", 0.1, 0.25, tokens="@ @ SPID|SERVERNAME|VERSION|DBTS|LANGUAGE|OPTIONS|MAX_CONNECTIONS|PROCID|NESTLEVEL"),
    R("TSQL-TRYCATCH-001", "TRY/CATCH", MEDIUM, "procedural", "BEGIN ... EXCEPTION WHEN OTHERS; the block's work is rolled back (subtransaction), XACT_STATE() disappears.", 0.5, 2, tokens="BEGIN TRY"),
    R("TSQL-ERRORFN-001", "ERROR_MESSAGE()/ERROR_NUMBER()/ERROR_LINE()...", LOW, "procedural", "SQLERRM, SQLSTATE, GET STACKED DIAGNOSTICS.", 0.1, 0.5, tokens="ERROR_MESSAGE|ERROR_NUMBER|ERROR_LINE|ERROR_PROCEDURE|ERROR_SEVERITY|ERROR_STATE|XACT_STATE ("),
    R("TSQL-RAISERROR-001", "RAISERROR", MEDIUM, "procedural", "RAISE EXCEPTION/NOTICE; severity < 11 is a notice, WITH NOWAIT/LOG have no equivalent.", 0.25, 0.5, tokens="RAISERROR"),
    R("TSQL-THROW-001", "THROW", LOW, "procedural", "RAISE EXCEPTION ... USING ERRCODE; bare THROW is RAISE.", 0.1, 0.25, tokens="THROW"),
    R("TSQL-PRINT-001", "PRINT", INFO, "procedural", "RAISE NOTICE.", 0.02, 0.1, tokens="PRINT"),
    R("TSQL-CURSOR-001", "cursor (DECLARE ... CURSOR)", MEDIUM, "procedural", "A FOR loop over the query, or a refcursor; options (STATIC, KEYSET, SCROLL) mostly drop.", 1, 2, tokens="DECLARE * CURSOR"),
    R("TSQL-TABLEVAR-001", "table variable (DECLARE @t TABLE)", MEDIUM, "procedural", "A temporary table (ON COMMIT DROP), or an array of a composite type.", 0.5, 1, tokens="DECLARE @ * TABLE"),
    R("TSQL-TEMPTABLE-001", "#temp table", MEDIUM, "procedural", "CREATE TEMP TABLE; it is not dropped at procedure end, and catalog bloat matters under high call rates.", 0.5, 1, custom=lambda found: _temp_tables(found, 1)),
    R("TSQL-GLOBALTEMP-001", "##global temp table", HIGH, "procedural", "No global temp tables: an unlogged table with a session key.", 2, 2, custom=lambda found: _temp_tables(found, 2)),
    R("TSQL-OUTPUT-001", "OUTPUT clause (INSERTED/DELETED)", MEDIUM, "procedural", "RETURNING; OUTPUT INTO a table variable becomes a data-modifying CTE.", 0.5, 1, tokens="OUTPUT INSERTED|DELETED"),
    R("TSQL-TRIGGERTABLES-001", "inserted/deleted pseudo-tables", MEDIUM, "procedural", "A statement trigger with REFERENCING NEW TABLE AS inserted OLD TABLE AS deleted.", 0.5, 2, tokens="FROM|JOIN INSERTED|DELETED"),
    R("TSQL-DYNSQL-001", "dynamic SQL (EXEC(@sql), sp_executesql)", HIGH, "procedural", "EXECUTE format(...) USING; the SQL inside the string is still T-SQL and must be converted by hand.", 1, 2, tokens="SP_EXECUTESQL"),
    R("TSQL-DYNSQL-002", "EXEC (string)", HIGH, "procedural", "EXECUTE format(...).", 1, 0.5, tokens="EXEC|EXECUTE ("),
    R("TSQL-TRAN-001", "BEGIN/COMMIT TRANSACTION inside a routine", HIGH, "transaction", "Functions cannot control transactions; procedures can COMMIT only outside a caller's transaction.", 1, 2, tokens="BEGIN TRAN|TRANSACTION"),
    R("TSQL-SAVETRAN-001", "SAVE TRANSACTION", HIGH, "transaction", "A nested BEGIN ... EXCEPTION block.", 1, 1, tokens="SAVE TRAN|TRANSACTION"),
    R("TSQL-DDLINCODE-001", "DDL inside a routine (CREATE/ALTER/DROP TABLE...)", MEDIUM, "transaction", "Allowed in PostgreSQL functions, but it locks the catalog for the transaction; #temp tables become CREATE TEMP TABLE ... ON COMMIT DROP.", 0.5, 1, custom=_ddl_in_code),
    R("TSQL-TRUNCATE-001", "TRUNCATE TABLE in code", LOW, "transaction", "PostgreSQL TRUNCATE is transactional too, but takes an ACCESS EXCLUSIVE lock; RESTART IDENTITY resets identity like SQL Server.", 0.1, 0.25, tokens="TRUNCATE TABLE"),
    R("TSQL-XACTABORT-001", "SET XACT_ABORT", LOW, "transaction", "PostgreSQL always aborts the transaction on error; drop it and review the error paths.", 0.1, 0.5, tokens="SET XACT_ABORT"),
    R("TSQL-NOCOUNT-001", "SET NOCOUNT", INFO, "procedural", "Drop it.", 0, 0, tokens="SET NOCOUNT"),
    R("TSQL-GOTO-001", "GOTO", HIGH, "procedural", "Restructure with loops and EXIT.", 1, 1, tokens="GOTO"),
    R("TSQL-TRYCONVERT-001", "TRY_CONVERT / TRY_CAST / TRY_PARSE", MEDIUM, "sql", "No error-free cast: a small function with an EXCEPTION block, or a regex test before the cast.", 0.25, 1, tokens="TRY_CONVERT|TRY_CAST|TRY_PARSE ("),
    R("TSQL-FORMAT-001", "FORMAT() with .NET format strings", MEDIUM, "sql", "to_char() with a PostgreSQL format; culture arguments have no equivalent.", 0.25, 1, tokens="FORMAT ("),
    R("TSQL-STRINGSPLIT-001", "STRING_SPLIT / STRING_AGG WITHIN GROUP", LOW, "sql", "string_to_table()/regexp_split_to_table(); string_agg(x, sep ORDER BY ...).", 0.1, 0.5, tokens="STRING_SPLIT ("),
    R("TSQL-HASHBYTES-001", "HASHBYTES / CHECKSUM / BINARY_CHECKSUM", MEDIUM, "sql", "digest() from pgcrypto, md5(), or hashtext(); CHECKSUM values differ, so stored checksums must be recomputed.", 0.25, 1, tokens="HASHBYTES|CHECKSUM|BINARY_CHECKSUM ("),
    R("TSQL-SELECTINTO-001", "SELECT ... INTO a new table", LOW, "sql", "CREATE TABLE ... AS SELECT (or CREATE TEMP TABLE for #tables).", 0.1, 0.5, custom=_select_into),
    R("TSQL-NEXTVALUE-001", "NEXT VALUE FOR sequence", INFO, "sql", "nextval('sequence').", 0.02, 0.1, tokens="NEXT VALUE FOR"),
    R("TSQL-APPLOCK-001", "sp_getapplock / sp_releaseapplock", MEDIUM, "procedural", "pg_advisory_xact_lock(hashtext(name)) / pg_advisory_unlock.", 0.5, 1, tokens="SP_GETAPPLOCK|SP_RELEASEAPPLOCK"),
    R("TSQL-SPRENAME-001", "sp_rename / system procedures in code", MEDIUM, "procedural", "ALTER ... RENAME; other sp_ system procedures need their PostgreSQL catalog equivalent.", 0.5, 1, tokens="SP_RENAME|SP_ADDEXTENDEDPROPERTY|SP_HELP|SP_HELPTEXT|SP_WHO|SP_LOCK"),
    R("TSQL-DATEFIRST-001", "SET DATEFIRST / DATEFORMAT / LANGUAGE", MEDIUM, "semantics", "Week and date parsing follow ISO in PostgreSQL: rewrite DATEPART(weekday) logic; set DateStyle only for parsing.", 0.5, 1, tokens="SET DATEFIRST|DATEFORMAT|LANGUAGE"),
    R("TSQL-SESSIONCONTEXT-001", "CONTEXT_INFO / SESSION_CONTEXT", MEDIUM, "procedural", "set_config('app.key', value, false) / current_setting('app.key', true).", 0.25, 1, tokens="CONTEXT_INFO|SESSION_CONTEXT|SP_SET_SESSION_CONTEXT"),
    R("TSQL-WAITFOR-001", "WAITFOR DELAY/TIME", MEDIUM, "procedural", "pg_sleep(); WAITFOR RECEIVE is Service Broker.", 0.25, 0.5, tokens="WAITFOR"),
    R("TSQL-TVP-001", "table-valued parameter (READONLY)", HIGH, "procedural", "An array of a composite type, or jsonb; callers change.", 2, 2, tokens="READONLY"),
    R("TSQL-XPCMDSHELL-001", "xp_cmdshell", BLOCKER, "security", "No OS access from Aurora: move the work to a Lambda/ECS task triggered by the app or EventBridge.", 8, 4, tokens="XP_CMDSHELL"),
    R("TSQL-XPPROC-001", "extended stored procedure (xp_*)", HIGH, "security", "No extended procedures on Aurora: re-implement outside the database.", 4, 2, custom=_xp_procs),
    R("TSQL-OLEAUTO-001", "OLE automation (sp_OACreate...)", BLOCKER, "security", "Move to a Lambda called with aws_lambda.invoke().", 8, 4, tokens="SP_OACREATE|SP_OAMETHOD|SP_OAGETPROPERTY"),
    R("TSQL-SERVICEBROKER-002", "Service Broker statements (SEND, RECEIVE, BEGIN DIALOG)", BLOCKER, "operations", "Amazon SQS / a queue table with SKIP LOCKED.", 8, 8, tokens="BEGIN DIALOG|CONVERSATION"),
    R("TSQL-BULKINSERT-001", "BULK INSERT", HIGH, "operations", "aws_s3.table_import_from_s3 or COPY from the client.", 2, 2, tokens="BULK INSERT"),
    # -- schema objects ------------------------------------------------------------------------------------
    R("TSQL-LINKED-001", "linked server", HIGH, "operations", "A foreign server: tds_fdw (on Aurora) to SQL Server, postgres_fdw to a migrated peer; or replicate the data with DMS.", 8, 4, model=m.db_links()),
    R("TSQL-CLR-001", "CLR assembly / CLR routine", BLOCKER, "schema", "No .NET in Aurora: rewrite in PL/pgSQL or move to a Lambda.", 16, 8, model=lambda inv: [ *m.features("clr_assembly", "assembly", "clr")(inv), *m.routines_where(lambda r: r.language.lower() == "clr")(inv), ]),
    R("TSQL-SERVICEBROKER-001", "Service Broker queue/service", BLOCKER, "operations", "Amazon SQS, or a queue table consumed with SELECT ... FOR UPDATE SKIP LOCKED.", 8, 8, model=m.features("service_broker", "queue", "service_broker_queue")),
    R("TSQL-AGENT-001", "SQL Agent job", MEDIUM, "operations", "pg_cron on Aurora/RDS, or EventBridge Scheduler; job steps in CmdExec/PowerShell move out.", 1, 2, model=m.jobs()),
    R("TSQL-SYNONYM-001", "synonym", LOW, "schema", "A view, or the qualified name.", 0.1, 0.5, model=m.synonyms()),
    R("TSQL-INSTEADOF-001", "INSTEAD OF trigger", MEDIUM, "schema", "PostgreSQL allows INSTEAD OF only on views: move table logic to BEFORE triggers or rules.", 1, 2, model=m.triggers_where(lambda t: t.timing.upper() == "INSTEAD OF")),
    R("TSQL-DDLTRIGGER-001", "DDL / logon trigger", HIGH, "schema", "Event triggers (need rds_superuser) cover DDL; LOGON triggers have no equivalent.", 4, 4, model=m.either(m.triggers_where(lambda t: t.level in ("database", "server", "ddl")), m.features("ddl_trigger"))),
    R("TSQL-XMLSCHEMA-001", "XML schema collection", MEDIUM, "schema", "PostgreSQL xml is not validated against a schema: validate in the application, or drop the typing.", 1, 1, model=m.features("xml_schema_collection")),
    R("TSQL-TRIGGER-001", "DML trigger", LOW, "schema", "A trigger function + CREATE TRIGGER ... FOR EACH STATEMENT with transition tables.", 0.5, 1, model=m.triggers_where(lambda t: t.level in ("row", "statement") and t.timing.upper() != "INSTEAD OF")),
    R("TSQL-COMPUTED-001", "computed column (not persisted)", MEDIUM, "schema", "PostgreSQL generated columns are STORED (virtual only in 18+): every write computes it; or use a view.", 0.25, 0.5, model=m.columns_where(lambda c: bool(c.generated) and not c.generated_stored)),
    R("TSQL-PERSISTED-001", "persisted computed column", LOW, "schema", "GENERATED ALWAYS AS (...) STORED; functions used must be IMMUTABLE.", 0.1, 0.25, model=m.columns_where(lambda c: bool(c.generated) and c.generated_stored)),
    R("TSQL-CLUSTERED-001", "clustered index", LOW, "schema", "Heap tables in PostgreSQL: a normal index (CLUSTER once if order matters).", 0.05, 0.25, model=m.indexes_where(lambda i: i.kind == "clustered")),
    R("TSQL-COLUMNSTORE-001", "columnstore index", HIGH, "schema", "No columnstore in Aurora PostgreSQL: B-tree/BRIN and partitioning, or an analytics copy.", 4, 4, model=m.indexes_where(lambda i: "columnstore" in i.kind)),
    R("TSQL-FULLTEXT-001", "full-text index", HIGH, "schema", "tsvector column + GIN index; CONTAINS/FREETEXT become @@ queries.", 4, 4, model=m.either(m.indexes_where(lambda i: i.kind == "fulltext"), m.features("fulltext_index"))),
    R("TSQL-SPATIALIDX-001", "spatial index", MEDIUM, "schema", "GiST index on a PostGIS column.", 0.5, 1, model=m.indexes_where(lambda i: i.kind == "spatial")),
    R("TSQL-FILTERED-001", "filtered index", INFO, "schema", "Partial index (WHERE ...).", 0.05, 0.1, model=m.indexes_where(lambda i: bool(i.where))),
    R("TSQL-MEMOPT-001", "memory-optimized table", HIGH, "schema", "An ordinary (or UNLOGGED, if durability is SCHEMA_ONLY) table; natively compiled procedures are rewritten.", 2, 4, model=m.tables_where(lambda t: t.kind == "memory_optimized", lambda t: "MEMORY_OPTIMIZED = ON")),
    R("TSQL-PARTITION-001", "partitioned table (partition scheme/function)", MEDIUM, "schema", "Declarative partitioning; filegroups disappear; the PK must include the partition key.", 2, 4, model=m.tables_where(lambda t: t.partitioning is not None, lambda t: f"partitioned by {', '.join(t.partitioning.columns if t.partitioning else ())}")),
    # -- types ---------------------------------------------------------------------------------------------
    R("TSQL-BIT-001", "BIT column (0/1, not boolean)", LOW, "type", "boolean, and fix code comparing with 0/1; or smallint to keep arithmetic.", 0.1, 0.5, model=m.column_types("BIT")),
    R("TSQL-ROWVERSION-001", "ROWVERSION/TIMESTAMP column", HIGH, "type", "No auto-updating row version: a bigint maintained by trigger, or xmin for optimistic locking.", 2, 2, model=m.column_types("ROWVERSION", "TIMESTAMP")),
    R("TSQL-SQLVARIANT-001", "SQL_VARIANT column", HIGH, "type", "No variant type: text plus a type column, or jsonb.", 2, 2, model=m.column_types("SQL_VARIANT")),
    R("TSQL-HIERARCHYID-001", "HIERARCHYID column", HIGH, "type", "ltree (on Aurora) or a parent key with recursive CTEs; methods (GetAncestor...) are rewritten.", 4, 4, model=m.column_types("HIERARCHYID")),
    R("TSQL-SPATIAL-001", "GEOGRAPHY/GEOMETRY column", MEDIUM, "type", "PostGIS geography/geometry; method calls (.STDistance) become ST_ functions.", 1, 4, model=m.column_family(TypeFamily.SPATIAL)),
    R("TSQL-MONEY-001", "MONEY/SMALLMONEY column", LOW, "type", "numeric(19,4); PostgreSQL money follows lc_monetary.", 0.05, 0.25, model=m.column_types("MONEY", "SMALLMONEY")),
    R("TSQL-DATETIME-001", "DATETIME/SMALLDATETIME (1/300 s, minute rounding)", LOW, "type", "timestamp(3) / timestamp(0); validation must allow the rounding.", 0.02, 0.5, model=m.column_types("DATETIME", "SMALLDATETIME")),
    R("TSQL-DEPRECATEDLOB-001", "TEXT/NTEXT/IMAGE column", LOW, "type", "text / bytea.", 0.1, 0.25, model=m.column_types("TEXT", "NTEXT", "IMAGE")),
    R("TSQL-XMLTYPE-001", "XML column", MEDIUM, "type", "xml; XML schema collections and XML indexes drop.", 1, 2, model=m.column_family(TypeFamily.XML)),
    R("TSQL-UNIQUEID-001", "UNIQUEIDENTIFIER column", INFO, "type", "uuid.", 0.02, 0.1, model=m.column_types("UNIQUEIDENTIFIER")),
    # -- names ---------------------------------------------------------------------------------------------
    R("TSQL-NAMELEN-001", "identifier longer than 63 bytes", HIGH, "names", "PostgreSQL truncates to 63 bytes: shorten via renames.", 0.25, 0.5, model=m.names_where(m.too_long, "longer than 63 bytes")),
    R("TSQL-RESERVED-001", "name is a PostgreSQL reserved word", LOW, "names", "Rename, or quote it everywhere.", 0.1, 0.25, model=m.names_where(m.reserved, "PostgreSQL reserved word")),
    R("TSQL-CASE-001", "mixed-case name", LOW, "names", "PostgreSQL folds unquoted names to lower case: convert names to snake_case, or quote them everywhere.", 0.02, 0.5, model=m.names_where(m.mixed_case, "mixed case")),
)
# fmt: on
