"""Routines of the run that change nothing a rollback would undo: no DML, no dynamic SQL, no transaction control,
no package state set, no cursor opened, no supplied package that writes, and calls only to routines that are quiet
too (a fixed point over the run's call graph).

plsql_handlers uses this: a call of a quiet routine before an EXCEPTION section is not a change PostgreSQL's
subtransaction would undo (`pkg.raise_error('...')` before a SELECT INTO that a NO_DATA_FOUND handler catches),
so such a block converts exactly instead of being AM-PLSQL-027. Everything is read from the tokens of each
routine, so a routine is quiet only when nothing in its text could write: conservative by construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from converters.ddl_context import DdlContext
from converters.procedural.plsql_facts import SUPPLIED_TYPES
from converters.procedural.plsql_scope import Variable, packages, run_state, unit_source
from converters.procedural.plsql_tree import Decl, Routine, Stmt, Unit, dotted_name, every_statement
from converters.procedural.plsql_twins import note_twins
from converters.procedural.plsql_units_parse import parse_unit
from converters.rewrites.oracle_builders import SUPPLIED_PREFIXES
from migrate.model import Routine as SourceRoutine
from migrate.model import RoutineKind
from migrate.sqltext.lexer import Token

# words that change rows, run SQL the converter cannot see, control the transaction or move a cursor
WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE", "EXECUTE", "COMMIT", "ROLLBACK", "SAVEPOINT", "LOCK",
                    "TRUNCATE", "FORALL", "PIPE", "OPEN", "FETCH", "CLOSE"})  # fmt: skip
INTO_ENDS = frozenset({"FROM", ";", "USING", "RETURNING", "WHERE", "LIMIT"})  # what ends an INTO list
# supplied packages whose calls keep nothing -> their quiet members (None: every member): the output buffer, the
# session's module / action, error text and timers, LOB variables; DBMS_UTILITY also runs DDL, so not all
QUIET_SUPPLIED: dict[str, frozenset[str] | None] = {
    "DBMS_OUTPUT": None,
    "DBMS_APPLICATION_INFO": None,
    "DBMS_STANDARD": None,
    "STANDARD": None,
    # LOB calls change the variable they are given; a table's LOB written through a locator is kept manual
    # (plsql_lob_convert.table_locator), so what converts of these keeps nothing
    "DBMS_LOB": frozenset({"CREATETEMPORARY", "FREETEMPORARY", "APPEND", "WRITEAPPEND", "COPY", "CONVERTTOBLOB",
                           "CONVERTTOCLOB", "WRITE", "TRIM", "ERASE", "GETLENGTH", "SUBSTR", "INSTR", "COMPARE",
                           "ISTEMPORARY", "OPEN", "CLOSE", "ISOPEN", "READ", "GETCHUNKSIZE"}),
    "DBMS_UTILITY": frozenset({"FORMAT_ERROR_STACK", "FORMAT_ERROR_BACKTRACE", "FORMAT_CALL_STACK", "GET_TIME",
                               "GET_CPU_TIME"}),
}  # fmt: skip
QUIET_BUILTINS = frozenset({"RAISE_APPLICATION_ERROR"})
_NAMING = frozenset({"END", "PROCEDURE", "FUNCTION"})  # `PROCEDURE name` declares, `END name;` closes: no calls


@dataclass
class _Facts:
    writes: bool = False
    reads_error: bool = False  # SQLCODE, SQLERRM or the error stack / backtrace read outside its own handlers
    reads_at_entry: bool = False  # ... only in its parameters' defaults, which the call evaluates before the body
    ends_transaction: bool = False  # COMMIT or ROLLBACK (not to a savepoint)
    calls: set[str] = field(default_factory=set)  # upper names of run routines it calls ('PKG.NAME', 'NAME')


def quiet_routines(ctx: DdlContext) -> set[str]:
    """Upper-case names of the run's quiet routines: 'PKG.NAME' for a package's, 'NAME' for a standalone one."""
    return run_state(ctx, "plsql_quiet", set[str])


def error_readers(ctx: DdlContext) -> set[str]:
    """Upper-case names (as quiet_routines) of the run's routines that read the error a calling handler handles:
    directly outside their own handlers, or through a routine they call (plsql_errorstate publishes it)."""
    return run_state(ctx, "plsql_error_readers", set[str])


def entry_readers(ctx: DdlContext) -> set[str]:
    """Upper-case names of the run's routines that read the error only in their parameters' defaults (a logger's
    `p_msg IN VARCHAR2 DEFAULT DBMS_UTILITY.FORMAT_ERROR_STACK`) and call no other reader: the call reads it before
    the body runs, so a COMMIT / ROLLBACK in the body comes after the read."""
    return run_state(ctx, "plsql_entry_readers", set[str])


def transaction_enders(ctx: DdlContext) -> set[str]:
    """Upper-case names of the run's routines that may end the transaction (COMMIT / ROLLBACK), themselves or in a
    routine they call: the transaction-local settings a handler published are gone after it."""
    return run_state(ctx, "plsql_transaction_enders", set[str])


def note_quiet_routines(routines: list[SourceRoutine], ctx: DdlContext) -> None:
    """Read every package body and standalone routine of the run (prepare_plsql calls this last)."""
    facts: dict[str, list[_Facts]] = {}
    units: list[tuple[str, Unit]] = []
    parsed: dict[str, Unit] = run_state(ctx, "plsql_parsed", dict[str, Unit])  # package bodies, read once
    for item in routines:
        if item.language not in ("plsql", "sql") or item.kind not in (
            RoutineKind.PACKAGE_BODY, RoutineKind.PROCEDURE, RoutineKind.FUNCTION):  # fmt: skip
            continue
        try:
            unit = parsed.get(item.source) or parse_unit(unit_source(item.source, item.name, ctx))
        except Exception:  # a unit that does not parse is reported by its own conversion; it is never quiet
            continue
        package = item.name.upper() if item.kind is RoutineKind.PACKAGE_BODY else ""
        units.append((package, unit))
    known = {_key(p, d.name) for p, u in units for d in _routines(u)}
    run_routines(ctx).update(known)
    for package, unit in units:
        for decl in _routines(unit):
            assert decl.routine is not None
            found = _facts(unit, decl.routine, package, known)
            found.writes |= unit.init is not None  # its first call runs the initialisation section, which may write
            if _autonomous(decl.routine) and ctx.settings.autonomous_server:
                # it runs and commits in a session of its own (plsql_autonomous): what it and the routines it calls
                # change is not in the caller's transaction, which no rollback of the caller's undoes (as in
                # Oracle); one that would touch the caller's package state stays manual and its callers wait
                found.writes, found.calls = unit.init is not None, set()
            facts.setdefault(_key(package, decl.name), []).append(found)
    quiet = {name for name, each in facts.items() if not any(f.writes for f in each)}
    changed = True
    while changed:  # a routine calling one that is not quiet is not quiet either
        changed = False
        for name in list(quiet):
            if any(callee not in quiet for f in facts[name] for callee in f.calls):
                quiet.discard(name)
                changed = True
    quiet_routines(ctx).update(quiet)
    whole: dict[str, bool] = {}
    for package, unit in units:
        for decl in _routines(unit):
            assert decl.routine is not None
            kept = _one_change(unit, decl.routine, package, known)
            ok = kept is not None and unit.init is None and kept.calls <= quiet
            whole[_key(package, decl.name)] = whole.get(_key(package, decl.name), True) and ok
    whole_routines(ctx).update(name for name, ok in whole.items() if ok and name not in quiet)
    note_twins(ctx, units, known - quiet - whole_routines(ctx))
    _note_error_readers(ctx, facts)
    _note_stateless(ctx, units, facts)


def _note_error_readers(ctx: DdlContext, facts: dict[str, list[_Facts]]) -> None:
    readers = {name for name, each in facts.items() if any(f.reads_error for f in each)}
    error_readers(ctx).update(_callers_too(set(readers), facts))
    entry_readers(ctx).update(name for name in readers if all(f.reads_at_entry or not f.reads_error for f in facts[name])
                              and not any(c in error_readers(ctx) for f in facts[name] for c in f.calls))  # fmt: skip
    enders = {name for name, each in facts.items() if any(f.ends_transaction for f in each)}
    transaction_enders(ctx).update(_callers_too(enders, facts))


def _callers_too(names: set[str], facts: dict[str, list[_Facts]]) -> set[str]:
    """`names` with every routine calling one of them, at any depth (a fixed point over the call graph)."""
    changed = bool(names)
    while changed:
        changed = False
        for name, each in facts.items():
            if name not in names and any(callee in names for f in each for callee in f.calls):
                names.add(name)
                changed = True
    return names


def stateless_routines(ctx: DdlContext) -> set[str]:
    """Names (as quiet_routines) of the run's routines that neither read nor set package state, themselves or in a
    routine they call, in packages without an initialisation section: they run the same in another session (the
    dblink session of an autonomous routine, plsql_autonomous)."""
    return run_state(ctx, "plsql_stateless", set[str])


_LITERAL = re.compile(r"'(?:[^']|'')*'|-?\d+(?:\.\d+)?")


def is_state(var: Variable, init: bool) -> bool:
    """Whether a package variable is session state: all but a constant whose value is a literal (its accessor
    returns that literal in any session) in a package without an initialisation section."""
    return init or not (var.constant and _LITERAL.fullmatch(var.default.strip()))


def _note_stateless(ctx: DdlContext, units: list[tuple[str, Unit]], facts: dict[str, list[_Facts]]) -> None:
    """stateless_routines: a package routine counts as touching state when its package has an initialisation
    section or a spec that was not read (its public variables are unknown)."""
    run = packages(ctx)
    state = {name: {v for v, var in p.variables.items() if is_state(var, p.init)} for name, p in run.items()}
    touches: dict[str, bool] = {}
    for package, unit in units:
        own = state.get(package, set()) | _body_state(unit) if package else set()
        opaque = unit.init is not None or package not in run or run[package].init or not run[package].spec
        for decl in _routines(unit):
            assert decl.routine is not None
            hit = bool(package and opaque) or _names_state(unit.source.tokens, decl.routine, own, state)
            touches[_key(package, decl.name)] = touches.get(_key(package, decl.name), False) or hit
    stateless = {name for name, hit in touches.items() if not hit}
    changed = True
    while changed:  # a routine calling one that touches state touches it too
        changed = False
        for name in list(stateless):
            if any(callee not in stateless for f in facts.get(name, []) for callee in f.calls):
                stateless.discard(name)
                changed = True
    stateless_routines(ctx).update(stateless)


def _body_state(unit: Unit) -> set[str]:
    """The package body's own variables, and constants not set to a single literal."""
    tokens = unit.source.tokens
    out = set()
    for decl in unit.decls:
        default = decl.spans.get("default")
        literal = (
            default is not None and default[1] - default[0] == 1 and tokens[default[0]].kind in ("number", "string")
        )
        if decl.kind == "var" or (decl.kind == "const" and not literal):
            out.add(decl.name.upper())
    return out


