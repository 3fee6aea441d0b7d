"""Handlers that cannot run once the block has changed something: the block converts as written.

PL/pgSQL undoes a block's changes when a handler catches an error; Oracle keeps them (plsql_handlers). That
differs only when a handler can catch an error raised after the block's first change. Handlers that catch only
errors raised by SQL, a RAISE or a call -- NO_DATA_FOUND, TOO_MANY_ROWS, DUP_VAL_ON_INDEX, user exceptions --
cannot be reached from statements that neither query into variables nor call anything that may raise them:

    SELECT COUNT(*) INTO n ...; IF n = 0 THEN RETURN; END IF;
    SELECT start_time INTO t FROM bookings WHERE id = p;      -- NO_DATA_FOUND: nothing changed yet
    DELETE FROM bookings WHERE id = p;                        -- from here on, nothing can raise it
    DBMS_OUTPUT.PUT_LINE('deleted ' || p);
    EXCEPTION WHEN NO_DATA_FOUND THEN DBMS_OUTPUT.PUT_LINE('not found');

When the handler runs, the block has changed nothing, in Oracle as here. A statement may raise such an error when
it is a SELECT INTO, a RAISE, a call (but DBMS_OUTPUT's), EXECUTE IMMEDIATE, a cursor's OPEN or loop; when an
expression of it calls a routine of the run, reads a collection element (a missing INDEX BY element is
NO_DATA_FOUND) or package state whose first use runs the package's initialisation, or holds a query; a DML
statement also when it writes into variables (RETURNING INTO: TOO_MANY_ROWS), when a trigger of the run fires
on a table it names (or on a table whose foreign key cascades from one), and when a handler catches an
integrity error (class 23: DUP_VAL_ON_INDEX, EXCEPTION_INIT(-1), (-2292) ...), which any DML -- and a COMMIT of
deferred constraints -- may raise. The first change itself may raise when it is one DML statement: it is undone
alone in Oracle, and nothing before it changed anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from converters.ddl_context import DdlContext
from converters.procedural.plsql_facts import EXCEPTIONS, exception_sqlstate
from converters.procedural.plsql_handlers import SQL_ONLY_CONDITIONS, calls_routine, changes, writes_inside
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_quiet import run_routines
from converters.procedural.plsql_scope import Scope, run_state
from converters.procedural.plsql_tree import always_raises, rolls_back_first
from migrate.model import ConstraintKind, Table, Trigger

# supplied packages whose functions, in an expression, raise none of the conditions above
_QUIET_PACKAGES = frozenset({"DBMS_OUTPUT", "DBMS_UTILITY", "DBMS_LOB", "DBMS_RANDOM", "UTL_RAW", "STANDARD"})
_OUTPUT = frozenset({"PUT_LINE", "PUT", "NEW_LINE"})
_COMPOUND = frozenset({"if", "case", "loop", "while", "for_range"})  # and a block without declarations
_LOOPS = frozenset({"loop", "while", "for_range"})
_HEADS = ("selector", "cond", "low", "high")
_LOCAL = "local"  # the states a walk looks for are the routine's own exceptions' (_local_states)
_CONDITION_STATES = {"no_data_found": "P0002", "too_many_rows": "P0003", "unique_violation": "23505"}


def note_trigger_tables(ctx: DdlContext, triggers: Sequence[Trigger], tables: Sequence[Table]) -> None:
    """The run's tables on which a trigger fires when a statement names them: the tables of its triggers, and the
    tables their foreign keys cascade from (ON DELETE CASCADE / SET NULL: a DELETE there changes rows here)."""
    fired = {t.table.split(".")[-1].strip('"').upper() for t in triggers}
    while True:
        parents = (
            {
                (c.ref_table or "").upper()
                for table in tables
                if table.name.upper() in fired
                for c in table.constraints
                if c.kind is ConstraintKind.FOREIGN_KEY and (c.on_delete or "").upper() in ("CASCADE", "SET NULL")
            }
            - fired
            - {""}
        )
        if not parents:
            break
        fired |= parents
    run_state(ctx, "plsql_trigger_tables", set[str]).update(fired)


def _trigger_tables(scope: Scope) -> set[str]:
    return run_state(scope.ctx, "plsql_trigger_tables", set[str])


def unreached(scope: Scope, block: Stmt) -> bool:
    """The handlers that can complete (neither raise again on every path nor roll back first) catch only errors no
    statement from the block's first change on can raise (see the module doc)."""
    completing = [
        names
        for names, handler in block.handlers
        if not always_raises(scope.src.tokens, handler) and not rolls_back_first(scope.src.tokens, handler)
    ]
    states = set()
    for names in completing:
        caught = _caught(scope, names)
        if caught is None:
            return False
        states |= caught
    if states and states <= _local_states(scope):
        states = {_LOCAL}  # only the routine's own RAISEs raise them
    return not states or _walk(scope, block.body, False, states)[0]


