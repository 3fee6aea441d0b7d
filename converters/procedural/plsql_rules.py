"""Every finding the PL/SQL converter can raise: stable rule id -> severity, what it means, how to fix it, effort.

Same shape as converters/rewrites/rules.py (ids never change meaning once released; `effort_hours` is per
occurrence). A HIGH finding means the converted text would not keep the source's meaning: the unit stays manual
with its partially converted body and the action items at their lines. Findings from the embedded SQL statements
come from the query rewriter with its own ids.
"""

from __future__ import annotations

from converters.rewrites.rules import Rule
from migrate.model import Finding, Location, Severity

H, M, L, INFO = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO

RULES: dict[str, Rule] = {
    "AM-PLSQL-001": Rule(H, "The PL/SQL unit did not parse; it was kept unconverted",
                         "Check the source compiles on Oracle (unbalanced blocks, missing END); convert it by hand.",
                         2.0),
    "AM-PLSQL-002": Rule(H, "Wrapped (obfuscated) PL/SQL: its logic cannot be read or converted",
                         "Get the unwrapped source from its owner and convert again.", 4.0),
    "AM-PLSQL-003": Rule(H, "GOTO has no PL/pgSQL form",
                         "Restructure the jump with a labelled block and EXIT label, or a loop and CONTINUE.", 1.0),
    "AM-PLSQL-004": Rule(H, "COMMIT / ROLLBACK inside a function: PostgreSQL allows transaction control only in "
                            "procedures called outside a transaction block",
                         "Make the unit a procedure (CALL it), or move the transaction control to the caller.", 1.0),
    "AM-PLSQL-005": Rule(H, "COMMIT / ROLLBACK inside a block that has an EXCEPTION section: PostgreSQL runs such a "
                            "block in a subtransaction and refuses to end the transaction there",
                         "Move the COMMIT out of the block with the handler, or the handler into a caller.", 1.0),
    "AM-PLSQL-006": Rule(H, "SAVEPOINT / ROLLBACK TO SAVEPOINT / SET TRANSACTION cannot run in PL/pgSQL",
                         "Use a nested BEGIN ... EXCEPTION block: it is a savepoint rolled back on error.", 1.0),
    "AM-PLSQL-007": Rule(H, "PRAGMA AUTONOMOUS_TRANSACTION: PostgreSQL has no autonomous transactions",
                         "Leave conversion.autonomous_server at its default (deploy creates a dblink server back to "
                         "the target) or name a server you created, so it runs through dblink; where the message says why that cannot be exact (package state, a routine "
                         "touching it, an initialisation section), pass the state as parameters, or log to a table "
                         "the caller commits.", 2.0),
    "AM-PLSQL-008": Rule(M, "Dynamic SQL whose text is built at run time: the statement text is Oracle SQL that "
                            "was not converted",
                         "Check the text this EXECUTE builds runs on PostgreSQL (bind :n are $n; no DUAL, NVL...).",
                         0.5),
    "AM-PLSQL-009": Rule(H, "Call to an Oracle built-in package with no exact PostgreSQL equivalent",
                         "Replace the call as the message says (native function, orafce, pg_cron, aws_s3...).", 1.0),
    "AM-PLSQL-010": Rule(H, "A RECORD type declared in PL/SQL: PL/pgSQL cannot declare types in a block",
                         "Create a composite type (CREATE TYPE x AS (...)) and use it, or use %ROWTYPE / record.",
                         0.5),
    "AM-PLSQL-011": Rule(H, "Associative array indexed by a string with no exact jsonb form here: elements that "
                         "are records, objects or collections, keys ordered by a linguistic NLS_SORT, or an "
                         "element used as an INTO target",
                         "Hold records as jsonb objects inside the map (to_jsonb / jsonb_populate_record) or use a "
                         "temporary table keyed by the index; order FIRST / NEXT with the NLS_SORT's collation; "
                         "read INTO a variable, then assign the element.", 1.0),
    "AM-PLSQL-012": Rule(L, "Package variables are session settings (set_config/current_setting): they keep their "
                            "value across calls in a session, but a change made in a transaction that rolls back "
                            "is undone (Oracle keeps it)",
                         "Nothing to do unless the code relies on package state surviving a ROLLBACK.", 0.1),
    "AM-PLSQL-013": Rule(H, "Package initialisation section (BEGIN ... END of a package body) that changes rows: it "
                            "runs once per session in Oracle; here it would run again after a first use that rolled "
                            "back",
                         "Move the row changes out of the section (into a procedure called once), or make them "
                         "idempotent, then convert again.", 1.0),
    "AM-PLSQL-014": Rule(H, "CALL, system or DDL trigger, or a compound trigger whose shared state has no exact form "
                            "here: not converted",
                         "A DDL or system trigger becomes an event trigger; for a compound trigger, give the shared "
                         "variable a declared type (not another variable's %TYPE) or keep the cursor in one point.",
                         2.0),
    "AM-PLSQL-015": Rule(H, "UPDATING('column') is true when the UPDATE names the column; in a BEFORE statement-level "
                            "or INSTEAD OF trigger, or with a column named by an expression, PostgreSQL has no such "
                            "test",
                         "Use CREATE TRIGGER ... UPDATE OF column, or compare NEW.column IS DISTINCT FROM OLD.column "
                         "if that is what the code means.", 0.5),
    "AM-PLSQL-016": Rule(H, "A procedure or function declared inside another: PL/pgSQL has no nested subprograms",
                         "Create it as a routine of its own (in the package schema) and call it by name.", 1.0),
    "AM-PLSQL-017": Rule(H, "A PIPELINED function with OUT parameters: a set-returning PostgreSQL function returns its "
                            "rows or its OUT parameters, not both",
                         "Return the OUT values as columns of the rows, or through a separate function.", 1.0),
    "AM-PLSQL-018": Rule(L, "SQLCODE / SQLERRM: PostgreSQL errors carry a SQLSTATE; the Oracle number is rebuilt for "
                            "the errors in the mapping table, others give -1",
                         "If code branches on SQLCODE values, compare SQLSTATE instead.", 0.25),
    "AM-PLSQL-019": Rule(H, "A PL/SQL construct with no exact PL/pgSQL form was left as written",
                         "Rewrite the flagged statement by hand.", 1.0),
    "AM-PLSQL-020": Rule(H, "A PL/SQL type with no PostgreSQL mapping",
                         "Declare it with a PostgreSQL type by hand (or add a conversion.type_overrides entry).", 0.25),
    "AM-PLSQL-021": Rule(H, "An object type method with no exact PostgreSQL form (MAP/ORDER comparison, SQL naming an "
                            "attribute without SELF, a member changing SELF IN OUT or with OUT parameters), or a type "
                            "body whose type is not in the run",
                         "Write the method as a function taking the composite type as its first argument; compare "
                         "with the MAP value explicitly.", 1.0),
    "AM-PLSQL-022": Rule(H, "An exception name with no PostgreSQL condition and no declaration in scope",
                         "Map it to a SQLSTATE (WHEN SQLSTATE 'xxxxx') by hand.", 0.25),
    "AM-PLSQL-023": Rule(H, "This kind of PL/SQL unit is not converted (anonymous block, external routine, Java)",
                         "Convert it by hand.", 1.0),
    "AM-PLSQL-025": Rule(M, "A procedure that commits cannot carry SET search_path: its unqualified table names "
                            "resolve through the caller's search_path (Oracle: the owner's schema)",
                         "Keep the owner's schema on the application role's search_path, or qualify the names.", 0.1),
    "AM-PLSQL-026": Rule(M, "Calls a routine that stays manual: this routine deploys once that one exists",
                         "Finish the called routine, deploy it, then deploy again.", 0.1),
    "AM-PLSQL-027": Rule(H, "An exception handler that can complete after the block changed rows: PostgreSQL rolls "
                            "back the whole block when it catches an error, Oracle keeps the changes made before it",
                         "Wrap only the statement that may fail in its own BEGIN ... EXCEPTION block, or re-raise if "
                         "all-or-nothing was meant.", 1.0),
    "AM-PLSQL-028": Rule(M, "FOLLOWS / PRECEDES: PostgreSQL fires the triggers of one event in name order",
                         "Rename the triggers so their names sort in the order the source declares.", 0.25),
    "AM-PLSQL-029": Rule(H, "The PL/SQL converter failed on this unit (a bug in aurora-migrate): kept unconverted",
                         "Convert it by hand, and report the unit's source so the converter can be fixed.", 2.0),
    "AM-PLSQL-060": Rule(M, "A function with OUT parameters and a RETURN value becomes a function returning one row: "
                            "its OUT parameters, then the RETURN value as the OUT parameter `result`; converted PL/SQL "
                            "callers read it with SELECT * INTO",
                         "Change application code that calls the function to read the row (SELECT * FROM f(...)).",
                         0.25),
    "AM-PLSQL-062": Rule(M, "A function that COMMITs or ROLLBACKs becomes a procedure: PostgreSQL ends transactions "
                            "only in procedures; its RETURN value is its last, OUT parameter `result`, and converted "
                            "PL/SQL callers CALL it (v := f(a) becomes CALL f(a, result => v))",
                         "Change application code that calls the function to CALL it and read `result` (Oracle "
                         "refuses it in a query already: ORA-14552).", 0.25),
    "AM-PLSQL-061": Rule(H, "A call to a function with OUT parameters that PL/pgSQL cannot read in one statement "
                            "(inside an expression, an overload not resolved, or OUT arguments that are not variables)",
                         "Call it alone first (v := f(a, b);) and use v in the expression.", 0.25),
    "AM-PLSQL-080": Rule(H, "Conditional compilation ($IF / $ERROR / $$name) that cannot be resolved at conversion: "
                            "which code Oracle compiles depends on a value the converter does not know",
                         "Set conversion.oracle_version (DBMS_DB_VERSION) and conversion.plsql_ccflags (the source's "
                         "PLSQL_CCFLAGS) as the source database has them, or resolve the $IF by hand.", 0.5),
    "AM-PLSQL-040": Rule(H, "Overloads of this routine become the same PostgreSQL signature (types without their "
                            "modifiers: DATE and TIMESTAMP, NUMBER and INTEGER): one would replace the other",
                         "Rename one overload and its callers, or declare its parameters with distinct types.", 0.5),
    "AM-PLSQL-160": Rule(M, "The package specification declares a routine its body does not define (Oracle does not "
                            "compile such a body: PLS-00323); it is not created, so calls of it fail",
                         "Write the routine in the package body, or remove its declaration and its callers.", 0.25),
    "AM-PLSQL-161": Rule(H, "SQL%ROWCOUNT / SQL%FOUND read in a unit with INSERT ALL / INSERT FIRST: Oracle counts "
                            "the rows of every INTO, its PostgreSQL form (one INSERT per INTO in data-modifying CTEs) "
                            "reports only the last INTO's rows",
                         "Count the rows another way (SELECT count(*) of each target before and after), or split "
                         "the statement into one INSERT ... SELECT per INTO and add their counts.", 0.5),
    "AM-PLSQL-162": Rule(M, "A procedure shares its name and PostgreSQL input types with a function of its package, "
                            "which PostgreSQL cannot hold both of (one namespace for both): the procedure is created "
                            "as name_proc, and every CALL of it in this run names that",
                         "Change callers outside this run (application code, scheduler jobs) to CALL pkg.name_proc, "
                         "or rename it in the source.", 0.25),
    "AM-PLSQL-163": Rule(L, "A package type or variable has no exact PostgreSQL form (its type, or its default "
                            "value): it is left out, and the routines that name it stay manual (AM-PLSQL-020, "
                            "AM-PLSQL-164); the package's other routines convert",
                         "Give the type or the default a PostgreSQL form, or rewrite the routines that use it.", 0.0),
    "AM-PLSQL-164": Rule(H, "Reads or writes a package variable that was left out of the package (AM-PLSQL-163: "
                            "its type or its default value has no exact PostgreSQL form)",
                         "Convert the variable's declaration by hand, then this routine.", 0.5),
    "AM-PLSQL-120": Rule(H, "Names a member its package does not declare: Oracle does not compile this unit either "
                            "(PLS-00302: component must be declared), so there is no behaviour to keep",
                         "Fix the source: declare the member in the package spec, or call the one the package has; "
                         "then convert again.", 0.5),
    "AM-PLSQL-121": Rule(H, "TABLE() of a name that nothing declares (not a variable or parameter of the unit or its "
                            "package, not a column or routine of the run): Oracle does not compile this unit "
                            "(PLS-00201) unless the name is a function outside the run",
                         "Fix the source (a misspelt parameter or variable), or add the function's source to the "
                         "run; then convert again.", 0.5),
    "AM-PLSQL-122": Rule(H, "SQLCODE / SQLERRM / the error stack or backtrace outside an exception handler where the "
                            "converted code cannot hand the caller's error over: Oracle returns the error a handler of "
                            "a caller is handling (0 / 'ORA-0000: normal, successful completion' when none is); here "
                            "the reader runs in another session (autonomous), is a trigger, a method or a nested "
                            "subprogram, or the handler's call may leave before the error is put back (RETURN, EXIT, "
                            "a condition) or end the transaction that holds it (COMMIT / ROLLBACK)",
                         "Pass the error code and message from the handler as parameters (SQLCODE, SQLERRM there), "
                         "or read them in the handler.", 0.5),
    "AM-PLSQL-125": Rule(L, "SQLCODE / SQLERRM / DBMS_UTILITY.FORMAT_ERROR_STACK / FORMAT_ERROR_BACKTRACE outside an "
                            "exception handler read the error a calling handler published: every converted handler "
                            "that calls this routine (directly or through others) publishes its error around the "
                            "call; a caller outside the converted code (application SQL, a hand-written routine) "
                            "publishes nothing, so the routine reads 0 / 'ORA-0000: normal, successful completion'",
                         "Nothing to do for converted callers; code outside the run that calls it from an error "
                         "handler sets aurora_migrate.sqlcode / sqlerrm / backtrace with set_config(..., true) "
                         "first.", 0.1),
    "AM-PLSQL-123": Rule(L, "DBMS_UTILITY.FORMAT_ERROR_BACKTRACE in an exception handler: the text is PostgreSQL's "
                            "error context (the converted routines and their line numbers, in PostgreSQL's words), "
                            "not Oracle's ORA-06512 lines",
                         "Nothing to do where it is logged or shown; code that reads Oracle's layout out of it is "
                         "kept manual (AM-PLSQL-009).", 0.1),
    "AM-PLSQL-126": Rule(L, "A parameter without a default after one with a default: PostgreSQL requires a default on "
                            "every later parameter, so it is DEFAULT NULL; Oracle compiles only calls that pass it, and "
                            "those run the same (a call that leaves it out, an error in Oracle, runs with NULL)",
                         "Nothing to do for converted callers; application calls must pass it, as in Oracle.", 0.05),
    "AM-PLSQL-127": Rule(L, "DBMS_SESSION.SET_CONTEXT / CLEAR_CONTEXT / CLEAR_ALL_CONTEXT of a local application "
                            "context write the session setting aurora_migrate.app_context: the value is visible at "
                            "once and for the rest of the session, but a change made in a transaction that rolls "
                            "back is undone (Oracle keeps it); a value is kept whole where Oracle documents a 4 KB "
                            "limit (SYS_CONTEXT returns at most 4000 bytes of it in both)",
                         "Nothing to do unless the code relies on a context value surviving a ROLLBACK.", 0.1),
    "AM-PLSQL-128": Rule(M, "An application context whose CREATE CONTEXT is not in the run: its DBMS_SESSION calls "
                            "are converted as for a local context (CREATE CONTEXT's default), which is wrong for one "
                            "ACCESSED GLOBALLY or INITIALIZED EXTERNALLY / GLOBALLY",
                         "Add the CREATE CONTEXT statement to the export (DBMS_METADATA.GET_DDL('CONTEXT', name)) "
                         "and convert again.", 0.05),
    "AM-PLSQL-124": Rule(L, "Oracle's statement-level rollback kept with one subtransaction per statement that can "
                            "fail after a change: the handlers run on the same error and the earlier changes stay, "
                            "as in Oracle, but each protected statement costs a subtransaction (slower in loops)",
                         "Nothing to do; in a hot loop, consider whether all-or-nothing (re-raise) was meant.", 0.1),
    "AM-PLSQL-129": Rule(H, "An overload whose required parameter after a defaulted one gets DEFAULT NULL (AM-PLSQL-126) "
                            "would take the calls of another overload of the same name: PostgreSQL finds both and "
                            "refuses the call as not unique, where Oracle's required parameter tells them apart",
                         "Give the parameter a default in the source (or rename one overload) and convert again; or "
                         "create this overload by hand without the defaults before it.", 0.5),
    "AM-PLSQL-140": Rule(H, "An object type UNDER a NOT FINAL supertype: PostgreSQL composite types have no "
                            "inheritance, and a variable or collection of the supertype holds the subtype's objects, "
                            "whose overriding methods Oracle runs (dynamic dispatch)",
                         "Convert the hierarchy as one: a composite type of the root carrying the concrete type's "
                         "name and every subtype's attributes, a domain per subtype, a constructor per subtype "
                         "setting the name, each overridden method a function dispatching on the name with CASE, "
                         "TREAT / IS OF as tests on it; then finish the subtypes' methods (AM-PLSQL-141).", 3.0),
    "AM-PLSQL-141": Rule(H, "Code that needs an object type hierarchy converted first: a subtype's methods, "
                            "constructor or variables, or a call of a method that a subtype overrides (Oracle runs "
                            "the override of the object's own type; a converted call would always run the "
                            "supertype's)",
                         "Write it once the hierarchy is converted (AM-PLSQL-140), calling the dispatching function.",
                         0.5),
    "AM-PLSQL-100": Rule(H, "DBMS_DB_VERSION read as a value: VERSION, RELEASE and VER_LE_n are constants of the "
                            "Oracle release the code is compiled on, and conversion.oracle_version is not set",
                         "Set conversion.oracle_version to the source database's release (\"19\", \"12.2\") and "
                         "convert again.", 0.1),
}  # fmt: skip


def plsql_finding(rule_id: str, detail: str = "", location: Location | None = None, snippet: str = "") -> Finding:
    rule = RULES[rule_id]
    message = f"{rule.message}: {detail}" if detail else rule.message
    return Finding(rule_id, rule.severity, message, location=location, remedy=rule.remedy, snippet=snippet[:300],
                   effort_hours=rule.effort_hours, category="procedural")  # fmt: skip
