"""COMMITs that end a block with an EXCEPTION section, in a procedure.

PostgreSQL runs such a block in a subtransaction and refuses to end the transaction inside it (AM-PLSQL-005),
but its handlers run after the subtransaction is gone, where COMMIT and ROLLBACK are allowed. A COMMIT that ends
the block (the last statement, or ending the branches of its last IF / CASE), followed up to the block's end only
by statements that cannot raise and do not leave (`p_result := 1;`, `DBMS_OUTPUT.PUT_LINE('done')`), runs when
every statement before it succeeded, and once it ran no handler can: so it becomes a flag, and the COMMIT runs
after the block when the flag says it was reached:

    aurora_committed_1 := false;            BEGIN
    BEGIN                                       S1; ...; Sn;
        S1; ...; Sn;                            COMMIT;
        aurora_committed_1 := true;   <-    EXCEPTION
    EXCEPTION                                   WHEN OTHERS THEN H;
        WHEN OTHERS THEN H;                 END;
    END;
    IF aurora_committed_1 THEN COMMIT; END IF;

What differs is an error raised by the COMMIT itself, which Oracle's handler would catch: a deferred constraint
checked at commit. A run with a constraint declared DEFERRABLE INITIALLY DEFERRED keeps AM-PLSQL-005, as does a
block inside another block with handlers (still a subtransaction), a function (no transaction control) and a
COMMIT followed by a statement that can fail.
"""

from __future__ import annotations

from collections.abc import Callable

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_handlers import cannot_raise
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_scope import Scope

Body = Callable[[Scope, Stmt, Lines], None]
Emit = Callable[[Scope, list[Stmt], Lines], None]
_LEAVING = frozenset({"return", "exit", "continue", "goto"})  # would skip the COMMIT run after the block


def commit_after(scope: Scope, stmt: Stmt, out: Lines, body: Body, emit: Emit) -> bool:
    """Write the block with the COMMITs that end it run after it (True), or nothing when the form does not apply.
    Statements after the block's own last COMMIT that leave (`COMMIT; RETURN v;`, `COMMIT; IF n > 0 THEN RETURN
    TRUE; ELSE RETURN FALSE; END IF;`) and cannot raise run after that COMMIT, below the block: no handler could
    have caught anything of them, and the values they read cannot change in between."""
    if not _movable(scope, stmt):
        return False
    inner, tail = stmt.body, []
    at = next((n for n in range(len(stmt.body) - 1, -1, -1) if _is_commit(scope, stmt.body[n])), None)
    if at is not None and _leaves(stmt.body[at + 1 :]) and _quiet(scope, stmt.body[at + 1 :]):
        inner, tail = stmt.body[: at + 1], stmt.body[at + 1 :]
    commits = _tails(scope, inner)
    if not commits or any(id(c) in scope.deferred_commits for c in commits):
        return False
    flag = f"aurora_committed_{len(set(scope.deferred_commits.values())) + 1}"
    scope.extra[flag] = "boolean"
    scope.deferred_commits.update({id(c): flag for c in commits})
    out.indent()
    out.line(f"{flag} := false;")
    out.line("BEGIN")
    body(scope, Stmt("block", stmt.first, stmt.end, arms=[(None, inner)], handlers=stmt.handlers), out)
    out.line("END;")
    out.line(f"IF {flag} THEN  -- the source's COMMIT was reached: nothing after it could raise")
    out.line("    COMMIT;")
    if tail:
        out.indent()
        emit(scope, tail, out)
        out.dedent()
    out.line("END IF;")
    scope.transaction_control = True
    out.dedent()
    return True


def commits_first(scope: Scope, stmt: Stmt) -> int:
    """How many first statements of the block, none of which can raise, end the transaction (`IF p_rollback THEN
    ROLLBACK; END IF;` opening an error logger): they run before the block, where PostgreSQL allows it; no handler
    could have caught anything of them. 0 when there are none, or in a block _movable refuses."""
    if not _movable(scope, stmt):
        return 0
    count, ends = 0, False
    for first in stmt.body[:-1]:
        if _is_control(scope, first):
            ends = True
        elif (
            first.kind == "if"
            and all(_plain_condition(scope, c) for c, _arm in first.arms if c)
            and all(all(_is_control(scope, s) or _quiet(scope, [s]) for s in arm) for _c, arm in first.arms)
        ):
            ends = ends or any(_is_control(scope, s) for _c, arm in first.arms for s in arm)
        elif not _quiet(scope, [first]):
            break
        count += 1
    return count if ends else 0