def _walk(scope: Scope, stmts: list[Stmt], changed: bool, states: set[str]) -> tuple[bool, bool]:
    """(no statement can raise one of `states` once something changed, whether something changed at the end),
    the statements taken in the order they run: each arm of an IF / CASE from the state before it, a loop's body
    twice (a second pass runs after the first one's changes)."""
    previous: tuple[Stmt, bool] | None = None  # the last simple statement and whether something changed before it
    for stmt in stmts:
        if stmt.kind in _COMPOUND or (stmt.kind == "block" and not stmt.decls):
            if writes_inside(scope, stmt):
                return False, changed  # a condition or bound calls a routine that changes something
            conditions = [c for c, _arm in stmt.arms if c] + [stmt.spans[k] for k in _HEADS if k in stmt.spans]
            if changed and any(_expression_raises(scope, first, end) for first, end in conditions):
                return False, changed
            after = changed
            unchanged = previous is not None and _no_rows(scope, previous[0], stmt)
            for n, (_cond, arm) in enumerate(stmt.arms):
                start = previous[1] if unchanged and not n and previous is not None else changed
                ok, arm_changed = _walk(scope, arm, start, states)
                if ok and arm_changed and not changed and stmt.kind in _LOOPS:
                    ok = _walk(scope, arm, True, states)[0] and not any(
                        _expression_raises(scope, first, end) for first, end in conditions
                    )
                if not ok:
                    return False, changed
                after = after or arm_changed
            for _names, handler in stmt.handlers:
                ok, handled = _walk(scope, handler, after, states)
                if not ok:
                    return False, changed
                after = after or handled
            changed, previous = after, None
            continue
        change = bool(changes(scope, [stmt])) and not _dynamic_query(scope, stmt)
        one_dml = stmt.kind == "dml" or _dynamic_dml(scope, stmt) is not None
        if (changed or (change and not one_dml)) and _may_raise(scope, stmt, states):
            return False, changed  # after a change; or a change that may fail after changing (a call)
        previous = (stmt, changed)
        changed = changed or change
    return True, changed


_NO_ROWS = (["SQL", "%", "ROWCOUNT", "=", "0"], ["SQL", "%", "NOTFOUND"])


def _no_rows(scope: Scope, dml: Stmt, after: Stmt) -> bool:
    """`after` is `IF SQL%ROWCOUNT = 0 THEN` (or SQL%NOTFOUND) right after the DML statement `dml` on tables no
    trigger of the run fires on: its first arm runs only when that statement changed no row, so what changed
    before it is what changed before the statement (a statement trigger would run even then)."""
    if after.kind != "if" or not after.arms or after.arms[0][0] is None:
        return False
    first, end = after.arms[0][0]
    words = [t.upper or t.text for t in scope.src.tokens[first:end]]
    text = dml if dml.kind == "dml" else _dynamic_dml(scope, dml)
    if words not in _NO_ROWS or text is None:
        return False
    named = {t.upper for t in scope.src.tokens[dml.first : dml.end]} if isinstance(text, Stmt) else set(text.split())
    return not named & _trigger_tables(scope)


def _dynamic_query(scope: Scope, stmt: Stmt) -> bool:
    """EXECUTE IMMEDIATE of a literal query (SELECT ... INTO) naming no routine of the run: it changes nothing."""
    words = _dynamic_text(scope, stmt)
    routines = {name.split(".")[-1] for name in run_routines(scope.ctx)}
    return words is not None and words.split()[0] in ("SELECT", "WITH") and not set(words.split()) & routines


def _dynamic_dml(scope: Scope, stmt: Stmt) -> str | None:
    """EXECUTE IMMEDIATE of a string literal that is one INSERT / UPDATE / DELETE / MERGE statement: its words
    (upper case), else None."""
    words = _dynamic_text(scope, stmt)
    return words if words is not None and words.split()[0] in ("INSERT", "UPDATE", "DELETE", "MERGE") else None


def _dynamic_text(scope: Scope, stmt: Stmt) -> str | None:
    """The words (upper case) of the one statement an EXECUTE IMMEDIATE of a single string literal runs, else None."""
    if stmt.kind != "execute":
        return None
    tokens = scope.src.tokens[stmt.first : stmt.end]
    literal = tokens[2] if len(tokens) > 3 else None
    whole = literal is not None and (tokens[3].upper or tokens[3].text) in ("USING", "INTO", ";")  # one literal
    if literal is None or not whole or literal.kind != "string" or not literal.text.startswith("'"):
        return None
    words = literal.text.strip("'").replace("''", "'").upper().replace(";", " ; ").replace("(", " ( ").split()
    return " ".join(words) if words and ";" not in words else None