def _names_state(tokens: list[Token], routine: Routine, own: set[str], state: dict[str, set[str]]) -> bool:
    """Whether the routine names a variable of its own package (`own`, unless it declares that name itself) or
    `pkg.variable` / `schema.pkg.variable` of a package's `state`."""
    local = {p.name.upper() for p in routine.params} | _declared(routine.decls, routine.body)
    for at in range(routine.first, min(routine.end, len(tokens))):
        if tokens[at].kind != "word" or tokens[at - 1].text == ".":
            continue
        parts = dotted_name(tokens, at)
        if parts[0] in own and parts[0] not in local:
            return True
        if any(parts[n + 1] in state.get(parts[n], ()) for n in range(min(len(parts) - 1, 2))):
            return True
    return False


def run_routines(ctx: DdlContext) -> set[str]:
    """Names (as quiet_routines) of every routine of the run with a body."""
    return run_state(ctx, "plsql_routines", set[str])


def whole_routines(ctx: DdlContext) -> set[str]:
    """Names (as quiet_routines) of the run's routines whose only change is one DML statement they end with: when
    one fails it has changed nothing (the failing statement is undone alone, in Oracle too), so a subtransaction
    around its call undoes no more than Oracle keeps (plsql_atomic)."""
    return run_state(ctx, "plsql_whole", set[str])