def _is_control(scope: Scope, stmt: Stmt) -> bool:
    """A plain COMMIT or ROLLBACK (not to a savepoint)."""
    words = [t.upper for t in scope.src.tokens[stmt.first : stmt.end - 1]]
    return _is_commit(scope, stmt) or (stmt.kind == "rollback" and words in (["ROLLBACK"], ["ROLLBACK", "WORK"]))


def _is_commit(scope: Scope, stmt: Stmt) -> bool:
    words = [t.upper for t in scope.src.tokens[stmt.first : stmt.end - 1]]
    return stmt.kind == "commit" and words in (["COMMIT"], ["COMMIT", "WORK"]) and stmt is not scope.final_commit


def _leaves(stmts: list[Stmt]) -> bool:
    return any(s.kind == "return" or _leaves([a for _c, arm in s.arms for a in arm]) for s in stmts)


def _quiet(scope: Scope, stmts: list[Stmt]) -> bool:
    """Statements that cannot raise: cannot_raise ones, and IFs whose conditions compare variables and literals."""
    for stmt in stmts:
        if stmt.kind == "if":
            conditions = [c for c, _arm in stmt.arms if c]
            if not all(_plain_condition(scope, c) for c in conditions):
                return False
            if not all(_quiet(scope, arm) for _c, arm in stmt.arms):
                return False
        elif not cannot_raise(scope, stmt) or stmt.kind in ("exit", "continue", "goto"):
            return False
    return True


_COMPARISONS = frozenset({"=", "<", ">", "<=", ">=", "<>", "!=", "^="})
_LOGIC = frozenset({"AND", "OR", "NOT", "IS", "NULL", "TRUE", "FALSE"})


def _plain_condition(scope: Scope, span: tuple[int, int]) -> bool:
    """Variables of the unit, literals, comparisons and AND / OR / NOT / IS NULL: nothing that can raise."""
    for token in scope.src.tokens[span[0] : span[1]]:
        if token.kind in ("number", "string") or token.text in _COMPARISONS or token.upper in _LOGIC:
            continue
        if token.kind == "word" and token.upper in scope.locals:
            continue
        return False
    return True


def commits_between(scope: Scope, block: Stmt) -> bool:
    """A COMMIT among the block's own statements (not its last: commit_after moves that one) that Oracle's
    statement-level form can run between its protected statements (plsql_atomic): a block of a procedure with
    handlers, not inside another block with handlers, and no deferred constraint (whose error at COMMIT a handler
    would catch in Oracle). A COMMIT commit_after runs after the block is none."""
    return _movable(scope, block) and any(
        _is_commit(scope, s) and id(s) not in scope.deferred_commits for s in block.body
    )


def commit_here(scope: Scope, stmt: Stmt) -> bool:
    """A plain COMMIT the statement-level form runs between its sub-blocks (commits_between)."""
    return _is_commit(scope, stmt) and scope.unit == "procedure" and id(stmt) not in scope.deferred_commits


def _movable(scope: Scope, stmt: Stmt) -> bool:
    """A block of a procedure with handlers, not inside another block with handlers, no deferred constraint."""
    if not stmt.handlers or scope.unit != "procedure" or scope.handler_depth:
        return False
    return not any(c.deferrable and c.initially_deferred for t in scope.ctx.tables.values() for c in t.constraints)


def _tails(scope: Scope, stmts: list[Stmt]) -> list[Stmt]:
    """The COMMITs that end `stmts` (after them only statements that cannot raise), looking into the branches of
    a final IF / CASE; [] when some branch's end is anything else that could be reached after a COMMIT."""
    at = len(stmts) - 1
    while at >= 0 and stmts[at].kind not in _LEAVING and cannot_raise(scope, stmts[at]):
        at -= 1
    if at < 0:
        return []
    last = stmts[at]
    if _is_commit(scope, last):
        return [last]
    if last.kind not in ("if", "case"):
        return []
    return [c for _cond, arm in last.arms for c in _tails(scope, arm)]
