"""Where an EXCEPTION section changes what a block keeps.

PL/pgSQL runs a block that has an EXCEPTION section in a subtransaction: when a handler catches an error, every
change the block made is rolled back. Oracle rolls back only the failing statement and keeps the block's earlier
changes. The two agree when the handlers always re-raise (the whole call fails in both), or when the block's only
change is its last statement (the failing statement is then the change itself, undone in both). Anything else
keeps a different set of rows: plsql_atomic protects each statement then (or AM-PLSQL-027). (PL/pgSQL variables are not rolled back; package state, kept in
session settings, is.)
"""

from __future__ import annotations

import re

from converters.procedural.plsql_facts import EXCEPTIONS
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_quiet import (
    quiet_routines,
    run_routines,
    supplied_is_quiet,
    whole_routines,
)
from converters.procedural.plsql_scope import Scope, packages
from converters.procedural.plsql_tree import always_raises as raises_always
from converters.procedural.plsql_tree import dotted_name, rolls_back_first
from migrate.sqltext.lexer import Token

CHANGES = frozenset({"dml", "execute", "forall", "commit", "rollback"})


def changes(scope: Scope, stmts: list[Stmt]) -> list[Stmt]:
    """The statements (at any depth) that change rows or package state."""
    found = []
    for stmt in stmts:
        if stmt is scope.final_commit or id(stmt) in scope.deferred_commits:  # its own end; a COMMIT run after
            continue
        called = stmt.kind == "call" and not _quiet(scope, stmt)
        if stmt.kind in CHANGES or called or _sets_state(scope, stmt) or writes_inside(scope, stmt):
            found.append(stmt)
        for _cond, arm in stmt.arms:
            found.extend(changes(scope, arm))
        for _names, handler in stmt.handlers:
            found.extend(changes(scope, handler))
    return found


def writes_inside(scope: Scope, stmt: Stmt) -> bool:
    """A PL/SQL expression of the statement (a value, a condition, a bound, a call's arguments) calls a function of
    the run that changes rows or package state. (SQL statements cannot: Oracle refuses DML in a function a query
    calls, ORA-14551.)"""
    tokens = scope.src.tokens
    spans = [cond for cond, _arm in stmt.arms if cond] if stmt.kind in ("if", "case") else []
    spans += [stmt.spans[k] for k in ("selector", "cond", "low", "high") if k in stmt.spans]
    if stmt.kind in ("assign", "return", "exit", "continue", "raise", "call"):
        first = stmt.spans["all"][0] if "all" in stmt.spans else stmt.first
        skip = 2 * len(dotted_name(tokens, first)) - 1 if stmt.kind == "call" else 0  # the callee: see _quiet
        spans.append((first + skip, stmt.end))
    return calls_routine(scope, spans, run_routines(scope.ctx) - quiet_routines(scope.ctx))


def calls_routine(scope: Scope, spans: list[tuple[int, int]], names: set[str]) -> bool:
    """The tokens name a routine of the run among `names` (called with or without parentheses)."""
    tokens = scope.src.tokens
    for first, end in spans:
        for at in range(first, end):
            word = tokens[at]
            if word.kind != "word" or (at and tokens[at - 1].text == ".") or word.upper in scope.locals:
                continue
            if _named(scope, dotted_name(tokens, at), names):
                return True
    return False


# collection methods called as statements: they change the variable, which no rollback undoes (nor does Oracle's)
_COLLECTION_METHODS = frozenset({"EXTEND", "DELETE", "TRIM"})


def _quiet(scope: Scope, stmt: Stmt) -> bool:
    """A supplied call that keeps nothing, a call of a routine of the run that changes nothing (plsql_quiet), or a
    collection method of a local collection (`v.EXTEND`)."""
    parts = dotted_name(scope.src.tokens, stmt.spans["all"][0])
    if (
        len(parts) == 2
        and parts[0] in scope.collections
        and parts[0] in scope.locals
        and parts[1] in _COLLECTION_METHODS
    ):
        return True
    supplied = supplied_is_quiet(parts)
    if supplied is not None:
        return supplied
    return _named(scope, parts, quiet_routines(scope.ctx))


def whole_call(scope: Scope, stmt: Stmt) -> bool:
    """A call of a routine of the run whose only change is the DML statement it ends with (plsql_quiet)."""
    if stmt.kind != "call":
        return False
    parts = dotted_name(scope.src.tokens, stmt.spans["all"][0])
    return supplied_is_quiet(parts) is None and _named(scope, parts, whole_routines(scope.ctx))


def _named(scope: Scope, parts: list[str], names: set[str]) -> bool:
    if len(parts) == 1 and scope.package is not None and parts[0] in scope.package.members:
        return f"{scope.package.name}.{parts[0]}" in names
    if len(parts) == 2 and parts[0] not in packages(scope.ctx):  # schema.routine: a standalone one
        return parts[1] in names
    return ".".join(parts[-2:]) in names


