"""A block whose protected statements end with COMMIT and that has an EXCEPTION section, in a procedure.

PostgreSQL runs such a block in a subtransaction and refuses to end the transaction inside it (AM-PLSQL-005),
but its handlers run after the subtransaction is gone, where COMMIT and ROLLBACK are allowed. The COMMIT is the
block's last statement (or followed only by statements that cannot raise and do not leave, such as
`p_result := 1;`): it runs when every statement before it succeeded, which is when the block ends without a handler
running. So it moves after the block, inside a labelled block that each handler leaves with EXIT
(unless the handler ends with RAISE or RETURN, which leave anyway):

    <<aurora_commit_1>>                     BEGIN
    BEGIN                                       S1; ...; Sn;
        BEGIN                                   COMMIT;
            S1; ...; Sn;          <-        EXCEPTION
        EXCEPTION                               WHEN OTHERS THEN H;
            WHEN OTHERS THEN H;             END;
            EXIT aurora_commit_1;
        END;
        COMMIT;
    END;

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
_LEAVES = frozenset({"RAISE", "RETURN", "RAISE_APPLICATION_ERROR"})


def commit_after(scope: Scope, stmt: Stmt, out: Lines, body: Body) -> bool:
    """Write the block with its final COMMIT after it (True), or nothing when the form does not apply."""
    at = _commit_at(scope, stmt)
    if at is None:
        return False
    label = f"aurora_commit_{len(scope.commit_exits) + 1}"
    scope.commit_exits[id(stmt.handlers)] = label
    rest = stmt.body[:at] + stmt.body[at + 1 :]
    out.indent()
    out.line(f"<<{label}>>")
    out.line("BEGIN")
    out.indent()
    out.line("BEGIN")
    inner = Stmt("block", rest[0].first, stmt.end, arms=[(None, rest)], handlers=stmt.handlers)
    body(scope, inner, out)
    out.line("END;")
    out.comment(f"-- {_text(scope, stmt.body[at])}: after the block, reached when no handler ran (as in the source)")
    out.line("COMMIT;")
    scope.transaction_control = True
    out.dedent()
    out.line("END;")
    out.dedent()
    return True


def commit_in_tails(scope: Scope, stmt: Stmt, out: Lines, body: Body) -> bool:
    """The block's COMMITs end branches of its last IF / CASE (`IF ok THEN UPDATE ...; COMMIT; ELSE ...`), each
    followed, up to the block's end, only by statements that cannot raise: reached, no handler can run after it.
    Each becomes `aurora_committed_n := true` and the COMMIT runs after the block when it was reached:

        aurora_committed_1 := false;
        BEGIN ... IF ok THEN UPDATE ...; aurora_committed_1 := true; END IF; EXCEPTION ... END;
        IF aurora_committed_1 THEN COMMIT; END IF;
    """
    if not _movable(scope, stmt):
        return False
    commits = _tails(scope, stmt.body)
    if not commits or any(id(c) in scope.deferred_commits for c in commits):
        return False
    flag = f"aurora_committed_{len(set(scope.deferred_commits.values())) + 1}"
    scope.extra[flag] = "boolean"
    scope.deferred_commits.update({id(c): flag for c in commits})
    out.indent()
    out.line(f"{flag} := false;")
    out.line("BEGIN")
    body(scope, Stmt("block", stmt.first, stmt.end, arms=[(None, stmt.body)], handlers=stmt.handlers), out)
    out.line("END;")
    out.line(f"IF {flag} THEN  -- the source's COMMIT was reached: nothing after it could raise")
    out.line("    COMMIT;")
    out.line("END IF;")
    scope.transaction_control = True
    out.dedent()
    return True


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
    words = [t.upper for t in scope.src.tokens[last.first : last.end - 1]]
    if last.kind == "commit" and words in (["COMMIT"], ["COMMIT", "WORK"]) and last is not scope.final_commit:
        return [last]
    if last.kind not in ("if", "case"):
        return []
    return [c for _cond, arm in last.arms for c in _tails(scope, arm)]


def handler_exit(scope: Scope, stmt: Stmt, handler: list[Stmt], out: Lines) -> None:
    """`EXIT label;` at the end of a handler of a block whose COMMIT moved after it (commit_after)."""
    label = scope.commit_exits.get(id(stmt.handlers))
    if label is None or (handler and scope.src.tokens[handler[-1].first].upper in _LEAVES):
        return
    out.line(f"EXIT {label};  -- the source's COMMIT was not reached")


def _commit_at(scope: Scope, stmt: Stmt) -> int | None:
    """The index of the block's COMMIT that can move after it: the last one, followed only by statements that
    cannot raise and do not leave (`p_result := 1;`), so no handler can run once it has committed."""
    if not stmt.handlers or len(stmt.body) < 2 or scope.unit != "procedure" or scope.handler_depth:
        return None
    at = len(stmt.body) - 1
    while at > 0 and stmt.body[at].kind not in _LEAVING and cannot_raise(scope, stmt.body[at]):
        at -= 1
    last = stmt.body[at]
    words = [t.upper for t in scope.src.tokens[last.first : last.end - 1]]
    if at == 0 or last.kind != "commit" or words not in (["COMMIT"], ["COMMIT", "WORK"]) or last is scope.final_commit:
        return None
    deferred = any(c.deferrable and c.initially_deferred for t in scope.ctx.tables.values() for c in t.constraints)
    return None if deferred or id(stmt.handlers) in scope.commit_exits else at


_LEAVING = frozenset({"return", "exit", "continue", "goto"})  # would skip the COMMIT moved after the block


def _text(scope: Scope, stmt: Stmt) -> str:
    return " ".join(scope.src.slice((stmt.first, stmt.end - 1)).split())
