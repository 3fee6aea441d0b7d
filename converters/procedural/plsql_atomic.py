"""Oracle's statement-level rollback for a block whose handlers can complete after it changed rows.

Oracle undoes only the failing statement, keeps what the block's earlier statements changed, then runs the
handler; PL/pgSQL would undo the whole block (plsql_handlers). Here each statement that can fail after a change runs
in a sub-block of its own (a subtransaction), which keeps the error and leaves the protected part; the original
handlers then run on the same error, raised again with its SQLSTATE, message and details:

    aurora_state_1 := NULL;
    <<aurora_try_1>>
    BEGIN
        BEGIN INSERT ...; EXCEPTION WHEN <the handlers' conditions> THEN
            GET STACKED DIAGNOSTICS aurora_state_1 = RETURNED_SQLSTATE, ...; EXIT aurora_try_1; END;
        ...
    END;
    IF aurora_state_1 IS NOT NULL THEN
        BEGIN RAISE EXCEPTION USING ERRCODE = aurora_state_1, ...;
        EXCEPTION WHEN <the handlers, as converted> END;
    END IF;

Statements that change nothing share the sub-block of the change after them (variables are not rolled back in
either language); IF / CASE / loops are taken apart so their conditions and bounds are read in a sub-block and
their statements are protected one by one; so are a nested block without handlers and a FOR over a query that
cannot fail (plsql_atomic_query). A nested block with handlers runs in one sub-block when that is exact, or gets
this form itself inside the outer one; EXECUTE IMMEDIATE of a DML text is one statement (plsql_atomic_parts). Other
nested blocks, cursor FOR loops and query FOR loops whose query can fail, FORALL, transaction control, other dynamic
SQL and calls of functions that change rows have no such form: AM-PLSQL-027 as before. A call of a procedure that
changes rows (but for one DML statement it ends with: one sub-block) goes through its twin, which returns its error
with what it changed before it kept (plsql_trycall, plsql_twin); without a twin it stays AM-PLSQL-027. An error the handlers do not catch is not caught by the sub-blocks either: it leaves as it
would have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from converters.procedural.plpgsql import Lines, until_then
from converters.procedural.plsql_atomic_parts import closed_block, dynamic_dml, inner_block, open_block
from converters.procedural.plsql_atomic_query import steady_query
from converters.procedural.plsql_backtrace import convertible
from converters.procedural.plsql_commits import commit_here
from converters.procedural.plsql_decl import block_head, handler_condition
from converters.procedural.plsql_expr import convert_span
from converters.procedural.plsql_handlers import cannot_raise, changes, whole_call, writes_inside
from converters.procedural.plsql_loopfields import query_head
from converters.procedural.plsql_outfn import condition_call
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_trycall import FIELDS, try_call, twin_of

Emit = Callable[[Scope, list[Stmt], Lines], None]
Handlers = Callable[[Scope, Stmt, Lines, str], None]
Comments = Callable[[Scope, int, Lines], None]

# compound statements taken apart when they change rows (their parts protected one by one)
COMPOUND = frozenset({"if", "case", "loop", "while", "for_range"})
# changes with no one-statement form: a nested block, FORALL and transaction control; a call of a routine that
# changes rows (Oracle keeps what a subprogram changed before it failed, a sub-block would undo it) unless its only
# change is the DML statement it ends with (plsql_quiet.whole_routines) or it has a twin (plsql_trycall); dynamic SQL
# (its text may be a PL/SQL block calling such routines) but for a DML text; nested blocks but for plsql_atomic_parts
UNPROTECTED = frozenset({"block", "forall", "commit", "rollback", "call", "execute"})


@dataclass
class Try:
    scope: Scope
    label: str
    n: int
    conditions: str  # what the sub-blocks catch: the handlers' conditions
    context: str  # the helper keeping the error's context ("" when no handler reads the backtrace)
    emit: Emit
    handlers: Handlers
    comments: Comments


def atomic_block(scope: Scope, block: Stmt, out: Lines, emit: Emit, handlers: Handlers, comments: Comments,
                 conditions: str = "") -> bool:  # fmt: skip
    """Emit the block's statements and handlers in the statement-level form; False (with AM-PLSQL-027) when a part
    of it has no such form, and nothing is emitted (`conditions`: what the handlers catch, when not read from
    them: a twin's, plsql_twin)."""
    made = changes(scope, block.body)
    if not _supported(scope, block.body, not _reads(scope, block), top=True):
        scope.flag("AM-PLSQL-027", block.first, f"{len(made)} changing statement(s) before the handler")
        return False
    _atomic(Try(scope, "", 0, conditions, "", emit, handlers, comments), block, out, None)
    return True


def _reads(scope: Scope, block: Stmt) -> bool:
    """A handler of the block reads the backtrace (the failing statement's context is kept for it)."""
    return any(stmts and convertible(scope, stmts[0].first, stmts[-1].end) for _, stmts in block.handlers)


def _atomic(parts: Try, block: Stmt, out: Lines, outer: Try | None) -> None:
    """The protected part, then the handlers on the kept error; inside an `outer` protected part, its sub-blocks
    catch the outer handlers' errors too, and the handlers run in an outer sub-block (what they let go or raise
    reaches the outer handlers)."""
    scope = parts.scope
    scope.flag(
        "AM-PLSQL-124", block.first, f"{len(changes(scope, block.body))} changing statement(s) before the handler"
    )
    n = _number(scope, "aurora_state")
    for suffix, _item, _option in FIELDS:
        scope.extra[f"aurora_{suffix}_{n}"] = "text"
    context = f"aurora_context_{n}" if _reads(scope, block) else ""
    if context:
        scope.extra[context] = "text"
    conditions = parts.conditions if outer is None and parts.conditions else _conditions(scope, block)
    if outer is not None:
        both = conditions.split(" OR ") + outer.conditions.split(" OR ")
        conditions = "OTHERS" if "OTHERS" in both else " OR ".join(dict.fromkeys(both))
    t = Try(scope, f"aurora_try_{n}", n, conditions, context, parts.emit, parts.handlers, parts.comments)
    out.indent()
    out.line(f"aurora_state_{n} := NULL;  -- (Oracle undoes only the failing statement: one block each)")
    out.line(f"<<{t.label}>>")
    out.line("BEGIN")
    out.indent()
    scope.handler_depth += 1
    _protected(t, block.body, out, top=outer is None and scope.handler_depth == 1)
    out.dedent()
    out.line("END;")
    out.line(f"IF aurora_state_{n} IS NOT NULL THEN")
    out.indent()

    def handle() -> None:
        out.line("BEGIN")
        using = ", ".join(f"{option} = aurora_{suffix}_{n}" for suffix, _item, option in FIELDS)
        out.line(f"    RAISE EXCEPTION USING {using};")
        t.handlers(scope, block, out, context)
        out.line("END;")

    scope.handler_depth -= 1  # the handlers run after the re-raise's subtransaction: COMMIT / ROLLBACK allowed
    if outer is None:
        handle()
    else:
        scope.handler_depth += 1  # inside the outer sub-block, which has handlers of its own
        _sub_block(outer, out, handle)
        scope.handler_depth -= 1
    out.dedent()
    out.line("END IF;")
    out.dedent()


def _number(scope: Scope, prefix: str) -> int:
    """The next free number for a helper of this kind in the routine."""
    return 1 + sum(name.startswith(prefix + "_") for name in scope.extra)


def _supported(scope: Scope, stmts: list[Stmt], plain: bool, top: bool = False) -> bool:
    """Every statement that changes rows is simple, or a compound statement whose parts are all supported (`plain`:
    no outer handler reads the backtrace, which a nested block's handlers would raise again); `top`: the block's own
    statements, where a COMMIT runs between the sub-blocks (plsql_commits.commits_between)."""
    for stmt in stmts:
        if not changes(scope, [stmt]):
            continue
        if top and commit_here(scope, stmt) and not scope.handler_depth:
            continue
        if writes_inside(scope, stmt):  # a function that changes rows: what it did before failing stays in Oracle
            return False
        if whole_call(scope, stmt) or closed_block(scope, stmt) or dynamic_dml(scope, stmt):
            continue  # when it fails it has changed nothing
        if plain and twin_of(scope, stmt):  # its twin returns the error, what it changed stays (plsql_trycall)
            continue
        if plain and inner_block(scope, stmt):  # the errors it lets go reach the outer handlers raised again
            if not _supported(scope, stmt.body, not _reads(scope, stmt)):
                return False
        elif _taken_apart(scope, stmt):
            if not all(_supported(scope, arm, plain) for _cond, arm in stmt.arms):
                return False
        elif stmt.arms or stmt.handlers or stmt.kind in UNPROTECTED:
            return False
    return True


def _taken_apart(scope: Scope, stmt: Stmt) -> bool:
    """IF, CASE, a loop, a nested block without handlers, a FOR over a query that cannot fail: the statements
    inside are protected one by one."""
    return stmt.kind in COMPOUND or open_block(scope, stmt) or steady_query(scope, stmt)


def _conditions(scope: Scope, block: Stmt) -> str:
    """The conditions of all the block's handlers (read once more: their findings are the handlers' own)."""
    seen = len(scope.findings)
    conditions = [handler_condition(scope, names) for names, _stmts in block.handlers]
    del scope.findings[seen:]
    return "OTHERS" if "OTHERS" in conditions else " OR ".join(dict.fromkeys(conditions))


def _protected(t: Try, stmts: list[Stmt], out: Lines, top: bool = False) -> None:
    """The statements, each change with the statements before it that change nothing in one sub-block; `top`: a
    COMMIT among the block's own statements runs between them, outside any sub-block (the labelled block has no
    handlers: no subtransaction refuses it), reached only when every statement before it succeeded."""
    group: list[Stmt] = []
    for stmt in stmts:
        if top and commit_here(t.scope, stmt):
            _guarded(t, group, out)
            group = []
            t.scope.handler_depth -= 1
            t.emit(t.scope, [stmt], out)
            t.scope.handler_depth += 1
            continue
        changing = bool(changes(t.scope, [stmt]))
        inner = changing and not closed_block(t.scope, stmt) and inner_block(t.scope, stmt)
        if changing and not whole_call(t.scope, stmt) and twin_of(t.scope, stmt):
            _guarded(t, group, out)
            group = []
            try_call(t.scope, stmt, out, t.emit, lambda inside: _sub_block(t, out, inside))
            continue
        if changing and (_taken_apart(t.scope, stmt) or inner):
            _guarded(t, group, out)
            group = []
            t.comments(t.scope, stmt.first, out)
            (_inner if inner else COMPOUNDS[stmt.kind])(t, stmt, out)
            continue
        group.append(stmt)
        if changing or stmt.kind == "open":  # a cursor opened in a sub-block that fails would be closed
            _guarded(t, group, out)
            group = []
    _guarded(t, group, out)


def _guarded(t: Try, group: list[Stmt], out: Lines) -> None:
    """The statements in a sub-block that keeps their error and leaves the protected part (none when none can
    fail)."""
    if not group:
        return
    if all(cannot_raise(t.scope, s) or _plain_jump(t.scope, s) for s in group):
        t.emit(t.scope, group, out)
        return
    _sub_block(t, out, lambda: t.emit(t.scope, group, out))


def _sub_block(t: Try, out: Lines, inside: Callable[[], None]) -> None:
    out.line("BEGIN")
    out.indent()
    inside()
    out.dedent()
    out.line(f"EXCEPTION WHEN {t.conditions} THEN")
    items = [f"aurora_{suffix}_{t.n} = {item}" for suffix, item, _option in FIELDS]
    if t.context:
        items.append(f"{t.context} = PG_EXCEPTION_CONTEXT")
    out.line(f"    GET STACKED DIAGNOSTICS {', '.join(items)};")
    out.line(f"    EXIT {t.label};")
    out.line("END;")


def _plain_jump(scope: Scope, stmt: Stmt) -> bool:
    """EXIT / CONTINUE without WHEN: nothing to evaluate."""
    words = {t.upper for t in scope.src.tokens[stmt.first : stmt.end]}
    return stmt.kind in ("exit", "continue") and "WHEN" not in words


def _arms(t: Try, stmt: Stmt, arm: str, out: Lines) -> None:
    """Run the arm whose number the sub-block chose, its statements protected one by one."""
    for k, (_cond, stmts) in enumerate(stmt.arms, start=1):
        out.line(f"{'IF' if k == 1 else 'ELSIF'} {arm} = {k} THEN")
        out.indent()
        _protected(t, stmts, out)
        out.dedent()
    out.line("END IF;")


def _if(t: Try, stmt: Stmt, out: Lines) -> None:
    """IF c1 THEN a ELSIF c2 THEN b ...: the conditions, in order, pick an arm number in a sub-block."""
    scope = t.scope
    arm = f"aurora_arm_{_number(scope, 'aurora_arm')}"
    scope.extra[arm] = "integer"

    def choose() -> None:
        for k, (cond, _stmts) in enumerate(stmt.arms, start=1):
            if cond is None:
                out.line("ELSE")
            else:
                text = (condition_call(scope, cond, out) if k == 1 else None) or convert_span(scope, cond)
                out.line(f"{'IF' if k == 1 else 'ELSIF'} {until_then(text)} THEN")
            out.line(f"    {arm} := {k};")
        if all(cond is not None for cond, _stmts in stmt.arms):
            out.line(f"ELSE\n    {arm} := 0;")
        out.line("END IF;")

    _sub_block(t, out, choose)
    _arms(t, stmt, arm, out)


def _case(t: Try, stmt: Stmt, out: Lines) -> None:
    """CASE [selector] WHEN ...: the same CASE picks an arm number (no ELSE: CASE_NOT_FOUND, in the sub-block)."""
    scope = t.scope
    arm = f"aurora_arm_{_number(scope, 'aurora_arm')}"
    scope.extra[arm] = "integer"

    def choose() -> None:
        selector = stmt.spans.get("selector")
        out.line(f"CASE {convert_span(scope, selector)}" if selector else "CASE")
        for k, (cond, _stmts) in enumerate(stmt.arms, start=1):
            out.line("ELSE" if cond is None else f"WHEN {until_then(convert_span(scope, cond))} THEN")
            out.line(f"    {arm} := {k};")
        out.line("END CASE;")

    _sub_block(t, out, choose)
    _arms(t, stmt, arm, out)


def _loop(t: Try, stmt: Stmt, out: Lines) -> None:
    """LOOP / WHILE / FOR i IN a..b / FOR r IN (query): a WHILE condition is read in a sub-block at each turn, FOR
    bounds once; a query that cannot fail runs in the FOR as written."""
    scope = t.scope
    label = f" {stmt.label}" if stmt.label else ""
    head, index = "LOOP", ""
    if stmt.kind == "for_range":
        head, index = _bounds(t, stmt, out), stmt.name.lower()
    elif stmt.kind == "for_query":  # its query cannot fail (plsql_atomic_query): the FOR as written
        head = query_head(scope, stmt)
    if stmt.label:
        out.line(f"<<{stmt.label}>>")
    out.line(head)
    out.indent()
    if stmt.kind == "while":
        going = f"aurora_while_{_number(scope, 'aurora_while')}"
        scope.extra[going] = "boolean"
        _sub_block(t, out, lambda: out.line(f"{going} := {convert_span(scope, stmt.spans['cond'])};"))
        out.line(f"EXIT{label} WHEN {going} IS NOT TRUE;")
    known = index in scope.integers
    if index:  # the index of a numeric FOR loop is an integer inside the loop (as plsql_stmt.loop)
        scope.integers.add(index)
    _protected(t, stmt.body, out)
    if index and not known:
        scope.integers.discard(index)
    out.dedent()
    out.line(f"END LOOP{label};")


def _bounds(t: Try, stmt: Stmt, out: Lines) -> str:
    """FOR i IN low..high: the bounds read once in a sub-block (a NULL bound fails there as the FOR would)."""
    scope = t.scope
    k = _number(scope, "aurora_low")
    low, high = f"aurora_low_{k}", f"aurora_high_{k}"
    scope.extra[low] = scope.extra[high] = "integer"

    def read() -> None:
        out.line(f"{low} := {convert_span(scope, stmt.spans['low'])};")
        out.line(f"{high} := {convert_span(scope, stmt.spans['high'])};")
        for name, which in ((low, "lower"), (high, "upper")):  # PL/pgSQL's own error for a NULL bound
            out.line(f"IF {name} IS NULL THEN\n    RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', "
                     f"MESSAGE = '{which} bound of FOR loop cannot be null';\nEND IF;")  # fmt: skip

    _sub_block(t, out, read)
    bounds = f"REVERSE {high}..{low}" if stmt.flag else f"{low}..{high}"
    return f"FOR {stmt.name} IN {bounds} LOOP"


def _nested(t: Try, stmt: Stmt, out: Lines) -> None:
    """A nested block without handlers: its declarations (which cannot fail) in a block of their own, its
    statements protected one by one."""
    _declarations(t, stmt, out)
    out.line("BEGIN")
    out.indent()
    _protected(t, stmt.body, out)
    out.dedent()
    out.line("END;")


def _inner(t: Try, stmt: Stmt, out: Lines) -> None:
    """A nested block with handlers (plsql_atomic_parts.inner_block): in the statement-level form itself, inside
    the outer one."""
    _declarations(t, stmt, out)
    out.line("BEGIN")
    _atomic(t, stmt, out, t)
    out.line("END;")


def _declarations(t: Try, stmt: Stmt, out: Lines) -> None:
    block_head(t.scope, stmt, out, t.comments)


COMPOUNDS: dict[str, Callable[[Try, Stmt, Lines], None]] = {
    "block": _nested,
    "if": _if,
    "case": _case,
    "loop": _loop,
    "while": _loop,
    "for_range": _loop,
    "for_query": _loop,
}
