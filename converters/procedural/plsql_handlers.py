"""Where an EXCEPTION section changes what a block keeps.

PL/pgSQL runs a block that has an EXCEPTION section in a subtransaction: when a handler catches an error, every
change the block made is rolled back. Oracle rolls back only the failing statement and keeps the block's earlier
changes. The two agree when the handlers always re-raise (the whole call fails in both), or when the block's only
change is its last statement (the failing statement is then the change itself, undone in both). Anything else
keeps a different set of rows: AM-PLSQL-027. (PL/pgSQL variables are not rolled back; package state, kept in
session settings, is.)
"""

from __future__ import annotations

from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_scope import Scope

CHANGES = frozenset({"dml", "execute", "forall", "commit", "rollback"})
# calls that change nothing the database keeps
QUIET_CALLS = frozenset({"DBMS_OUTPUT", "RAISE_APPLICATION_ERROR", "DBMS_APPLICATION_INFO"})
RAISES = frozenset({"raise"})


def changes(scope: Scope, stmts: list[Stmt]) -> list[Stmt]:
    """The statements (at any depth) that change rows or package state."""
    found = []
    for stmt in stmts:
        if stmt.kind in CHANGES or (stmt.kind == "call" and not _quiet(scope, stmt)) or _sets_state(scope, stmt):
            found.append(stmt)
        for _cond, arm in stmt.arms:
            found.extend(changes(scope, arm))
        for _names, handler in stmt.handlers:
            found.extend(changes(scope, handler))
    return found


def _quiet(scope: Scope, stmt: Stmt) -> bool:
    return scope.src.tokens[stmt.spans["all"][0]].upper in QUIET_CALLS


def _sets_state(scope: Scope, stmt: Stmt) -> bool:
    if stmt.kind != "assign" or scope.package is None:
        return False
    first = scope.src.tokens[stmt.spans["all"][0]].upper
    return first in scope.package.variables and first not in scope.locals


def always_raises(scope: Scope, stmts: list[Stmt]) -> bool:
    """The handler ends by raising on every path (RAISE, RAISE_APPLICATION_ERROR, or an IF whose arms all do)."""
    if not stmts:
        return False
    last = stmts[-1]
    if last.kind in RAISES:
        return True
    if last.kind == "call" and scope.src.tokens[last.spans["all"][0]].upper == "RAISE_APPLICATION_ERROR":
        return True
    if last.kind in ("if", "case"):
        complete = any(cond is None for cond, _ in last.arms)
        return complete and all(always_raises(scope, arm) for _, arm in last.arms)
    return False


def check_block(scope: Scope, block: Stmt) -> None:
    """Flag a block whose caught errors would undo changes Oracle keeps."""
    if not block.handlers or all(always_raises(scope, handler) for _, handler in block.handlers):
        return
    made = changes(scope, block.body)
    body = block.body
    if not made or (len(made) == 1 and body and made[0] is body[-1] and not body[-1].arms):
        return
    scope.flag("AM-PLSQL-027", block.first, f"{len(made)} changing statement(s) before the handler")


def rollback_and_reraise(scope: Scope, block: Stmt) -> bool:
    """Every handler only rolls back and re-raises (`WHEN OTHERS THEN ROLLBACK; RAISE;`): PostgreSQL ends the
    transaction the same way when the error propagates, so the section can go; without it the block is no
    subtransaction and its COMMITs are allowed, as in Oracle."""
    if not block.handlers:
        return False
    for _names, handler in block.handlers:
        kinds = [h.kind for h in handler if h.kind != "null" and not (h.kind == "call" and _quiet(scope, h))]
        if kinds != ["rollback", "raise"] or scope.src.tokens[handler[-1].spans["all"][0] + 1].text != ";":
            return False
        words = {t.upper for t in scope.src.tokens[handler[0].first : handler[0].end]}
        if "TO" in words:  # ROLLBACK TO SAVEPOINT is not the transaction's end
            return False
    return True