def _sets_state(scope: Scope, stmt: Stmt) -> bool:
    """An assignment to a variable of this package (g := ...) or of another one (pkg.g := ...)."""
    if stmt.kind != "assign":
        return False
    at = stmt.spans["all"][0]
    tokens = scope.src.tokens
    first = tokens[at].upper
    if scope.package is not None and first in scope.package.variables and first not in scope.locals:
        return True
    other = scope.package_of(first) if first not in scope.locals and tokens[at + 1].text == "." else None
    return other is not None and tokens[at + 2].upper in other.variables


def always_raises(scope: Scope, stmts: list[Stmt]) -> bool:
    """The handler ends by raising on every path (plsql_tree.always_raises)."""
    return raises_always(scope.src.tokens, stmts)


def check_block(scope: Scope, block: Stmt) -> int:
    """0 when the block converts as written; how many of its first statements can run before the block instead (see
    narrowing), which makes it exact; -1 when its caught errors would undo changes Oracle keeps."""
    if not block.handlers or all(always_raises(scope, handler) for _, handler in block.handlers):
        return 0
    if keeps(scope, block.body) or all(rolls_back_first(scope.src.tokens, handler) for _, handler in block.handlers):
        return 0
    return narrowing(scope, block) or -1  # -1: Oracle's statement-level rollback is needed (plsql_atomic)


def keeps(scope: Scope, body: list[Stmt]) -> bool:
    """No change, or the only change is the last statement (a failing statement is undone in both; a call, when it
    changes nothing before a DML it ends with), or the block is
    one FORALL ... SAVE EXCEPTIONS (its handlers catch only the final ORA-24381: plsql_forall)."""
    if len(body) == 1 and body[0].kind == "forall" and body[0].flag and not body[0].label:
        return True
    made = changes(scope, body)
    tail = list(body)
    while len(tail) > 1 and (tail[-1] is scope.final_commit or cannot_raise(scope, tail[-1])):
        tail.pop()  # after the change, nothing can fail: the handler never runs with the change made
    last = made[0] if len(made) == 1 and bool(tail) and made[0] is tail[-1] and not tail[-1].arms else None
    # a subprogram that fails keeps in Oracle what it changed before ("PL/SQL does not roll back database changes
    # made by the subprogram"): its call is undone in both only when its one change is the DML it ends with
    return not made or (last is not None and (last.kind != "call" or whole_call(scope, last)))


# SQL%ROWCOUNT assigned to a NUMBER or an integer cannot fail (Oracle and PostgreSQL alike)
_ROW_COUNT_TARGETS = ("unbounded", "integer")


def cannot_raise(scope: Scope, stmt: Stmt) -> bool:
    """NULL; RETURN of nothing, a literal or a variable of the unit; `v := SQL%ROWCOUNT` into a NUMBER or integer
    variable, `v := TRUE / FALSE`, `v := -1` into an unconstrained NUMBER, `v := 'text'` into a text variable the
    literal fits (in bytes, so under either length semantics; not '', which is NULL and a NOT NULL variable refuses),
    DBMS_OUTPUT.PUT_LINE of a string literal: statements that can raise no error a handler could catch."""
    tokens = scope.src.tokens[stmt.first : stmt.end]
    words = [t for t in tokens if t.text != ";"]
    if stmt.kind == "null" or id(stmt) in scope.deferred_commits:  # a COMMIT run after the block: a flag set
        return True
    if stmt.kind == "call":  # DBMS_OUTPUT.PUT_LINE('text' || n): a notice of a short text
        texts = [t.upper or t.text for t in words]
        line = len(words) >= 6 and texts[:4] == ["DBMS_OUTPUT", ".", "PUT_LINE", "("] and texts[-1] == ")"
        return line and _short_text(scope, words[4:-1])
    if stmt.kind == "return":
        value = words[1:]
        return not value or (
            len(value) == 1
            and (value[0].kind in ("number", "string") or value[0].upper in (*scope.locals, "TRUE", "FALSE", "NULL"))
        )
    if stmt.kind != "assign" or len(words) < 3 or words[0].upper not in scope.locals or words[1].text != ":=":
        return False
    assigned = "".join(t.text for t in words[2:]).upper()
    if assigned in ("TRUE", "FALSE") or (assigned == "NULL" and words[0].upper not in scope.not_null):
        return True
    width = scope.text_widths.get(words[0].upper.lower())
    if width is not None and len(words) == 3 and words[2].kind == "string" and _fits(words[2].text, width):
        return True
    kind = scope.numbers.get(words[0].upper.lower())
    if kind == "unbounded" and re.fullmatch(r"-?\d{1,38}", assigned):  # v := -1 into an unconstrained NUMBER
        return True
    return assigned == "SQL%ROWCOUNT" and kind in _ROW_COUNT_TARGETS


