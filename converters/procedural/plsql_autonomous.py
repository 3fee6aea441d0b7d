"""PRAGMA AUTONOMOUS_TRANSACTION through dblink (`conversion.autonomous_server`, a foreign server back to the target).

A standalone or package procedure or function with the pragma becomes `name_autonomous` (its body) and `name`,
which runs the body through dblink, so it runs and commits in a transaction of its own whatever the caller then
does (what Oracle does). The dblink session is another session with its own package state: the package variables the body
reads are sent with the call (plsql_autonomous_state); a body that sets one, reads a package with an initialisation
section (it would run again there), or calls a routine of the run that touches package state
(plsql_quiet.stateless_routines) stays
AM-PLSQL-007. The error a calling
handler published (plsql_errorstate) is forwarded: the remote side sets the same transaction-local settings before
the body, in the same remote transaction (one round trip), so SQLCODE / SQLERRM read there are the caller's.
"""

from __future__ import annotations

from converters.names import quote
from converters.procedural.plpgsql import Lines, routine_ddl
from converters.procedural.plsql_autonomous_state import state_reads
from converters.procedural.plsql_facts import ERROR_SETTINGS
from converters.procedural.plsql_handlers import calls_routine
from converters.procedural.plsql_parse import Routine, Stmt
from converters.procedural.plsql_quiet import (
    error_readers,
    quiet_routines,
    run_routines,
    stateless_routines,
    transaction_enders,
)
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_tree import dotted_name, every_statement, rolls_back_first
from migrate.config import LOOPBACK_SERVER


def autonomous_wrapper(scope: Scope, routine: Routine, name: str, params: list[str], result: str | None) -> str:
    """The wrapper `name` calling name_autonomous through dblink ('' when the routine stays AM-PLSQL-007 or has no
    pragma); sets scope.autonomous and scope.final_commit for the body's conversion."""
    server = scope.ctx.settings.autonomous_server
    pragma = any(d.kind == "pragma" and d.name == "AUTONOMOUS_TRANSACTION" for d in routine.decls)
    if (
        not (pragma and server and scope.unit in ("procedure", "function"))
        or scope.returns_self
        or scope.leading_params
    ):
        return ""  # (a hoisted closure passes leading parameters the body does not name)
    scope.final_commit = final_commit(scope, routine)
    scope.final_rollbacks = final_rollbacks(scope, routine)
    reads, why = state_reads(scope, routine)
    # the caller's package state set first, in a statement of its own, on a connection kept for the call: the body
    # may then end its transaction where it likes (in one statement with the CALL, PostgreSQL refuses that)
    apart = bool(reads) and not _one_transaction(scope, routine)
    why = why or _why_not(scope, routine, params, result)
    if why:
        scope.final_commit, scope.final_rollbacks = None, set()
        scope.flag("AM-PLSQL-007", routine.first, f"{routine.name}: {why}")
        return ""
    scope.autonomous = True
    if server == LOOPBACK_SERVER:  # deploy creates it first (converters.procedural.with_loopback)
        scope.calls.add(LOOPBACK_SERVER)
    scope.forwards_error = _reads_error(scope, routine) and _one_transaction(scope, routine)
    literals = ", ".join("NULL" if p.mode == "OUT" else "%L" for p in routine.params)  # OUT: passed as NULL
    remote = f"{name}_autonomous({literals})"
    sets, values = [], []
    if scope.forwards_error:  # the caller's published error, set in the remote transaction before the body
        sets = [f"set_config(''{s}'', %L, true)" for s in ERROR_SETTINGS]
        values = [f"coalesce(current_setting('{s}', true), '')" for s in ERROR_SETTINGS]
    sets += [f"set_config(''{r.setting}'', %L, false)" for r in reads]  # the caller's package state, as it is
    values += [f"coalesce(current_setting('{r.setting}', true), '')" for r in reads]
    prefix = f"SELECT {', '.join(sets)}; " if sets and not apart else ""
    inputs = [p.name for p in routine.params if p.mode != "OUT"]
    args = "".join(", " + v for v in ([] if apart else values) + inputs)
    outs = _out_columns(routine, params)
    body = Lines()
    connection = quote_literal(server)
    if apart:  # a named connection: the settings' statement, then the call's, in one remote session
        connection = quote_literal(f"aurora_{name.replace(chr(34), '').replace('.', '_')}")
        if result is not None:
            body.line("DECLARE")
            body.line(f"    aurora_result {_carried(result)};")
    body.line("BEGIN")
    for read in reads:  # first use in the caller's session gives it its default there, as Oracle's body would
        body.line(f"    PERFORM {read.getter}();")
    if apart:
        body.line(f"    IF NOT ({connection} = ANY (coalesce(dblink_get_connections(), '{{}}'))) THEN")
        body.line(f"        PERFORM dblink_connect({connection}, {quote_literal(server)});")
        body.line("    END IF;")
        body.line("    BEGIN")
        body.indent()
        sent = "".join(", " + v for v in values)
        columns = ", ".join(f"aurora_{n} text" for n in range(1, len(sets) + 1))
        body.line(f"    PERFORM 1 FROM dblink({connection}, format('SELECT {', '.join(sets)}'{sent})) AS t({columns});")
    if result is None and not outs:
        body.line(f"    PERFORM dblink_exec({connection}, format('{prefix}CALL {remote}'{args}));")
    elif result is None:  # CALL returns the OUT and IN OUT values as a row (the last statement's comes back)
        query = f"dblink({connection}, format('{prefix}CALL {remote}'{args}))"
        columns = ", ".join(f"aurora_{n} {_carried(type_)}" for n, (_, type_) in enumerate(outs, 1))
        targets = ", ".join(out for out, _ in outs)
        picked = ", ".join(f"t.aurora_{n}" for n in range(1, len(outs) + 1))
        body.line(f"    SELECT {picked} INTO {targets} FROM {query} AS t({columns});")
    elif apart:
        query = f"dblink({connection}, format('SELECT {remote}'{args}))"
        body.line(f"    aurora_result := (SELECT aurora_result FROM {query} AS t(aurora_result {_carried(result)}));")
    else:  # the last statement's row comes back: the function's value, as text read back into its type
        query = f"dblink({connection}, format('{prefix}SELECT {remote}'{args}))"
        body.line(f"    RETURN (SELECT aurora_result FROM {query} AS t(aurora_result {_carried(result)}));")
    if apart:
        body.line(f"    PERFORM dblink_disconnect({connection});")
        body.dedent()
        body.line("    EXCEPTION WHEN OTHERS THEN  -- the call failed: its connection goes, its error stays")
        body.line(f"        IF {connection} = ANY (coalesce(dblink_get_connections(), '{{}}')) THEN")
        body.line(f"            PERFORM dblink_disconnect({connection});")
        body.line("        END IF;")
        body.line("        RAISE;")
        body.line("    END;")
        if result is not None:
            body.line("    RETURN aurora_result;")
    body.line("END;")
    resolution = (f"SET search_path = {quote(scope.schema)}, public",)  # finds dblink whoever calls
    kind = "procedure" if result is None else "function"
    return "CREATE EXTENSION IF NOT EXISTS dblink SCHEMA public;\n" + routine_ddl(
        kind, name, params, result, body.text(), resolution
    )


