"""`@@ERROR` after a data statement -> the error that statement raised, caught exactly as SQL Server would see it.

SQL Server (XACT_ABORT OFF, its default) ends only the failing *statement* for the errors below and goes on with
the next one, where `IF @@ERROR <> 0` sees the error number; every other error (conversion, arithmetic with
ARITHABORT ON, deadlock...) aborts the batch, so the next statement never runs. The data statement right before
a statement that reads @@ERROR is therefore run in a `BEGIN ... EXCEPTION` block (PostgreSQL undoes the failing
statement, as SQL Server does): the statement-ending errors set `v_error` to SQL Server's number and go on; any
other error is raised again (the batch ends). Where no error can reach the next statement -- XACT_ABORT ON,
inside TRY (errors go to CATCH), in a trigger (errors end the batch) -- @@ERROR is 0 when it is read.

The first statement of an IF's branch reads the IF's own @@ERROR: 0 when its condition cannot fail (variables,
literals, comparisons, AND / OR / NOT, IS NULL), as SQL Server resets @@ERROR on every statement, IF included.

Any other read of @@ERROR (after EXEC, a SET...) stays PROC-TSQL-ERROR-001. After EXEC it holds the error of the
callee's last statement, which a converted callee raises instead of going on."""

from __future__ import annotations

import re
from collections.abc import Callable

from converters.procedural.tsql_emit import Emitter
from converters.procedural.tsql_parse import Node
from converters.procedural.tsql_scope import Scope
from converters.procedural.tsql_tokens import main_word

# SQLSTATE -> the SQL Server error number of the errors that end only the statement (XACT_ABORT OFF)
STATEMENT_ERRORS = {
    "23505": 2627,  # unique / primary key violation
    "23503": 547,  # foreign key violation
    "23514": 547,  # CHECK violation
    "23502": 515,  # NULL into a NOT NULL column
    "22001": 8152,  # string or binary data would be truncated
    "21000": 512,  # a subquery returned more than one value
}
DATA_STATEMENTS = frozenset({"insert", "update", "delete", "merge"})
_XACT_ABORT = re.compile(r"\bSET\s+XACT_ABORT\s+(ON|OFF)\b", re.IGNORECASE)

Emit = Callable[[Node, Scope, Emitter], None]


def reads_error(node: Node | None) -> bool:
    """The statement itself (an IF condition, a SET, a SELECT, a RETURN) reads @@ERROR. Not a WHILE condition: it
    is read again after each pass, where @@ERROR is the loop body's last statement's."""
    if node is None or node.problem or node.kind == "while":
        return False
    return any(t.upper == "@@ERROR" for t in node.tokens)


_SAFE_WORDS = frozenset({"(", ")", "=", "<>", "!=", "<", ">", "<=", ">=", "AND", "OR", "NOT", "IS", "NULL", "@@ERROR",
                         "@@ROWCOUNT"})  # fmt: skip


def branch_reading_error(node: Node) -> Node | None:
    """The first statement of an IF's then- or else-branch when it reads @@ERROR and the IF's condition cannot
    fail (so @@ERROR there is 0)."""
    safe = all(
        (t.upper or t.text) in _SAFE_WORDS or t.kind in ("number", "string") or _variable(t.upper) for t in node.tokens
    )
    for branch in (node.body, node.orelse):
        first = branch[0] if branch else None
        while first is not None and first.kind == "block" and first.body:
            first = first.body[0]
        if safe and reads_error(first):
            return first
    return None


def _variable(word: str) -> bool:
    return word.startswith("@") and not word.startswith("@@")


def _data_statement(node: Node) -> bool:
    if node.problem:
        return False
    if node.kind == "with":
        return main_word(node.tokens) in ("INSERT", "UPDATE", "DELETE", "MERGE")
    return node.kind in DATA_STATEMENTS


def _never_continues(node: Node, scope: Scope) -> bool:
    """No error of this statement can reach the next one: XACT_ABORT ON before it, TRY, a trigger."""
    switches = [m for m in _XACT_ABORT.finditer(scope.text) if m.start() < node.tokens[0].start]
    return bool(scope.in_try or scope.kind == "trigger" or (switches and switches[-1].group(1).upper() == "ON"))


def emit_checked(node: Node, following: Node | None, scope: Scope, out: Emitter, emit: Emit) -> bool:
    """Emit `node` so that `following` can read its @@ERROR; False when `node` is not a data statement (the
    caller emits it as usual, and the read of @@ERROR stays a finding)."""
    if not reads_error(following) or not _data_statement(node):
        return False
    error = scope.internal("v_error", "integer")
    scope.error_node = following
    if _never_continues(node, scope):
        emit(node, scope, out)
        out.line(f"{error} := 0;  -- @@ERROR: an error here would not reach the next statement")
        return True
    state = scope.internal("v_error_sqlstate", "text")
    out.line("BEGIN  -- @@ERROR is read next: the statement's own error ends only the statement")
    with out.indented():
        emit(node, scope, out)
        out.line(f"{error} := 0;")
    out.line("EXCEPTION WHEN OTHERS THEN")
    with out.indented():
        out.line(f"GET STACKED DIAGNOSTICS {state} = RETURNED_SQLSTATE;")
        codes = ", ".join(f"'{code}'" for code in STATEMENT_ERRORS)
        out.line(f"IF {state} NOT IN ({codes}) THEN")
        out.line("    RAISE;  -- SQL Server ends the batch on this error")
        out.line("END IF;")
        cases = " ".join(f"WHEN '{code}' THEN {number}" for code, number in STATEMENT_ERRORS.items())
        out.line(f"{error} := CASE {state} {cases} END;")
        if scope.rowcount:
            out.line(f"{scope.internal('v_rowcount', 'bigint')} := 0;")
    out.line("END;")
    return True
