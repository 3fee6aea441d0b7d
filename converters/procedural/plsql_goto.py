"""GOTO to a label further down the same statement list -> EXIT out of a labelled block.

    stmt1;                              <<next_row>>
    IF done THEN GOTO next_row; END IF; BEGIN
    stmt2;                       ->         stmt1;
    <<next_row>> i := i + 1;                IF done THEN EXIT next_row; END IF;
                                            stmt2;
                                        END;
                                        i := i + 1;

PL/pgSQL has no GOTO, but EXIT leaves any enclosing labelled block (from inside loops and nested blocks too),
and what follows the block is what follows the label: the same statements run in the same order. GOTO the label of
an enclosing WHILE or basic LOOP starts that loop again (its condition read anew): CONTINUE label. GOTO to another
label before it, or to one not in an enclosing statement list, stays AM-PLSQL-003.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_scope import Scope, run_state
from converters.procedural.plsql_tree import Stmt, every_statement

Emit = Callable[[Scope, list[Stmt], Lines], None]
# statements PL/pgSQL lets a label stand before (any other keeps the label only as a GOTO target)
_LABELLED = frozenset({"block", "loop", "while", "for_range", "for_cursor", "for_query"})


def _open(scope: Scope) -> dict[int, list[str]]:
    """Labels whose block is being written, per scope (a stack: blocks nest)."""
    return run_state(scope.ctx, "plsql_goto_blocks", dict[int, list[str]])


def target(scope: Scope, stmt: Stmt) -> str:
    """The label a GOTO statement names (upper case)."""
    tokens = scope.src.tokens
    return tokens[stmt.first + 1].upper if stmt.first + 1 < stmt.end else ""


def split(scope: Scope, stmts: list[Stmt]) -> int:
    """The position of the last labelled statement that a GOTO before it (at any depth) jumps to, else 0."""
    for k in range(len(stmts) - 1, 0, -1):
        label = stmts[k].label.upper()
        if label and any(s.kind == "goto" and target(scope, s) == label for s in every_statement(stmts[:k])):
            return k
    return 0


def forward_gotos(scope: Scope, stmts: list[Stmt], out: Lines, emit: Emit) -> list[Stmt]:
    """Write the statements before a label that a GOTO jumps forward to as a block of that label; return the
    statements still to write (from the label on, the label dropped unless PL/pgSQL takes it there)."""
    at = split(scope, stmts)
    if not at:
        return stmts
    label, stack = stmts[at].label, _open(scope).setdefault(id(scope), [])
    out.line(f"<<{label}>>")
    out.line("BEGIN")
    stack.append(label.upper())
    out.indent()
    emit(scope, stmts[:at], out)
    out.dedent()
    stack.pop()
    if not stack:
        del _open(scope)[id(scope)]
    out.line("END;")
    kept = stmts[at] if stmts[at].kind in _LABELLED else replace(stmts[at], label="")
    return [kept, *stmts[at + 1 :]]


def _loops(scope: Scope) -> dict[int, list[str]]:
    """Labels of the WHILE and basic loops being written, per scope (a stack)."""
    return run_state(scope.ctx, "plsql_goto_loops", dict[int, list[str]])


def enter_loop(scope: Scope, stmt: Stmt) -> bool:
    """Note a labelled WHILE or basic LOOP while its body is written (True: leave_loop after it). `GOTO label` of
    such an enclosing loop starts it again: its condition read anew, as CONTINUE label does (a FOR loop would start
    over from its first index: not noted)."""
    if not stmt.label or stmt.kind not in ("loop", "while"):
        return False
    _loops(scope).setdefault(id(scope), []).append(stmt.label.upper())
    return True


def leave_loop(scope: Scope) -> None:
    stack = _loops(scope)[id(scope)]
    stack.pop()
    if not stack:
        del _loops(scope)[id(scope)]


def goto_statement(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """GOTO label: EXIT the block forward_gotos opened for it, CONTINUE an enclosing WHILE / basic loop of that
    label (enter_loop), else AM-PLSQL-003."""
    label = target(scope, stmt)
    if label in _open(scope).get(id(scope), []):
        out.line(f"EXIT {scope.src.tokens[stmt.first + 1].text};")
        return
    if label in _loops(scope).get(id(scope), []):
        out.line(f"CONTINUE {scope.src.tokens[stmt.first + 1].text};  -- GOTO the loop's own label: it starts again")
        return
    found = scope.flag("AM-PLSQL-003", stmt.first, "GOTO")
    out.action("AM-PLSQL-003", found.message)
    out.line("-- " + " ".join(scope.src.slice((stmt.first, stmt.end)).split()))