def _why_not(scope: Scope, routine: Routine, params: list[str], result: str | None) -> str:
    """Why the routine cannot run exactly in the other session ('' when it can)."""
    if routine.kind == "FUNCTION" and any(p.mode != "IN" for p in routine.params):
        return "a function's OUT parameters cannot come back through dblink with its value"
    if result is not None and (not result or result.startswith("SETOF")):
        return "its result type cannot be read back from dblink"
    package = scope.package
    if package is not None and package.init:
        return "its package's initialisation section would run again in the dblink session"
    called = _run_call(scope, routine, run_routines(scope.ctx) - stateless_routines(scope.ctx))
    if called:
        return f"calls {called.lower()}, which would run in the dblink session (with that session's package state)"
    return ""


def _carried(type_: str) -> str:
    """The type of a value's column in dblink's column list: an anchored type (`t.col%TYPE`), which a column
    list cannot name, as its text; assigning it to the parameter or returning it reads it back with the type's
    input function, as dblink would have with the type named."""
    return "text" if "%" in type_ else type_


def _out_columns(routine: Routine, params: list[str]) -> list[tuple[str, str]]:
    """(name, PostgreSQL type) of the OUT and IN OUT parameters, read from the parameter list (plsql_units)."""
    out = []
    for param, text in zip(routine.params, params, strict=True):
        if param.mode != "IN":
            declared = text.split(" ", 1)[1] if text.startswith(("OUT ", "INOUT ")) else text
            out.append((param.name, declared.split(" ", 1)[1].split(" DEFAULT ")[0]))
    return out


def _run_call(scope: Scope, routine: Routine, among: set[str]) -> str:
    """The first other routine of the run in `among` (plsql_quiet's names) the routine names ('' when none)."""
    tokens = scope.src.tokens
    package = scope.package.name if scope.package is not None else ""
    routines = among - {f"{package}.{routine.name.upper()}" if package else routine.name.upper()}
    for at in range(routine.first, min(routine.end, len(tokens))):
        if tokens[at].kind != "word" or tokens[at - 1].text == ".":
            continue
        parts = dotted_name(tokens, at)
        if parts[-1] == routine.name.upper() and (len(parts) == 1 or parts[-2] == package):
            continue  # its own name (PROCEDURE name ... END name)
        names = {".".join(parts[-2:]), parts[-1]} | ({f"{package}.{parts[-1]}"} if package else set())
        if names & routines:
            return ".".join(parts)
    return ""