def _one_change(unit: Unit, routine: Routine, package: str, known: set[str]) -> _Facts | None:
    """The facts of the routine outside its one DML statement, when that statement is its only top-level DML and
    only NULL or RETURN of nothing or a literal follow it (no handler); None otherwise."""
    body = routine.body
    if body is None or body.handlers:
        return None
    stmts, tokens = body.body, unit.source.tokens
    at = [n for n, s in enumerate(stmts) if s.kind == "dml"]
    if len(at) != 1 or any(t.upper in ("RETURNING", "RETURN") for t in tokens[stmts[at[0]].first : stmts[at[0]].end]):
        return None  # RETURNING ... INTO may set package state
    for stmt in stmts[at[0] + 1 :]:
        value = tokens[stmt.first + 1 : stmt.end - 1]
        if not (stmt.kind == "null" or (stmt.kind == "return" and all(t.kind in ("number", "string") for t in value))):
            return None
    found = _facts(unit, routine, package, known, (stmts[at[0]].first, stmts[at[0]].end))
    named = sum(t.upper == routine.name.upper() for t in tokens[routine.first : routine.end])
    found.calls.discard(_key(package, routine.name))  # its own name after PROCEDURE and END
    return None if found.writes or named > 2 else found  # more: it may call itself


def _key(package: str, name: str) -> str:
    return f"{package}.{name.upper()}" if package else name.upper()


