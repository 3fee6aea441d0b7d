"""Oracle -> Aurora PostgreSQL rules: one row per thing that will not move as-is.

Efforts are hours for an engineer who knows both engines: `effort` per occurrence, `learning` once
per rule (the first occurrence is where the team works out the pattern). Semantic risks (code that
converts cleanly but behaves differently) are rules too: no anchor tool reports them per occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlglot import exp
from sqlglot.errors import TokenError

import assessments.rules.model as m
import assessments.rules.semantics as semantics
from assessments.rules.base import Hit, Rule, Word, column_named, function_named, is_, words
from assessments.rules.oracle_packages import package_rules
from migrate.model import Inventory, RoutineKind, Severity, Table, TypeFamily

S = Severity
INFO, LOW, MEDIUM, HIGH, BLOCKER = S.INFO, S.LOW, S.MEDIUM, S.HIGH, S.BLOCKER

_NOT_STATE = {"PROCEDURE", "FUNCTION", "TYPE", "SUBTYPE", "CURSOR", "PRAGMA", "END", "/"}


def _partition_method(table: Table) -> str:
    return table.partitioning.method if table.partitioning else ""


def _partition_clause(table: Table) -> str:
    if table.partitioning is None:
        return ""
    columns = ", ".join(table.partitioning.columns)
    return f"PARTITION BY {table.partitioning.method.upper()} ({columns})"


def _package_variables(inventory: Inventory) -> Iterator[Hit]:
    """Variables declared in a package spec: session state that lives as long as the connection.

    PostgreSQL has no package state; under a connection pool the value also leaks between users."""
    for schema in inventory.schemas:
        for routine in schema.routines:
            if routine.kind is not RoutineKind.PACKAGE:
                continue
            try:
                found = words(routine.source, "oracle")
            except TokenError:
                continue  # reported by the code scan as a tokenizer finding
            for declaration in _spec_declarations(found):
                if _is_variable(declaration):
                    line = declaration[0].line
                    location = routine.location.shifted(line - 1) if routine.location else None
                    snippet = " ".join(w.text for w in declaration)[:160]
                    yield Hit("package", routine.qualified_name, location, snippet)


def _is_variable(declaration: list[Word]) -> bool:
    """`name type ...;` that is not a subprogram, type, cursor, pragma, exception or constant."""
    if len(declaration) < 2 or declaration[0].text in _NOT_STATE:
        return False
    return declaration[1].text not in ("EXCEPTION", "CONSTANT")


def _spec_declarations(found: list[Word]) -> Iterator[list[Word]]:
    """The ;-separated declarations after the spec's IS/AS."""
    start = next((i + 1 for i, w in enumerate(found) if w.text in ("IS", "AS")), len(found))
    current: list[Word] = []
    for word in found[start:]:
        if word.text == ";":
            yield current
            current = []
        else:
            current.append(word)


def _remote_names(found: list[Word]) -> Iterable[Word]:
    """name@dblink: the tokenizer keeps it as one word."""
    return (w for w in found if "@" in w.text[1:] and not w.text.startswith(("'", '"')))


_DDL = ("'CREATE", "'ALTER", "'DROP", "'TRUNCATE", "'RENAME", "'GRANT")


def _ddl_in_code(found: list[Word]) -> Iterator[Word]:
    """EXECUTE IMMEDIATE 'CREATE ...' (PL/SQL can only run DDL dynamically): Oracle commits before and
    after every DDL statement; in PostgreSQL DDL joins the caller's transaction and can roll back."""
    for i in range(len(found) - 2):
        if found[i].text == "EXECUTE" and found[i + 1].text == "IMMEDIATE" and found[i + 2].text.startswith(_DDL):
            yield found[i]


def _truncate(found: list[Word]) -> Iterator[Word]:
    """TRUNCATE TABLE in a script or job, or inside EXECUTE IMMEDIATE '...' in PL/SQL."""
    for i, word in enumerate(found[:-1]):
        if (word.text == "TRUNCATE" and found[i + 1].text == "TABLE") or (
            word.text == "IMMEDIATE" and found[i + 1].text.startswith("'TRUNCATE")
        ):
            yield word