def _reads_error(scope: Scope, routine: Routine) -> bool:
    """Whether the routine reads the error a calling handler published (plsql_quiet.error_readers)."""
    package = scope.package.name if scope.package is not None else ""
    return (f"{package}.{routine.name.upper()}" if package else routine.name.upper()) in error_readers(scope.ctx)


def _one_transaction(scope: Scope, routine: Routine) -> bool:
    """Whether what is sent before the CALL (the caller's error, its package state) can share the body's remote
    transaction: the body ends it nowhere but at its final COMMIT, and calls no routine of the run that does."""
    return _only_final_commit(scope, routine) and not _run_call(scope, routine, transaction_enders(scope.ctx))


def _only_final_commit(scope: Scope, routine: Routine) -> bool:
    """Whether the body ends the transaction nowhere but at its final COMMIT: the forwarded settings and the
    CALL share one remote transaction (an implicit transaction block), in which PostgreSQL refuses COMMIT."""
    tokens = scope.src.tokens
    ends = [at for at in range(routine.first, routine.end) if tokens[at].upper in ("COMMIT", "ROLLBACK")]
    last = scope.final_commit
    undone = [s for s in every_statement(routine.body.body if routine.body else []) if id(s) in scope.final_rollbacks]
    return all(
        (last is not None and last.first <= at < last.end) or any(s.first <= at < s.end for s in undone) for at in ends
    )


def final_rollbacks(scope: Scope, routine: Routine) -> set[int]:
    """The ROLLBACKs that open a handler of the autonomous routine's top block (its body, or the one block its body
    is): in the dblink session the transaction holds only what that block did, which PL/pgSQL undoes when the
    handler catches the error, so the ROLLBACK is done already. Not when a declaration's default calls a routine of
    the run that changes something (declarations run before the block's undoing starts)."""
    assert routine.body is not None
    top = routine.body
    blocks = [top]
    if not top.handlers and len(top.body) == 1 and top.body[0].kind == "block":
        blocks.append(top.body[0])
    tokens = scope.src.tokens
    defaults = [d.spans["default"] for d in routine.decls if "default" in d.spans]
    defaults += [d.spans["default"] for b in blocks[1:] for d in b.decls if "default" in d.spans]
    if calls_routine(scope, defaults, run_routines(scope.ctx) - quiet_routines(scope.ctx)):
        return set()
    return {id(handler[0]) for block in blocks for _names, handler in block.handlers
            if handler and rolls_back_first(tokens, handler) and handler[0].kind == "rollback"}  # fmt: skip


def final_commit(scope: Scope, routine: Routine) -> Stmt | None:
    """The COMMIT an autonomous routine ends with: the last statement of its body, or of the one block its body
    is (a function's: before a final RETURN of a literal or of a name declared with the function's return type,
    which cannot fail). Called through dblink, the routine's transaction commits when the call returns, which is
    that COMMIT."""
    assert routine.body is not None
    statements = routine.body.body
    if statements and statements[-1].kind == "block" and len(statements) == 1:
        statements = statements[-1].body
    if routine.kind == "FUNCTION" and len(statements) > 1 and _safe_return(scope, routine, statements[-1]):
        statements = statements[:-1]
    last = statements[-1] if statements else None
    words = [t.upper for t in scope.src.tokens[last.first : last.end - 1]] if last is not None else []
    return last if last is not None and words in (["COMMIT"], ["COMMIT", "WORK"]) else None


def _safe_return(scope: Scope, routine: Routine, stmt: Stmt) -> bool:
    """RETURN of a literal, or of a parameter or variable declared with the function's own return type (_fits)."""
    tokens = scope.src.tokens
    value = tokens[stmt.first + 1 : stmt.end - 1]
    if stmt.kind != "return" or len(value) != 1 or routine.returns is None:
        return False
    if value[0].kind in ("number", "string"):
        return True
    wanted = [t.upper or t.text for t in tokens[routine.returns[0] : routine.returns[1]]]
    spans = [p.type for p in routine.params if p.name.upper() == value[0].upper]
    spans += [d.spans["type"] for d in routine.decls if d.kind == "var" and d.name.upper() == value[0].upper]
    return any(_fits([t.upper or t.text for t in tokens[span[0] : span[1]]], wanted) for span in spans[:1])


def _fits(declared: list[str], wanted: list[str]) -> bool:
    """A value of the declared type returned as `wanted` converts nothing: the same type, or the same one with a
    constraint (VARCHAR2(20) returned as VARCHAR2, NUMBER(10) as NUMBER; a return type takes none)."""
    return declared == wanted or (len(wanted) == 1 and declared[:2] == [wanted[0], "("] and declared[-1] == ")")


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