# the longest text Oracle gives a NUMBER (40 digits, sign, point, exponent) or a DATE (NLS_DATE_FORMAT), rounded up
_NUMBER_TEXT, _DATE_TEXT, _LINE = 64, 256, 32767


def _short_text(scope: Scope, operands: list[Token]) -> bool:
    """`a || b || ...` of string and number literals, NUMBER and DATE variables and text variables of a declared
    width, whose text cannot pass the 32767 bytes of a PL/SQL string or a DBMS_OUTPUT line: concatenating and
    printing it raise nothing."""
    if not operands or len(operands) % 2 == 0 or any(t.text != "||" for t in operands[1::2]):
        return False
    total = 0
    for token in operands[::2]:
        name = token.upper.lower()
        if token.kind == "string":
            total += len(token.text.encode())
        elif token.kind == "number" or (token.kind == "word" and name in scope.numbers):
            total += _NUMBER_TEXT
        elif token.kind == "word" and name in scope.dates:
            total += _DATE_TEXT
        elif token.kind == "word" and scope.text_widths.get(name):
            total += 4 * scope.text_widths[name]  # characters of up to 4 bytes
        else:
            return False
    return total <= _LINE


def _fits(literal: str, width: int) -> bool:
    """A non-empty plain string literal no longer than `width` bytes (0: no limit)."""
    if not (literal.startswith("'") and literal.endswith("'")) or len(literal) <= 2:
        return False
    return width == 0 or len(literal[1:-1].replace("''", "'").encode()) <= width


# conditions a statement raises only from SQL, a RAISE, or a call (never from evaluating a plain expression)
SQL_ONLY_CONDITIONS = frozenset({"no_data_found", "too_many_rows", "unique_violation"})
SQL_ONLY_STATES = ("U", "P0002", "P0003", "23")  # RAISE_APPLICATION_ERROR / user exceptions, INTO STRICT, integrity


def narrowing(scope: Scope, block: Stmt) -> int:
    """How many first statements of the block can move before it, so the handlers protect only the rest.

    `g_count := g_count + 1; SELECT ... INTO ...; EXCEPTION WHEN NO_DATA_FOUND` keeps the increment in Oracle when
    the SELECT finds nothing; PostgreSQL would undo it with the block. When the handlers catch only errors a plain
    expression cannot raise (NO_DATA_FOUND, TOO_MANY_ROWS, DUP_VAL_ON_INDEX, user exceptions), the first statements
    that neither run SQL nor call anything cannot reach them: they run first, outside the block, and the block
    keeps the rest. Exact when the rest then changes nothing before its last statement."""
    if not all(_sql_only(scope, names) for names, _ in block.handlers):
        return 0
    first = 0
    while first < len(block.body) - 1 and _quiet_statement(scope, block.body[first]):
        first += 1
    return first if first and keeps(scope, block.body[first:]) else 0


def _sql_only(scope: Scope, names: tuple[int, int]) -> bool:
    for name in " ".join(t.upper for t in scope.src.tokens[names[0] : names[1]] if t.text != ".").split(" OR "):
        last = name.split()[-1] if name.split() else ""
        if last in EXCEPTIONS:
            if not set(EXCEPTIONS[last]) <= SQL_ONLY_CONDITIONS or len(name.split()) > 1:
                return False
            continue
        package = scope.package
        state = scope.exceptions.get(last) or (package.exceptions.get(last) if package is not None else None)
        if state is None or not state.startswith(SQL_ONLY_STATES):
            return False
    return True


def _quiet_statement(scope: Scope, stmt: Stmt) -> bool:
    """NULL, an assignment with no call or subscript, or DBMS_OUTPUT of such a value: no SQL, no RAISE, no call
    (reading package state calls its accessor, which may run the package's initialisation: not quiet then)."""
    tokens = scope.src.tokens[stmt.first : stmt.end]
    words = {t.upper for t in tokens}
    package = scope.package
    if package is not None and package.init and words & set(package.variables):
        return False
    others = (scope.package_of(t.upper) for n, t in enumerate(tokens[:-1]) if tokens[n + 1].text == ".")
    if any(other is not None and other.init for other in others):  # its accessors run its initialisation
        return False
    if stmt.kind == "null":
        return True
    if calls_routine(scope, [(stmt.first, stmt.end)], run_routines(scope.ctx)):  # `v := pkg.f` may raise anything
        return False
    if stmt.kind == "assign":
        return not any(t.text == "(" for t in tokens) and "SELECT" not in words
    if stmt.kind == "call" and tokens[0].upper == "DBMS_OUTPUT":
        return sum(t.text == "(" for t in tokens) == 1 and "SELECT" not in words
    return False


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
