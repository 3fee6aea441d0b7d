"""Checks written before a PL/SQL statement: a rewrite that keeps a variable whose value decides whether the
PostgreSQL call means what Oracle's does (a format model held in a parameter) records a guard statement on its
Context (RewriteOptions.guarded_variables names the variables it may check); the statement's lines follow them.

Only statements that are one step of the routine, and an IF's first condition, carry guards: a loop or WHILE
condition is evaluated again after the check (the variable may have changed), an IF's ELSIF conditions and a
CASE's WHEN ones only when the earlier ones fail, declarations have no place before them; there the rewrites
raise their findings as before (guarded_variables is empty)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_scope import Scope, run_state
from converters.rewrites.options import RewriteOptions

T = TypeVar("T")

# statement kinds whose expressions are all evaluated once, right after the lines before them
GUARDED = frozenset({"assign", "return", "select", "dml", "call", "raise", "exit", "continue", "pipe"})


def emit_guarded(scope: Scope, stmt: Stmt, out: Lines, emit: Callable[[Scope, Stmt, Lines], None]) -> None:
    """Emit `stmt` with `emit`, preceded by the guards its expressions recorded."""
    if stmt.kind not in GUARDED:
        emit(scope, stmt, out)
        return
    with_guards(scope, out, lambda lines: emit(scope, stmt, lines))


def with_guards(scope: Scope, out: Lines, produce: Callable[[Lines], T]) -> T:
    """What `produce` writes (and returns), after the guards of the expressions it converts: one evaluation of
    them, right after the guards (a statement, an IF's first condition)."""
    if scope.guarded:  # already inside one
        return produce(out)
    scope.guarded = _guarding(scope)
    scope.guards = []
    body = Lines(depth=out.depth)
    try:
        result = produce(body)
        guards = scope.guards
    finally:
        scope.guarded, scope.guards = None, []
    for guard in guards:
        out.line(guard)
    for at, text in enumerate(body.out):  # already indented
        if at in body.verbatim:
            out.verbatim.add(len(out.out))
        out.out.append(text)
    return result


def _guarding(scope: Scope) -> Callable[[RewriteOptions], RewriteOptions]:
    """The options with the variables a check may read: one object per state of the run (the rewrites' caches
    hash it once)."""
    checked, dated = _checkable(scope), _own(scope, scope.dates | scope.timestamps)
    cache = run_state(scope.ctx, "plsql_guarded_options", dict[tuple[object, ...], RewriteOptions])

    def guarded(options: RewriteOptions) -> RewriteOptions:
        key = (options, checked, dated)
        if key not in cache:
            cache[key] = replace(options, guarded_variables=checked, datetime_variables=dated)
        return cache[key]

    return guarded


def _checkable(scope: Scope) -> frozenset[str]:
    """The unit's own text variables and parameters (no package state: another routine may change it between the
    check and the use)."""
    return _own(scope, set(scope.texts) - set(scope.constants))


def _own(scope: Scope, names: set[str]) -> frozenset[str]:
    """Those of `names` the unit declares, less the names of the run's columns: inside SQL (a subquery too) a
    column of the variable's name wins (#variable_conflict use_column), which the check would not read."""
    return frozenset(name.lower() for name in scope.locals) & names - _column_names(scope)


def _column_names(scope: Scope) -> frozenset[str]:
    cache = run_state(scope.ctx, "plsql_guard_columns", dict[str, frozenset[str]])
    if "" not in cache:
        cache[""] = frozenset(c.name.lower() for table in scope.ctx.tables.values() for c in table.columns)
    return cache[""]
