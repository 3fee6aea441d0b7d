"""SQLCODE / SQLERRM / FORMAT_ERROR_STACK / FORMAT_ERROR_BACKTRACE for the routines a handler calls.

Oracle's error functions return the exception being handled, also inside subprograms called from the handler (the
error package of many code bases: `EXCEPTION WHEN OTHERS THEN err.log('load'); RAISE;`, with err.log reading
SQLCODE and SQLERRM). PL/pgSQL knows the error only in the handler itself, so the handler publishes it: every
statement inside a handler that calls, directly or through other routines, a routine of the run reading the error
outside its own handlers (plsql_quiet.error_readers, a fixed point over the run's call graph) runs between

    aurora_saved_error := ARRAY[current_setting('aurora_migrate.sqlcode', true), ...];
    PERFORM set_config('aurora_migrate.sqlcode', <SQLCODE>::text, true), ...;   -- publish this handler's error
    <the statement>
    PERFORM set_config('aurora_migrate.sqlcode', aurora_saved_error[1], true), ...;   -- what was published before

and the reader reads the settings (plsql_facts.PUBLISHED_READS: 0 / 'ORA-0000: ...' when nothing is published, as
Oracle outside any handler). A statement that raises skips the restore; the settings are transaction-local, so
the subtransaction of the block that catches the error rolls them back (or the transaction ends). Where the
statement would leave its handler before the restore (RETURN, EXIT, a condition or cursor query of a compound
statement), runs in another session (a call inside an autonomous routine through dblink: its wrapper forwards the
error only to the routine's own reads, plsql_autonomous) or may end the transaction (a routine of the run with
COMMIT / ROLLBACK: the settings end with it), it stays AM-PLSQL-122.
"""

from __future__ import annotations

from collections.abc import Callable

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_backtrace import convertible, variable
from converters.procedural.plsql_backtrace import handler_start as backtrace_start
from converters.procedural.plsql_facts import ERROR_SETTINGS, sqlcode_expression, sqlerrm_expression
from converters.procedural.plsql_quiet import entry_readers, error_readers, transaction_enders
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_tree import Stmt, dotted_name

SAVED = "aurora_saved_error"
# statements that leave the handler (or the routine) before a restore after them could run, and OPEN, whose query
# PostgreSQL runs at each FETCH (a restore after the OPEN comes before the reader runs)
_LEAVES = frozenset({"return", "exit", "continue", "goto", "open"})


def calls_reader(scope: Scope, first: int, end: int, skip: list[tuple[int, int]] | None = None) -> bool:
    """Whether tokens [first, end) (outside the `skip` ranges) call a routine that reads a published error."""
    return _calls(scope, error_readers(scope.ctx), first, end, skip)


def _calls(scope: Scope, routines: set[str], first: int, end: int, skip: list[tuple[int, int]] | None) -> bool:
    """Whether tokens [first, end) (outside `skip`) name one of `routines` (plsql_quiet's keys): unqualified, as
    pkg.name or as schema.pkg.name (a variable of that name too: publishing around it does no harm)."""
    return bool(_called(scope, routines, first, end, skip))


def _called(scope: Scope, routines: set[str], first: int, end: int, skip: list[tuple[int, int]] | None) -> set[str]:
    """The `routines` that tokens [first, end) (outside `skip`) name (see _calls)."""
    found: set[str] = set()
    if not routines:
        return found
    tokens = scope.src.tokens
    package = scope.package.name if scope.package is not None else ""
    for at in range(first, min(end, len(tokens))):
        if tokens[at].kind != "word" or (at > first and tokens[at - 1].text == "."):
            continue
        if skip and any(a <= at < b for a, b in skip):
            continue
        parts = dotted_name(tokens, at)
        found |= ({".".join(parts[-2:]), parts[-1]} | ({f"{package}.{parts[-1]}"} if package else set())) & routines
    return found


def handler_start(scope: Scope, stmts: list[Stmt], out: Lines, kept: str = "") -> None:
    """A handler keeps its error context first when it reads the backtrace or calls a reader (for publishing);
    `kept`: the helper already holding it (plsql_atomic)."""
    backtrace_start(scope, stmts, out, kept)
    if not stmts or convertible(scope, stmts[0].first, stmts[-1].end):
        return  # no statements, or the backtrace's own handler_start kept it
    if calls_reader(scope, stmts[0].first, stmts[-1].end):
        name = variable(scope.handling)
        scope.extra[name] = "text"
        out.line(f"{name} := {kept};" if kept else f"GET STACKED DIAGNOSTICS {name} = PG_EXCEPTION_CONTEXT;")


def _nested(stmt: Stmt) -> list[tuple[int, int]]:
    """The token ranges of the statements inside a compound statement (each is published on its own)."""
    inner = [s for _cond, arm in stmt.arms for s in arm] + [s for _names, h in stmt.handlers for s in h]
    return [(s.first, s.end) for s in inner]


def _unpublishable(scope: Scope, stmt: Stmt) -> str:
    """Why a statement calling a reader cannot publish the error exactly ('' when it can)."""
    if not scope.handling:
        return "in an autonomous routine (another session)"
    if stmt.kind in _LEAVES or stmt.arms or stmt.handlers or stmt.kind == "block":
        return "where no restore can follow (or, for OPEN, before the query runs)"
    enders = _called(scope, transaction_enders(scope.ctx), stmt.first, stmt.end, None)
    readers = _called(scope, error_readers(scope.ctx), stmt.first, stmt.end, None)
    # one reader reading at its call (its parameters' defaults) may end the transaction after: nothing reads later
    if enders and not (len(readers) == 1 and enders <= readers <= entry_readers(scope.ctx)):
        return "and a routine that may COMMIT / ROLLBACK first (the published error would be gone)"
    return ""


def emit_published(scope: Scope, stmt: Stmt, out: Lines, emit: Callable[[Scope, Stmt, Lines], None]) -> None:
    """Emit the statement (with `emit`, its kind's converter), publishing the handler's error around it when it
    calls a reader."""
    if not (scope.handling or (scope.autonomous and not scope.forwards_error)) or not calls_reader(
        scope, stmt.first, stmt.end, _nested(stmt)
    ):
        emit(scope, stmt, out)
        return
    why = _unpublishable(scope, stmt)
    if why:
        out.action("AM-PLSQL-122", scope.flag("AM-PLSQL-122", stmt.first, f"calls a routine reading the error "
                                              f"{why}").message)  # fmt: skip
        emit(scope, stmt, out)
        return
    context = variable(scope.handling)
    backtrace = context if context in scope.extra else "''"
    values = (f"{sqlcode_expression()}::text", sqlerrm_expression(), backtrace)
    # RAISE_APPLICATION_ERROR(..., err.text) always raises: the catching block's rollback is its restore
    restores = scope.src.tokens[stmt.first].upper != "RAISE_APPLICATION_ERROR"
    if restores:
        scope.extra[SAVED] = "text[]"
        out.line(f"{SAVED} := ARRAY[{', '.join(f'current_setting({s!r}, true)' for s in ERROR_SETTINGS)}];")
    out.line("PERFORM " + ", ".join(f"set_config({s!r}, {v}, true)" for s, v in zip(ERROR_SETTINGS, values)) + ";")
    emit(scope, stmt, out)
    if restores:
        restore = (f"set_config({s!r}, {SAVED}[{n}], true)" for n, s in enumerate(ERROR_SETTINGS, 1))
        out.line(f"PERFORM {', '.join(restore)};")