def _string_arithmetic(node: exp.Expression) -> bool:
    """'10' + 1 or 'x' * n: Oracle converts the string to a number silently; PostgreSQL refuses or differs."""
    if not isinstance(node, (exp.Add, exp.Sub, exp.Mul, exp.Div)):
        return False
    return any(isinstance(side, exp.Literal) and side.is_string for side in (node.this, node.expression))


def _no_format(node: exp.Expression) -> bool:
    return isinstance(node, (exp.ToChar, exp.StrToTime, exp.ToNumber)) and not node.args.get("format")


R = Rule
# fmt: off
RULES: tuple[Rule, ...] = (
    # -- SQL that parses: detected on the AST where it parses, by tokens inside PL/SQL ------------------
    R("ORA-CONNECTBY-001", "hierarchical query (CONNECT BY)", HIGH, "sql", "Rewrite as WITH RECURSIVE; LEVEL, SYS_CONNECT_BY_PATH and NOCYCLE need explicit columns.", 2, 4, tokens="CONNECT BY", node=is_(exp.Connect)),
    R("ORA-OUTERJOIN-001", "Oracle (+) outer join", MEDIUM, "sql", "Rewrite as ANSI LEFT/RIGHT JOIN (the converter does this with sqlglot's eliminate_join_marks).", 0.25, 1, tokens="(+)", node=is_(exp.Column, when=lambda n: bool(n.args.get("join_mark")))),
    R("ORA-ROWNUM-001", "ROWNUM pseudo-column", MEDIUM, "sql", "Use LIMIT/FETCH FIRST, or row_number() OVER (); ROWNUM is assigned before ORDER BY.", 0.5, 2, tokens="ROWNUM", node=column_named("ROWNUM")),
    R("ORA-ROWID-001", "ROWID used in code", HIGH, "sql", "PostgreSQL ctid changes on UPDATE/VACUUM FULL; use the primary key instead.", 1, 2, tokens="ROWID", node=column_named("ROWID")),
    R("ORA-DECODE-001", "DECODE (matches NULL to NULL, unlike CASE)", MEDIUM, "semantics", "CASE WHEN x IS NOT DISTINCT FROM v; a plain CASE x WHEN NULL never matches.", 0.25, 1, tokens="DECODE (", node=is_(exp.DecodeCase)),
    R("ORA-EMPTYSTR-001", "'' is NULL in Oracle, an empty string in PostgreSQL", HIGH, "semantics", "Decide per column: write NULL, or keep '' and fix every IS NULL test that relied on it.", 0.5, 2, tokens="''", node=is_(exp.Literal, when=lambda n: n.is_string and n.this == "")),
    R("ORA-NULLCONCAT-001", "|| ignores NULL in Oracle, yields NULL in PostgreSQL", MEDIUM, "semantics", "Use concat()/concat_ws(), which skip NULLs as Oracle's || does, or COALESCE the operands.", 0.05, 1, tokens="||", node=is_(exp.DPipe)),
    R("ORA-IMPLICIT-001", "implicit string/number conversion", MEDIUM, "semantics", "Cast explicitly; PostgreSQL does not convert a string operand to a number.", 0.25, 1, tokens="'*' +|-|*|/", node=_string_arithmetic),
    R("ORA-IMPLICIT-002", "character column compared with a number", HIGH, "semantics", "Compare with a string literal, or cast explicitly (and check every value is numeric); PostgreSQL rejects varchar = integer.", 0.25, 1, model=semantics.string_compared_with_number("oracle")),
    R("ORA-NLS-001", "TO_CHAR/TO_DATE/TO_NUMBER without a format (depends on NLS settings)", MEDIUM, "semantics", "Give the format explicitly; PostgreSQL has no NLS_DATE_FORMAT to fall back on.", 0.1, 0.5, tokens="TO_CHAR|TO_DATE|TO_NUMBER|TO_TIMESTAMP ( * )", node=_no_format),
    R("ORA-COLLATION-001", "case/accent-insensitive comparison (NLS_COMP=LINGUISTIC, BINARY_CI collation)", HIGH, "semantics", "PostgreSQL compares exactly: a nondeterministic ICU collation, citext, or lower()/unaccent() with matching indexes.", 2, 4, model=semantics.case_insensitive_collation),
    R("ORA-SYSDATE-001", "SYSDATE/SYSTIMESTAMP (statement time, session time zone)", LOW, "semantics", "clock_timestamp() for wall time, now()/current_timestamp for transaction start; check the zone.", 0.05, 0.5, tokens="SYSDATE|SYSTIMESTAMP", node=is_(exp.CurrentTimestamp, when=lambda n: bool(n.args.get("sysdate")))),
    R("ORA-MERGE-001", "MERGE statement", MEDIUM, "sql", "PostgreSQL 15+ has MERGE; check DELETE WHERE clauses and error logging, or use INSERT ... ON CONFLICT.", 1, 2, tokens="MERGE INTO", node=is_(exp.Merge)),
    R("ORA-INSERTALL-001", "multi-table INSERT ALL/FIRST", LOW, "sql", "The converter writes one statement of data-modifying CTEs (the subquery read once, each WHEN once per row); DEFAULT in VALUES, pseudo-columns, and SQL%ROWCOUNT read after it stay manual.", 0.1, 1, tokens="INSERT ALL|FIRST"),
    R("ORA-PIVOT-001", "PIVOT/UNPIVOT", MEDIUM, "sql", "Rewrite with FILTER aggregates or tablefunc crosstab(); UNPIVOT with LATERAL VALUES.", 1, 2, tokens="PIVOT|UNPIVOT (", node=is_(exp.Pivot)),
    R("ORA-FLASHBACK-001", "flashback query (AS OF TIMESTAMP/SCN)", BLOCKER, "sql", "No flashback in PostgreSQL: keep history in a temporal table, or restore a snapshot.", 8, 8, tokens="AS OF TIMESTAMP|SCN"),
    R("ORA-SEQREF-001", "sequence.NEXTVAL/CURRVAL", LOW, "sql", "nextval('seq') / currval('seq'); the converter rewrites these.", 0.05, 0.25, tokens=". NEXTVAL|CURRVAL"),
    R("ORA-MODEL-001", "MODEL clause (spreadsheet calculations)", BLOCKER, "sql", "No equivalent: rewrite as window functions and recursive CTEs, or move the calculation to the application.", 8, 4, tokens="DIMENSION BY"),
    R("ORA-LISTAGG-001", "LISTAGG (ON OVERFLOW, WITHIN GROUP ordering)", LOW, "sql", "string_agg(x, sep ORDER BY ...); ON OVERFLOW TRUNCATE has no equivalent (4000-byte limit disappears).", 0.1, 0.5, tokens="LISTAGG ("),
    R("ORA-SYSGUID-001", "SYS_GUID() (RAW(16), not a UUID)", LOW, "sql", "gen_random_uuid(); columns holding RAW(16) GUIDs become uuid or bytea; check code comparing them as hex text.", 0.1, 0.5, tokens="SYS_GUID ("),
    R("ORA-SYSCONTEXT-001", "SYS_CONTEXT / USERENV", MEDIUM, "sql", "current_user, inet_client_addr(), current_setting('application_name'); custom contexts become set_config()/current_setting().", 0.25, 1, tokens="SYS_CONTEXT|USERENV ("),
    R("ORA-NVL2-001", "NVL2 / LNNVL / NANVL", LOW, "sql", "CASE WHEN x IS NOT NULL ...; LNNVL(c) is (c) IS NOT TRUE; NANVL needs 'NaN' comparisons.", 0.05, 0.25, tokens="NVL2|LNNVL|NANVL ("),
    R("ORA-TABLEFN-001", "TABLE(collection) in SQL", MEDIUM, "sql", "unnest(array) (WITH ORDINALITY to keep positions).", 0.5, 1, tokens="FROM|JOIN TABLE ("),
    R("ORA-DUAL-001", "SELECT ... FROM DUAL", INFO, "sql", "Drop FROM DUAL (or keep it with orafce's dual view).", 0.02, 0.1, tokens="FROM DUAL"),
    R("ORA-XMLFN-001", "XML functions (EXTRACTVALUE, XMLSEQUENCE, XMLTYPE methods)", HIGH, "sql", "xpath(), XMLTABLE; XMLType member functions have no equivalent.", 2, 4, tokens="EXTRACTVALUE|XMLSEQUENCE|EXISTSNODE|XMLTYPE|UPDATEXML ("),
    R("ORA-JSONFN-001", "SQL/JSON query functions (JSON_TABLE, JSON_VALUE, JSON_QUERY, JSON_EXISTS)", MEDIUM, "sql", "PostgreSQL 17+ has them over json/jsonb (cast a CLOB or VARCHAR2 document; the converter does this for JSON_TABLE forms that read the same); before 17, jsonb_path_query, ->> and jsonb_to_recordset. Check RETURNING types, ON ERROR/ON EMPTY clauses and lax/strict paths.", 0.5, 2, tokens="JSON_TABLE|JSON_VALUE|JSON_QUERY|JSON_EXISTS ("),
    R("ORA-SPATIALFN-001", "Oracle Spatial operators (SDO_RELATE, SDO_WITHIN_DISTANCE...)", HIGH, "sql", "PostGIS ST_* functions (postgis is on Aurora); check SRIDs and tolerance.", 2, 8, tokens="SDO_RELATE|SDO_WITHIN_DISTANCE|SDO_NN|SDO_FILTER|SDO_ANYINTERACT ("),
    R("ORA-REGEXP-001", "REGEXP_* functions (POSIX flavour differs)", LOW, "sql", "regexp_replace/regexp_match; check match parameters ('i', 'n', 'm') and back-references.", 0.25, 1, tokens="REGEXP_LIKE|REGEXP_SUBSTR|REGEXP_INSTR|REGEXP_COUNT (", node=function_named("REGEXP_INSTR", "REGEXP_COUNT")),
    R("ORA-DBLINKREF-001", "remote object via database link (name@link)", HIGH, "sql", "A foreign table: oracle_fdw (on Aurora) while the remote Oracle lives on, postgres_fdw once it moved too; or bring the data in with DMS.", 4, 4, custom=_remote_names),
    # -- PL/SQL ------------------------------------------------------------------------------------------
    R("ORA-AUTONOMOUS-001", "PRAGMA AUTONOMOUS_TRANSACTION", HIGH, "transaction", "No autonomous transactions: use dblink to a loopback connection, or move the logging out of the transaction.", 4, 8, tokens="PRAGMA AUTONOMOUS_TRANSACTION"),
    R("ORA-COMMIT-001", "COMMIT inside a routine", HIGH, "transaction", "Only a PROCEDURE called outside a transaction block may COMMIT; functions and triggers never. Move the boundary.", 1, 2, tokens="COMMIT"),
    R("ORA-ROLLBACK-001", "ROLLBACK inside a routine", HIGH, "transaction", "Raise an exception and let the caller roll back, or restructure into a procedure.", 1, 1, tokens="ROLLBACK", unless="TO"),
    R("ORA-DDLCOMMIT-001", "DDL in code (Oracle commits before and after it)", HIGH, "transaction", "PostgreSQL DDL is transactional: work the implicit commit used to make permanent can now roll back; add explicit COMMITs where needed.", 1, 2, custom=_ddl_in_code),
    R("ORA-TRUNCATE-001", "TRUNCATE in code (an implicit commit in Oracle)", MEDIUM, "transaction", "PostgreSQL TRUNCATE is transactional and takes an ACCESS EXCLUSIVE lock; REUSE/DROP STORAGE clauses drop.", 0.25, 0.5, custom=_truncate),
    R("ORA-SAVEPOINT-001", "SAVEPOINT / ROLLBACK TO in PL/SQL", HIGH, "transaction", "PL/pgSQL has no SAVEPOINT statement: use a nested BEGIN ... EXCEPTION block.", 1, 2, tokens="SAVEPOINT"),
    R("ORA-WHENOTHERS-001", "WHEN OTHERS THEN NULL swallows every error", HIGH, "procedural", "Catch the specific condition, or at least log and re-raise; converted as-is it hides data loss.", 0.5, 1, tokens="WHEN OTHERS THEN NULL"),
    R("ORA-WHENOTHERS-002", "WHEN OTHERS handler", LOW, "procedural", "Review: PL/pgSQL's EXCEPTION block also rolls back the block's work (a subtransaction).", 0.25, 0.5, tokens="WHEN OTHERS THEN", unless="NULL"),
    R("ORA-EXCEPTIONINIT-001", "PRAGMA EXCEPTION_INIT (ORA- error numbers)", MEDIUM, "procedural", "Map each ORA- code to a SQLSTATE condition name.", 0.5, 1, tokens="PRAGMA EXCEPTION_INIT"),
    R("ORA-RAISEAPP-001", "RAISE_APPLICATION_ERROR", LOW, "procedural", "RAISE EXCEPTION '...' USING ERRCODE = 'P0001'; callers testing -20xxx codes must change too.", 0.1, 0.5, tokens="RAISE_APPLICATION_ERROR"),
    R("ORA-SQLCODE-001", "SQLCODE/SQLERRM", LOW, "procedural", "SQLSTATE / SQLERRM; numeric ORA- codes do not exist.", 0.1, 0.5, tokens="SQLCODE|SQLERRM"),
    R("ORA-BULKCOLLECT-001", "BULK COLLECT", MEDIUM, "procedural", "SELECT array_agg(...) INTO, or loop over the query; LIMIT batches become a cursor loop.", 0.5, 2, tokens="BULK COLLECT"),
    R("ORA-FORALL-001", "FORALL", MEDIUM, "procedural", "One set-based INSERT/UPDATE ... SELECT FROM unnest(array); SAVE EXCEPTIONS needs a redesign.", 0.5, 2, tokens="FORALL"),
    R("ORA-DYNSQL-001", "EXECUTE IMMEDIATE (dynamic SQL)", HIGH, "procedural", "EXECUTE format(...) USING ...; the SQL text inside the string is still Oracle and must be converted by hand.", 1, 2, tokens="EXECUTE IMMEDIATE"),
    R("ORA-REFCURSOR-001", "REF CURSOR / SYS_REFCURSOR", MEDIUM, "procedural", "refcursor; callers must FETCH in the same transaction.", 0.5, 2, tokens="SYS_REFCURSOR|REFCURSOR"),
    R("ORA-CURSORATTR-001", "cursor attributes (%FOUND, %NOTFOUND, %ROWCOUNT, %ISOPEN)", LOW, "procedural", "FOUND / GET DIAGNOSTICS n = ROW_COUNT; SQL%ROWCOUNT after the statement only.", 0.1, 0.5, tokens="% FOUND|NOTFOUND|ROWCOUNT|ISOPEN"),
    R("ORA-COLLECTION-001", "nested table collection (TABLE OF)", MEDIUM, "procedural", "PostgreSQL arrays; methods (.COUNT, .EXTEND, .DELETE) are rewritten; TABLE() casts become unnest().", 1, 4, tokens="TABLE OF"),
    R("ORA-COLLECTION-002", "associative array (INDEX BY)", MEDIUM, "procedural", "jsonb or hstore keyed by the index, or a temporary table; iteration order (FIRST/NEXT) needs ORDER BY.", 1, 4, tokens="INDEX BY"),
    R("ORA-COLLECTION-003", "VARRAY", MEDIUM, "procedural", "A PostgreSQL array (limits are not enforced: add a CHECK on cardinality).", 0.5, 2, tokens="VARRAY"),
    R("ORA-PIPELINED-001", "PIPELINED table function", MEDIUM, "procedural", "RETURNS SETOF / TABLE with RETURN NEXT (or RETURN QUERY); PIPE ROW becomes RETURN NEXT.", 1, 2, tokens="PIPELINED"),
    R("ORA-RESULTCACHE-001", "RESULT_CACHE / DETERMINISTIC function", LOW, "procedural", "No result cache: mark IMMUTABLE/STABLE honestly (an IMMUTABLE that reads tables returns stale data), or cache in the application.", 0.25, 0.5, tokens="RESULT_CACHE|DETERMINISTIC"),
    R("ORA-AUTHID-001", "AUTHID CURRENT_USER (invoker rights)", LOW, "security", "SECURITY INVOKER (the PostgreSQL default); definer-rights routines become SECURITY DEFINER with SET search_path.", 0.25, 0.5, tokens="AUTHID CURRENT_USER"),
    R("ORA-ACCESSIBLE-001", "ACCESSIBLE BY clause", LOW, "security", "No equivalent: restrict with GRANT EXECUTE to the calling roles only.", 0.25, 0.5, tokens="ACCESSIBLE BY"),
    R("ORA-OUTPARAM-001", "OUT / IN OUT parameters", LOW, "procedural", "Functions with OUT parameters return a record; callers read the result columns; NOCOPY drops.", 0.1, 1, tokens="OUT"),
    R("ORA-FORUPDATE-001", "SELECT ... FOR UPDATE OF / WAIT n", LOW, "procedural", "FOR UPDATE [NOWAIT | SKIP LOCKED]; WAIT n becomes SET lock_timeout; OF column lists name tables instead.", 0.25, 0.5, tokens="FOR UPDATE OF|WAIT"),
    R("ORA-GOTO-001", "GOTO", HIGH, "procedural", "PL/pgSQL has no GOTO: restructure with loops and EXIT/CONTINUE.", 1, 1, tokens="GOTO"),
    R("ORA-COMPOUNDTRG-001", "compound trigger", HIGH, "procedural", "Split into statement- and row-level triggers with a transition table.", 4, 4, tokens="COMPOUND TRIGGER"),
    R("ORA-PACKAGESTATE-001", "package variable (session state)", HIGH, "procedural", "Keep it in a session setting (set_config/current_setting) or a temp table; pooled sessions share it.", 2, 4, model=_package_variables),
    *package_rules(),
    # -- schema objects --------------------------------------------------------------------------------
    R("ORA-PACKAGE-001", "package body", MEDIUM, "schema", "Becomes a schema of functions and procedures; private members stay private only by convention.", 2, 4, model=m.routines_where(lambda r: r.kind is RoutineKind.PACKAGE_BODY)),
    R("ORA-OBJTYPE-001", "object type / type body", HIGH, "schema", "Composite types for data; member methods become functions taking the type.", 4, 8, model=m.routines_where(lambda r: r.kind in (RoutineKind.TYPE, RoutineKind.TYPE_BODY))),
    R("ORA-JAVA-001", "Java stored procedure", BLOCKER, "schema", "No Java in Aurora: rewrite in PL/pgSQL or move to a Lambda called through aws_lambda.", 16, 8, model=m.either(m.routines_where(lambda r: r.language.lower() == "java"), m.features("java_source", "java_class"))),
    R("ORA-LIBRARY-001", "external procedure library (C callouts)", BLOCKER, "schema", "No native code on Aurora: move the library's work to a Lambda (aws_lambda.invoke) or the application.", 16, 8, model=m.features("library")),
    R("ORA-INVALID-001", "object is INVALID in the source", MEDIUM, "schema", "Fix or drop it in Oracle first; an invalid object cannot be verified after conversion.", 1, 0, model=m.routines_where(lambda r: not r.valid)),
    R("ORA-GTT-001", "global temporary table", HIGH, "schema", "CREATE TEMP TABLE per session (or the pgtt extension, not on Aurora); ON COMMIT DELETE/PRESERVE ROWS maps.", 2, 4, model=m.tables_where(lambda t: t.kind == "global_temporary", lambda t: f"ON COMMIT {t.temporary_scope or ''}")),
    R("ORA-PARTITION-001", "partitioned table (range/list/hash)", MEDIUM, "schema", "Declarative partitioning; a PRIMARY KEY must include the partition key; no global indexes.", 2, 4, model=m.tables_where(lambda t: _partition_method(t) in ("range", "list", "hash"), _partition_clause)),
    R("ORA-PARTITION-002", "interval/reference/system partitioning", HIGH, "schema", "No interval or reference partitioning: pre-create partitions (pg_partman is on Aurora) or redesign.", 4, 4, model=m.tables_where(lambda t: _partition_method(t) not in ("", "range", "list", "hash"), _partition_clause)),
    R("ORA-IOT-001", "index-organized table", LOW, "schema", "A heap table with a primary key; CLUSTER once if scans by key matter.", 0.25, 0.5, model=m.tables_where(lambda t: t.kind == "iot", lambda t: "ORGANIZATION INDEX")),
    R("ORA-EXTTABLE-001", "external table", HIGH, "schema", "file_fdw is not on Aurora: load from S3 with aws_s3.table_import_from_s3.", 4, 4, model=m.tables_where(lambda t: t.kind == "external", lambda t: "ORGANIZATION EXTERNAL")),
    R("ORA-BITMAP-001", "bitmap index", LOW, "schema", "B-tree (PostgreSQL builds bitmaps at query time), or BRIN for low-cardinality, append-only data.", 0.1, 0.5, model=m.indexes_where(lambda i: i.kind == "bitmap")),
    R("ORA-REVERSE-001", "reverse key index", LOW, "schema", "Plain B-tree (or a hash index); reverse keys solve an Oracle block-contention problem.", 0.1, 0.25, model=m.indexes_where(lambda i: i.kind == "reverse")),
    R("ORA-FBI-001", "function-based index", LOW, "schema", "Expression index; every function in it must be IMMUTABLE in PostgreSQL.", 0.25, 0.5, model=m.indexes_where(lambda i: i.kind == "function" or any(c.is_expression for c in i.columns))),
    R("ORA-DEFERRABLE-001", "deferrable constraint", LOW, "schema", "PostgreSQL defers PK/UNIQUE/FK (not CHECK or NOT NULL); unique checks deferred also block ON CONFLICT.", 0.25, 0.5, model=m.constraints_where(lambda c: c.deferrable)),
    R("ORA-NOVALIDATE-001", "disabled or NOVALIDATE constraint", MEDIUM, "schema", "FK/CHECK can be NOT VALID; others must be clean before they can be created. Clean the data or drop it.", 0.5, 0.5, model=m.constraints_where(lambda c: not c.enabled or not c.validated)),
    R("ORA-SEQ28-001", "sequence beyond bigint (28-digit MAXVALUE)", MEDIUM, "schema", "PostgreSQL sequences are bigint: cap MAXVALUE at 9223372036854775807 (check the current value fits).", 0.1, 0.25, model=m.sequences_where(m.beyond_bigint, lambda s: f"MAXVALUE {s.max_value}")),
    R("ORA-MVIEW-001", "materialized view", MEDIUM, "schema", "CREATE MATERIALIZED VIEW + a scheduled REFRESH (pg_cron); no query rewrite.", 1, 2, model=m.views_where(lambda v: v.materialized, lambda v: v.refresh or "materialized")),
    R("ORA-MVIEW-002", "FAST / ON COMMIT materialized view refresh", HIGH, "schema", "No incremental refresh in PostgreSQL: triggers maintaining a table, or REFRESH ... CONCURRENTLY on a schedule.", 4, 4, model=m.views_where(lambda v: v.materialized and any(k in (v.refresh or "").upper() for k in ("FAST", "COMMIT")), lambda v: v.refresh or "")),
    R("ORA-TRIGGER-001", "trigger", LOW, "schema", "A trigger function plus CREATE TRIGGER; :NEW/:OLD become NEW/OLD.", 0.5, 1, model=m.triggers_where(lambda t: True)),
    R("ORA-SYSTRIGGER-001", "database/DDL event trigger (LOGON, DDL, SERVERERROR)", HIGH, "schema", "Event triggers cover DDL only and need rds_superuser; LOGON logic moves to the app or pgaudit.", 4, 4, model=m.triggers_where(lambda t: any(e.upper() in ("LOGON", "LOGOFF", "STARTUP", "SHUTDOWN", "DDL", "SERVERERROR", "CREATE", "ALTER", "DROP") for e in t.events ) )),
    R("ORA-DBLINK-001", "database link", HIGH, "operations", "A foreign server: oracle_fdw (on Aurora) to a remote Oracle, postgres_fdw to a migrated peer; needs network reach from the VPC. Or replicate the data with DMS.", 8, 4, model=m.db_links()),
    R("ORA-SYNONYM-001", "private synonym", LOW, "schema", "Resolve to the qualified name, or a view / search_path entry.", 0.1, 0.5, model=m.synonyms(public=False)),
    R("ORA-SYNONYM-002", "public synonym", MEDIUM, "schema", "No public synonyms: add the schema to search_path or create views in a shared schema.", 0.25, 1, model=m.synonyms(public=True)),
    R("ORA-SYNONYM-003", "synonym for a remote object (over a DB link)", HIGH, "schema", "Same as the DB link: the remote data must come into Aurora or be reached another way.", 2, 1, model=m.synonyms(remote=True)),
    R("ORA-JOB-001", "scheduler job (DBMS_SCHEDULER / DBMS_JOB)", MEDIUM, "operations", "pg_cron on Aurora/RDS, or EventBridge Scheduler; calendar syntax must be translated.", 1, 2, model=m.jobs()),
    # -- types -------------------------------------------------------------------------------------------
    R("ORA-DATE-001", "DATE carries a time of day", MEDIUM, "type", "Map to timestamp(0), not date, unless every value is midnight; code doing DATE arithmetic changes too.", 0.05, 1, model=m.column_types("DATE")),
    R("ORA-LONG-001", "LONG / LONG RAW column", HIGH, "type", "text / bytea; LONG cannot be read by most tools, DMS needs full LOB mode.", 1, 1, model=m.column_types("LONG", "LONG RAW")),
    R("ORA-XMLTYPE-001", "XMLTYPE column", HIGH, "type", "xml type; XMLType methods and XML indexes have no equivalent.", 2, 4, model=m.column_family(TypeFamily.XML)),
    R("ORA-SPATIAL-001", "SDO_GEOMETRY column", HIGH, "type", "PostGIS geometry (postgis on Aurora); DMS does not migrate SDO_GEOMETRY, plan an export.", 4, 8, model=m.column_family(TypeFamily.SPATIAL)),
    R("ORA-BFILE-001", "BFILE column (file outside the database)", HIGH, "type", "Store the file in S3 and keep its key; no server files on Aurora.", 4, 2, model=m.column_types("BFILE")),
    R("ORA-LOB-001", "CLOB/NCLOB/BLOB column", LOW, "type", "text / bytea; size DMS LOB settings from the observed maximum.", 0.1, 0.5, model=m.column_types("CLOB", "NCLOB", "BLOB")),
    R("ORA-ROWIDTYPE-001", "ROWID/UROWID column", MEDIUM, "type", "Stored ROWIDs point at Oracle blocks: store the referenced primary key instead.", 1, 1, model=m.column_family(TypeFamily.ROWID)),
    R("ORA-NUMBER-001", "NUMBER without precision", LOW, "type", "numeric is exact but slower than bigint/double; choose per column from the data.", 0.05, 0.5, model=m.columns_where(lambda c: c.type.name == "NUMBER" and c.type.precision is None)),
    R("ORA-TSLTZ-001", "TIMESTAMP WITH LOCAL TIME ZONE", LOW, "type", "timestamptz; display follows the session TimeZone setting.", 0.1, 0.5, model=m.column_types("TIMESTAMP WITH LOCAL TIME ZONE")),
    R("ORA-BYTESEM-001", "VARCHAR2 length in BYTE", INFO, "type", "PostgreSQL lengths count characters: varchar(n) holds at least as much; no action unless checks rely on bytes.", 0, 0, model=m.columns_where(lambda c: c.type.char_semantics == "BYTE")),
    # -- names --------------------------------------------------------------------------------------------
    R("ORA-NAMELEN-001", "identifier longer than 63 bytes", HIGH, "names", "PostgreSQL truncates to 63 bytes (and two such names can collide): shorten via schema_map/renames.", 0.25, 0.5, model=m.names_where(m.too_long, "longer than 63 bytes")),
    R("ORA-RESERVED-001", "name is a PostgreSQL reserved word", LOW, "names", "Rename, or quote it in every statement forever after.", 0.1, 0.25, model=m.names_where(m.reserved, "PostgreSQL reserved word")),
    R("ORA-CASE-001", "case-sensitive (quoted) name", MEDIUM, "names", "PostgreSQL folds unquoted names to lower case: keep the quotes everywhere, or rename to lower case.", 0.1, 0.5, model=m.names_where(m.not_upper, "created with quotes in mixed/lower case")),
)
# fmt: on
