"""Which procedures of the run get a twin `P_aurora_try` that returns its error as a value (plsql_twin, plsql_trycall).

Oracle keeps what a called procedure changed before the statement that failed inside it ("If a stored subprogram
exits with an unhandled exception, PL/SQL does not roll back database changes made by the subprogram"); a
PostgreSQL sub-block around its CALL undoes all of it. A twin runs the procedure's body in the statement-level form
(plsql_atomic) and hands the error back instead of raising it, so its caller's protected part keeps what the
procedure did before the failure and raises the error again for its own handlers.

A procedure gets a twin when it changes rows more than in one final DML statement (not quiet, not whole:
plsql_quiet), is no function, not autonomous and not in a package with an initialisation section, and is called as a statement inside a block that has an EXCEPTION
section, or from another twin (a fixed point over the call graph). Computed once, in the prepare phase.
"""

from __future__ import annotations

from collections.abc import Iterator

from converters.ddl_context import DdlContext
from converters.procedural.plsql_scope import run_state
from converters.procedural.plsql_tree import (
    Routine,
    Stmt,
    Unit,
    always_raises,
    dotted_name,
    every_statement,
    rolls_back_first,
)
from migrate.sqltext.lexer import Token


def twinned_routines(ctx: DdlContext) -> set[str]:
    """Upper-case names (as plsql_quiet.quiet_routines: 'PKG.NAME' or 'NAME') of the procedures with a twin."""
    return run_state(ctx, "plsql_twinned", set[str])


def note_twins(ctx: DdlContext, units: list[tuple[str, Unit]], writers: set[str]) -> None:
    """`units`: (upper package name or '', unit) of every body of the run; `writers`: the routines whose call a
    sub-block cannot protect (neither quiet nor whole)."""
    kinds: dict[str, set[str]] = {}
    routines: dict[str, list[tuple[str, Unit, Routine]]] = {}
    for package, unit in units:
        for routine in _bodies(unit):
            key = _key(package, routine.name)
            autonomous = any(d.kind == "pragma" and d.name == "AUTONOMOUS_TRANSACTION" for d in routine.decls)
            # a package's initialisation section runs at the first call, before the body: not a twin's to protect
            other = "AUTONOMOUS" if autonomous else "INITIALISED" if unit.init is not None else ""
            kinds.setdefault(key, set()).add(other or routine.kind)
            routines.setdefault(key, []).append((package, unit, routine))
    candidates = {key for key in writers if kinds.get(key) == {"PROCEDURE"}}
    known = set(kinds)
    found: set[str] = set()
    for each in routines.values():
        for package, unit, routine in each:
            tokens = unit.source.tokens
            for block in _blocks(routine.body):
                if any(_completes(tokens, handler) for _names, handler in block.handlers):
                    found |= _called(tokens, block.body, package, known) & candidates
    pending = list(found)
    while pending:  # what a twin calls gets a twin too
        for package, unit, routine in routines[pending.pop()]:
            body = [routine.body] if routine.body is not None else []
            for key in (_called(unit.source.tokens, body, package, known) & candidates) - found:
                found.add(key)
                pending.append(key)
    twinned_routines(ctx).update(found)


def resolve(tokens: list[Token], at: int, package: str, known: set[str]) -> str:
    """The run routine the dotted name at tokens[at] calls ('' when none), as plsql_quiet reads calls."""
    parts = dotted_name(tokens, at)
    if len(parts) == 1:
        names = [_key(package, parts[0]), parts[0]]
    else:  # pkg.name, schema.pkg.name, or schema.name of a standalone routine
        packaged = _packages(known)
        names = [".".join(parts[-2:])] + ([parts[1]] if len(parts) == 2 and parts[0] not in packaged else [])
    return next((name for name in names if name in known), "")


_PACKAGES: dict[int, tuple[set[str], int, set[str]]] = {}  # id(known) -> (known, its size, its packages)


def _packages(known: set[str]) -> set[str]:
    """The packages among the run's routine names ('PKG.NAME'), read once per set (and again when it grew)."""
    kept = _PACKAGES.get(id(known))
    if kept is None or kept[0] is not known or kept[1] != len(known):
        if len(_PACKAGES) > 64:
            _PACKAGES.clear()
        kept = (known, len(known), {name.split(".")[0] for name in known if "." in name})
        _PACKAGES[id(known)] = kept
    return kept[2]


def _called(tokens: list[Token], stmts: list[Stmt], package: str, known: set[str]) -> set[str]:
    """The run routines called as statements in `stmts` (at any depth)."""
    found = set()
    for stmt in every_statement(stmts):
        if stmt.kind == "call" and "all" in stmt.spans:
            found.add(resolve(tokens, stmt.spans["all"][0], package, known))
    return found - {""}


def _completes(tokens: list[Token], handler: list[Stmt]) -> bool:
    """The handler may complete and does not start with ROLLBACK: only then does the block need Oracle's
    statement-level rollback (plsql_atomic, plsql_handlers.check_block)."""
    return not rolls_back_first(tokens, handler) and not always_raises(tokens, handler)


def _blocks(body: Stmt | None) -> Iterator[Stmt]:
    yield from (s for s in every_statement([body] if body is not None else []) if s.kind == "block")


def _bodies(unit: Unit) -> list[Routine]:
    if unit.routine is not None and unit.routine.body is not None:
        return [unit.routine]
    return [d.routine for d in unit.decls if d.routine is not None and d.routine.body is not None]


def _key(package: str, name: str) -> str:
    return f"{package}.{name.upper()}" if package else name.upper()
