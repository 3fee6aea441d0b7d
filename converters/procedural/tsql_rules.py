"""Every finding the T-SQL procedural converter can raise: stable rule id -> severity, message, remedy, effort.

Same shape as converters/rewrites/rules.py (the query rewrites' own findings come with their own ids). A HIGH
finding makes the unit manual: its partially converted body is kept in the output with the action items.
`effort_hours` is the per-occurrence estimate for a person finishing the job.
"""

from __future__ import annotations

from converters.rewrites.rules import Rule
from migrate.model import Finding, Location, Severity

H, M, L, INFO = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO

TSQL_RULES: dict[str, Rule] = {
    "PROC-TSQL-PARSE-001": Rule(
        H, "Statement not understood by the T-SQL converter; kept as a comment", "Convert this statement by hand.", 1.0
    ),
    "PROC-TSQL-HEADER-001": Rule(
        H, "The unit's header (name, parameters, RETURNS) could not be read", "Convert the unit by hand.", 2.0
    ),
    "PROC-TSQL-CLR-001": Rule(
        H,
        "CLR / external module (EXTERNAL NAME): the code lives in a .NET assembly, not in T-SQL",
        "Rewrite the assembly's logic in PL/pgSQL (or an extension language such as PL/Python).",
        8.0,
    ),
    "PROC-TSQL-ENCRYPTED-001": Rule(
        H,
        "WITH ENCRYPTION: the module text is obfuscated on the server; what was scripted may not be its code",
        "Get the unencrypted source from its owner and convert again.",
        4.0,
    ),
    "PROC-TSQL-GOTO-001": Rule(
        H,
        "A GOTO backwards or into another statement list (forward GOTOs to a label of the same list convert)",
        "Restructure with loops, EXIT and IF by hand.",
        1.0,
    ),
    "PROC-TSQL-SAVETRAN-001": Rule(
        H,
        "SAVE TRANSACTION / ROLLBACK to a savepoint in a shape a BEGIN ... EXCEPTION block does not reproduce "
        "exactly (see docs/tsql-procedural.md)",
        "Wrap the part that may be undone in BEGIN ... EXCEPTION WHEN OTHERS THEN ... END.",
        1.0,
    ),
    "PROC-TSQL-TRAN-001": Rule(
        H,
        "Transaction control outside a procedure, or in a shape with no exact PL/pgSQL form",
        "Move transaction control to the caller or to a procedure; see docs/tsql-procedural.md.",
        1.0,
    ),
    "PROC-TSQL-TRAN-002": Rule(
        L,
        "BEGIN TRAN / COMMIT / ROLLBACK inside TRY...CATCH dropped: the BEGIN ... EXCEPTION block is atomic "
        "(its changes are undone when the CATCH part runs)",
        "Nothing to do; callers inside an explicit transaction keep their own.",
        0.0,
    ),
    "PROC-TSQL-TRAN-003": Rule(
        H,
        "The CATCH block writes data and then re-raises: in PostgreSQL the re-raised error rolls the write back",
        "Log the error from the caller, or write it through dblink (an autonomous transaction).",
        1.0,
    ),
    "PROC-TSQL-TRAN-004": Rule(
        L,
        "COMMIT / ROLLBACK in a procedure: PostgreSQL allows it only when the CALL is not inside an explicit "
        "transaction block",
        "Call the procedure in autocommit mode.",
        0.1,
    ),
    "PROC-TSQL-TRANCOUNT-001": Rule(
        H,
        "@@TRANCOUNT / XACT_STATE() used outside the CATCH ... ROLLBACK idiom",
        "Rewrite the transaction logic by hand.",
        0.5,
    ),
    "PROC-TSQL-RESULTSET-001": Rule(
        INFO,
        "The procedure returns a result set: it is opened on an INOUT refcursor parameter (see "
        "docs/tsql-procedural.md); callers FETCH from it in the same transaction",
        "Adjust the application: BEGIN; CALL p(..., 'rs1'); FETCH ALL FROM rs1; COMMIT;",
        0.25,
    ),
    "PROC-TSQL-RESULTSET-002": Rule(
        H,
        "A result set in a function, a trigger, or after COMMIT in a procedure cannot be returned to the caller",
        "Return the rows from a function (RETURNS TABLE) or move the COMMIT to the caller.",
        1.0,
    ),
    "PROC-TSQL-TYPE-001": Rule(
        H,
        "A result column's type could not be inferred for RETURNS TABLE",
        "Write the column types of RETURNS TABLE by hand.",
        0.5,
    ),
    "PROC-TSQL-RAISERROR-001": Rule(
        M,
        "RAISERROR with a message number or a format PostgreSQL cannot fill exactly",
        "Check the message text of the converted RAISE.",
        0.25,
    ),
    "PROC-TSQL-RAISERROR-002": Rule(
        L,
        "RAISERROR outside TRY does not stop SQL Server's batch; RAISE EXCEPTION stops the routine",
        "Check that nothing after it was meant to run.",
        0.1,
    ),
    "PROC-TSQL-ERRORNUM-001": Rule(
        L,
        "ERROR_NUMBER(): PostgreSQL errors carry a SQLSTATE; the number is mapped back for the SQL Server "
        "errors listed in docs/tsql-procedural.md and is 50000 for others",
        "Compare SQLSTATE values instead of error numbers where the code branches on them.",
        0.1,
    ),
    "PROC-TSQL-ERROR-001": Rule(
        H,
        "@@ERROR not right after an INSERT / UPDATE / DELETE / MERGE (after EXEC, IF, SET...): what it holds there "
        "cannot be told",
        "Use BEGIN ... EXCEPTION around the statement.",
        0.5,
    ),
    "PROC-TSQL-IDENTITY-001": Rule(
        M,
        "SCOPE_IDENTITY() / @@IDENTITY not right after a single-row INSERT: lastval() is used, which a trigger "
        "or a default calling nextval() can change",
        "Use INSERT ... RETURNING id INTO v_id where the key is read.",
        0.25,
    ),
    "PROC-TSQL-CURSOR-001": Rule(
        H,
        "Cursor form with no PL/pgSQL equivalent (DYNAMIC / KEYSET / GLOBAL cursor, scrolling a forward-only or "
        "FOR UPDATE cursor, FETCH without INTO, cursor variable)",
        "Rewrite the cursor by hand (FOR rec IN query LOOP is the usual form).",
        1.0,
    ),
    "PROC-TSQL-EXEC-001": Rule(
        H,
        "EXEC of a system or remote procedure, INSERT ... EXEC of one (or into a table whose columns are not known), "
        "or sp_executesql with OUTPUT parameters not in a converted form",
        "Rewrite the call by hand (pg_catalog functions replace most sp_ / xp_ procedures).",
        1.0,
    ),
    "PROC-TSQL-DYNAMIC-001": Rule(
        M,
        "Dynamic SQL: the statement text is built at run time and runs unconverted (EXECUTE)",
        "Check that the SQL text it builds is PostgreSQL.",
        0.5,
    ),
    "PROC-TSQL-DYNAMIC-002": Rule(
        H,
        "Dynamic SQL built at run time: whether it returns rows (a result set for the client) cannot be told",
        "Use OPEN result_set_n FOR EXECUTE ... if it is a SELECT, EXECUTE ... if not.",
        0.5,
    ),
    "PROC-TSQL-SETOPT-001": Rule(
        INFO, "SET option with no effect in PostgreSQL dropped (NOCOUNT, ANSI_NULLS, XACT_ABORT...)", "", 0.0
    ),
    "PROC-TSQL-SETOPT-002": Rule(
        H,
        "SET option that changes behaviour (IDENTITY_INSERT, DATEFIRST, LANGUAGE, ROWCOUNT...)",
        "Rewrite by hand (IDENTITY_INSERT: OVERRIDING SYSTEM VALUE on the INSERT).",
        0.5,
    ),
    "PROC-TSQL-TRIGGER-001": Rule(
        H,
        "Trigger form with no PL/pgSQL equivalent (DDL / LOGON trigger, UPDATE() in INSTEAD OF)",
        "Rewrite the trigger by hand.",
        2.0,
    ),
    "PROC-TSQL-TRIGGER-003": Rule(
        H,
        "COLUMNS_UPDATED(): a bit mask by sys.columns.column_id, which scripts do not carry (dropped columns leave "
        "gaps), and PostgreSQL tells a trigger which columns an UPDATE names only one column at a time",
        "Test the columns by name instead: COLUMNS_UPDATED() & 6 > 0 is UPDATE(b) OR UPDATE(c) for column_ids 2 "
        "and 3; UPDATE(col) converts exactly.",
        0.5,
    ),
    "PROC-TSQL-TRIGGER-004": Rule(
        H,
        "INSTEAD OF trigger on a table: PostgreSQL allows INSTEAD OF triggers on views only",
        "A BEFORE ... FOR EACH ROW trigger returning NULL skips the row, but the body's own statements on the "
        "table would fire it again (SQL Server does not): rewrite the rule as a BEFORE trigger, or put a view in "
        "front of the table for the application.",
        2.0,
    ),
    "PROC-TSQL-TRIGGER-002": Rule(
        L,
        "INSTEAD OF trigger on a view runs once per row in PostgreSQL (FOR EACH ROW); `inserted`/`deleted` hold "
        "that one row",
        "Check bodies that count or aggregate over all the statement's rows.",
        0.25,
    ),
    "PROC-TSQL-SCHEMABINDING-001": Rule(
        INFO, "WITH SCHEMABINDING / EXECUTE AS / RECOMPILE / NATIVE_COMPILATION dropped (no PostgreSQL effect)", "", 0.0
    ),
    "PROC-TSQL-WAITFOR-001": Rule(
        M, "WAITFOR DELAY becomes pg_sleep; WAITFOR TIME / RECEIVE are not converted", "Check the delay.", 0.25
    ),
    "PROC-TSQL-DEFAULTS-001": Rule(
        M,
        "A parameter without a default follows one with a default: PostgreSQL requires defaults to be trailing, "
        "so the earlier defaults were dropped",
        "Callers must now pass those arguments.",
        0.25,
    ),
    "PROC-TSQL-OUTPUTINTO-001": Rule(
        H,
        "MERGE ... OUTPUT to the client or into a temporary table / table variable (MERGE RETURNING needs "
        "PostgreSQL 17, and its rows cannot be typed here)",
        "Rewrite with a data-modifying CTE: WITH x AS (... RETURNING ...) INSERT INTO t SELECT * FROM x.",
        0.5,
    ),
    "PROC-TSQL-OUTPUT-001": Rule(
        H,
        "OUTPUT without INTO (the rows go to the client): a returned column's type could not be known for the "
        "temporary table that holds them",
        "Name the columns (OUTPUT inserted.a, ...) of a table the inventory has, or CAST them.",
        0.25,
    ),
    "PROC-TSQL-TEMP-001": Rule(
        INFO, "#temp table / table variable becomes a TEMPORARY table dropped and created at the same place", "", 0.0
    ),
    "PROC-TSQL-INTERNAL-001": Rule(
        H,
        "The T-SQL converter failed on this unit (a bug in aurora-migrate); its source is kept",
        "Convert the unit by hand, and report the bug with the unit's source.",
        2.0,
    ),
    "PROC-TSQL-UNIT-001": Rule(
        H, "A routine kind or form the T-SQL converter does not handle", "Convert the unit by hand.", 2.0
    ),
}


def tsql_finding(rule_id: str, detail: str = "", location: Location | None = None, snippet: str = "") -> Finding:
    rule = TSQL_RULES[rule_id]
    message = f"{rule.message}: {detail}" if detail else rule.message
    return Finding(
        rule_id,
        rule.severity,
        message,
        location=location,
        remedy=rule.remedy,
        effort_hours=rule.effort_hours,
        snippet=snippet[:300],
        category="code",
    )