def _routines(unit: Unit) -> list[Decl]:
    if unit.routine is not None and unit.routine.body is not None:
        return [Decl("routine", unit.routine.name, unit.routine.first, unit.routine.end, routine=unit.routine)]
    return [d for d in unit.decls if d.routine is not None and d.routine.body is not None]


def _facts(unit: Unit, routine: Routine, package: str, known: set[str], skip: tuple[int, int] = (0, 0)) -> _Facts:
    """What the routine's text writes and calls (tokens in `skip` left out)."""
    tokens = unit.source.tokens[routine.first : routine.end]
    local = {p.name.upper() for p in routine.params} | _declared(routine.decls, routine.body)
    found = _Facts()
    for at, token in enumerate(tokens):
        if skip[0] <= routine.first + at < skip[1]:
            continue
        if token.upper in WRITES and not _row_limit(tokens, at):
            found.writes = True
        elif token.upper == "INTO":  # SELECT ... INTO targets: a package variable is package state
            found.writes |= not _into(tokens, at + 1) <= local
        elif token.kind == "word" and (at == 0 or (tokens[at - 1].text != "." and tokens[at - 1].upper not in _NAMING)):
            found.writes |= _call(tokens, at, package, known, found.calls)
    found.reads_error = _reads_error(unit.source.tokens, routine)
    found.reads_at_entry = found.reads_error and not _reads_error(unit.source.tokens, routine, _defaults(routine))
    found.ends_transaction = not _autonomous(routine) and any(
        t.upper == "COMMIT" or (t.upper == "ROLLBACK" and "TO" not in {u.upper for u in tokens[at + 1 : at + 3]})
        for at, t in enumerate(tokens)
    )  # an autonomous routine's COMMIT ends its own transaction, not its caller's
    # an assignment to a name the routine does not declare sets package state
    found.writes |= any(s.kind == "assign" and unit.source.tokens[s.first].upper not in local
                        for s in _statements(routine.body))  # fmt: skip
    return found


def _row_limit(tokens: list[Token], at: int) -> bool:
    """`FETCH FIRST | NEXT n ROWS ONLY` of a query: no cursor moved (a cursor FETCH is `FETCH c INTO | BULK`)."""
    after = [t.upper for t in tokens[at + 1 : at + 3]]
    return tokens[at].upper == "FETCH" and after[:1] in (["FIRST"], ["NEXT"]) and after[1:] not in (["INTO"], ["BULK"])