def _caught(scope: Scope, names: tuple[int, int]) -> set[str] | None:
    """The SQLSTATEs (or their prefixes) a handler's names catch, when they are all errors only SQL, a RAISE or a
    call raise; None otherwise."""
    found = set()
    words = " ".join(t.upper for t in scope.src.tokens[names[0] : names[1]] if t.text != ".")
    for name in words.split(" OR "):
        parts = name.split()
        if not parts:
            return None
        last = parts[-1]
        if last in EXCEPTIONS:
            conditions = set(EXCEPTIONS[last])
            if len(parts) > 1 or not conditions <= SQL_ONLY_CONDITIONS:
                return None
            found |= {_CONDITION_STATES[c] for c in conditions}
            continue
        package = scope.package
        state = scope.exceptions.get(last) or (package.exceptions.get(last) if package is not None else None)
        if state is None or not state.startswith(("U", "P0002", "P0003", "23")):
            return None
        found.add(state)
    return found


def _may_raise(scope: Scope, stmt: Stmt, states: set[str]) -> bool:
    """A simple statement (or one the walk does not take apart) may raise one of `states`."""
    if _LOCAL in states:
        return _raises_local(scope, stmt)
    integrity = any(s.startswith("23") for s in states)
    kind = stmt.kind
    if kind in ("null", "rollback", "fetch", "close") or id(stmt) in scope.deferred_commits:
        return False
    if kind == "commit":
        return integrity  # deferred constraints are checked at COMMIT
    if kind in ("assign", "return", "exit", "continue"):
        return _expression_raises(scope, stmt.first, stmt.end)
    if kind == "call":
        tokens = scope.src.tokens
        at = stmt.spans["all"][0] if "all" in stmt.spans else stmt.first
        output = tokens[at].upper == "DBMS_OUTPUT" and at + 2 < len(tokens) and tokens[at + 2].upper in _OUTPUT
        return not output or _expression_raises(scope, at + 3, stmt.end)
    if kind == "dml":
        return integrity or _dml_raises(scope, stmt)
    return True  # SELECT INTO, RAISE, EXECUTE IMMEDIATE, OPEN, cursor loops, FORALL, a block with declarations


def _local_states(scope: Scope) -> set[str]:
    """The states of the exceptions the routine declares itself with no EXCEPTION_INIT: only a RAISE in its own
    text can raise them (no other routine, dynamic SQL or PL/SQL block sees their names), or a nested routine."""
    owner = scope.package.name if scope.package is not None else scope.schema
    return {state for name, state in scope.exceptions.items()
            if name in scope.locals and state == exception_sqlstate(f"{owner}.{name}")}  # fmt: skip


def _raises_local(scope: Scope, stmt: Stmt) -> bool:
    """The statement may raise an exception of the routine's own: a RAISE, or a call of a nested routine."""
    words = {t.upper for t in scope.src.tokens[stmt.first : stmt.end] if t.kind == "word"}
    return stmt.kind == "raise" or bool(words & set(scope.nested)) or "RAISE" in words


def _dml_raises(scope: Scope, stmt: Stmt) -> bool:
    tokens = scope.src.tokens[stmt.first : stmt.end]
    words = {t.upper for t in tokens}
    if words & {"RETURNING", "RETURN"}:
        return True  # RETURNING ... INTO: TOO_MANY_ROWS
    if words & _trigger_tables(scope):
        return True
    return _expression_raises(scope, stmt.first, stmt.end, sql=True)


def _expression_raises(scope: Scope, first: int, end: int, sql: bool = False) -> bool:
    """The tokens call a routine of the run or an unknown package's function, read a collection element or package
    state whose package has an initialisation section, or (in PL/SQL) hold a query."""
    tokens = scope.src.tokens
    if calls_routine(scope, [(first, end)], run_routines(scope.ctx)):
        return True
    for at in range(first, min(end, len(tokens))):
        token = tokens[at]
        if token.kind != "word":
            continue
        if token.upper == "SELECT" and not sql:
            return True
        following = tokens[at + 1].text if at + 1 < len(tokens) else ""
        if following == "(" and (token.upper in scope.collections or token.upper in scope.locals):
            return True  # v(i): a missing element is NO_DATA_FOUND
        if following == "." and at + 3 < len(tokens) and (at == 0 or tokens[at - 1].text != "."):
            other = scope.package_of(token.upper)
            if other is not None and other.init:
                return True
            if tokens[at + 3].text == "(" and token.upper not in _QUIET_PACKAGES:
                return True  # pkg.f(x) of another package, r.f(i) of a record's collection
    package = scope.package
    words = {t.upper for t in tokens[first:end] if t.kind == "word"}
    return package is not None and package.init and bool(words & set(package.variables))