def _autonomous(routine: Routine) -> bool:
    return any(d.kind == "pragma" and d.name == "AUTONOMOUS_TRANSACTION" for d in routine.decls)


def _defaults(routine: Routine) -> list[tuple[int, int]]:
    return [p.default for p in routine.params if p.default is not None]


def _reads_error(tokens: list[Token], routine: Routine, skip: list[tuple[int, int]] | None = None) -> bool:
    """SQLCODE / SQLERRM (no argument) or DBMS_UTILITY.FORMAT_ERROR_STACK / _BACKTRACE outside the routine's
    handlers (its nested subprograms' reads count as its own: only it calls them), and outside `skip`."""
    handled = [(h[0].first, h[-1].end) for s in _statements(routine.body) for _, h in s.handlers if h]
    handled += skip or []
    for at in range(routine.first, min(routine.end, len(tokens) - 1)):
        word, before, after = tokens[at].upper, tokens[at - 1].text, tokens[at + 1].text
        reads = (word in ("SQLCODE", "SQLERRM") and before != "." and after != "(") or (
            word in ("FORMAT_ERROR_STACK", "FORMAT_ERROR_BACKTRACE") and before == "."
        )
        if reads and not any(first <= at < end for first, end in handled):
            return True
    return False


def _into(tokens: list[Token], at: int) -> set[str]:
    """The variables after INTO: the first name of each target up to FROM / ; ..."""
    names, depth = set(), 0
    while at < len(tokens) and not (depth == 0 and (tokens[at].upper or tokens[at].text) in INTO_ENDS):
        text = tokens[at].text
        depth += (text == "(") - (text == ")")
        if depth == 0 and tokens[at].kind == "word" and tokens[at - 1].text != ".":
            names.add(tokens[at].upper)
        at += 1
    return names


def _statements(body: Stmt | None) -> Iterator[Stmt]:
    """Every statement of a body, at any depth (arms, handlers)."""
    return every_statement([body] if body is not None else [])


def _declared(decls: list[Decl], body: Stmt | None) -> set[str]:
    """Every name the routine declares: its declarations, nested blocks' ones, loop variables."""
    names = {d.name.upper() for d in decls}
    for stmt in _statements(body):
        names |= {d.name.upper() for d in stmt.decls}
        if stmt.name:
            names.add(stmt.name.upper())
    return names


def supplied_is_quiet(parts: list[str]) -> bool | None:
    """For a call of an Oracle-supplied routine (`DBMS_OUTPUT.PUT_LINE`, `SYS.DBMS_X.F`, RAISE_APPLICATION_ERROR):
    whether it keeps nothing (QUIET_SUPPLIED); None when `parts` names no supplied routine."""
    if len(parts) == 1:
        return True if parts[0] in QUIET_BUILTINS else None
    sys_owned = parts[0] == "SYS" and len(parts) > 2
    package, member = parts[-2], parts[-1]
    if not (sys_owned or package.startswith(SUPPLIED_PREFIXES) or package in QUIET_SUPPLIED):
        return None
    members = QUIET_SUPPLIED.get(package, frozenset())
    return members is None or member in members


def _call(tokens: list[Token], at: int, package: str, known: set[str], calls: set[str]) -> bool:
    """Note a call of a run routine at tokens[at]; True when it calls a supplied package that may write."""
    parts = dotted_name(tokens, at)
    if ".".join(parts[-2:]) in SUPPLIED_TYPES:  # `v DBMS_SQL.VARCHAR2S;`, `RETURN UTL_FILE.FILE_TYPE`: a type
        return False
    supplied = supplied_is_quiet(parts) if len(parts) > 1 else None
    if supplied is not None:
        return not supplied
    for name in (".".join(parts[-2:]), _key(package, parts[-1]), parts[-1]):
        if name in known:
            calls.add(name)
            break
    return False
