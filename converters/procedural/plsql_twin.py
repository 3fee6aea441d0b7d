"""The twin `p_aurora_try` of a procedure (plsql_twins): the procedure, returning its error instead of raising it.

    CREATE PROCEDURE pkg.p_aurora_try(<p's parameters, OUT ones INOUT>, INOUT aurora_error text[] DEFAULT NULL)

Its body is p's body as if written `BEGIN <p's body> EXCEPTION WHEN OTHERS THEN <return the error> END;`, in
Oracle's statement-level form (plsql_atomic: each change its own sub-block, p's own handlers kept), so when p fails
what its earlier statements changed stays and the failing statement alone is undone, as in Oracle. The error's
fields (plsql_trycall.FIELDS) go to `aurora_error` and the twin returns normally; its caller raises the error again
for its own handlers (plsql_trycall). Oracle leaves OUT and IN OUT actual parameters as they were when a subprogram
raises: the twin keeps their values at entry (an OUT one is INOUT here to see the caller's value, and starts NULL
as Oracle's OUT parameter does) and puts them back before returning the error. A twin that cannot be converted
exactly is manual with its findings; its callers wait for it (AM-PLSQL-026).
"""

from __future__ import annotations

from collections.abc import Callable

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_atomic import atomic_block
from converters.procedural.plsql_parse import Routine, Stmt
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_stmt import body, emit_comments, emit_statements, handlers
from converters.procedural.plsql_trycall import FIELDS

ERROR = "aurora_error"


def twin_parameters(scope: Scope, routine: Routine, params: list[str]) -> tuple[list[str], list[str]]:
    """The twin's parameters (p's `params`, OUT ones INOUT, then aurora_error) and the statements that put the
    OUT / IN OUT parameters back; the values are kept at entry (scope.entry)."""
    out: list[str] = []
    saves: list[str] = []
    resets: list[str] = []
    restores: list[str] = []
    defaulted = False
    for param, text in zip(routine.params, params[len(params) - len(routine.params) :], strict=True):
        defaulted |= " DEFAULT " in text
        if param.mode == "IN":
            out.append(text)
            continue
        saved = f"aurora_saved_{len(restores) + 1}"
        scope.extra[saved] = f"{param.name}%TYPE"
        saves.append(f"{saved} := {param.name};")
        restores.append(f"{param.name} := {saved};")
        if text.startswith("OUT "):
            text = "INOUT " + text.removeprefix("OUT ") + (" DEFAULT NULL" if defaulted else "")
        if param.mode == "OUT":
            resets.append(f"{param.name} := NULL;")  # Oracle's OUT parameter starts NULL
        out.append(text)
    out.append(f"INOUT {ERROR} text[] DEFAULT NULL")
    scope.entry = "\n".join(filter(None, (*saves, *resets, scope.entry)))
    return params[: len(params) - len(routine.params)] + out, restores


def twin_body(restores: list[str]) -> Callable[[Scope, Stmt, Lines], None]:
    """plsql_units.routine_body's body converter for a twin: the body in a protected part whose handler returns
    the error (a body with no statement-level form converts as written, with AM-PLSQL-027)."""

    def emit(scope: Scope, block: Stmt, out: Lines) -> None:
        wrapped = Stmt("block", block.first, block.end, arms=[(None, [block])], handlers=[((block.end, block.end), [])])

        def handler(scope: Scope, handled: Stmt, into: Lines, context: str) -> None:
            if handled is not wrapped:  # a nested block's own handlers (plsql_atomic's inner form), as written
                handlers(scope, handled, into, context)
                return
            for suffix, _item, _option in FIELDS:
                scope.extra[f"aurora_failed_{suffix}"] = "text"
            items = ", ".join(f"aurora_failed_{suffix} = {item}" for suffix, item, _option in FIELDS)
            into.line("EXCEPTION")
            into.line("    WHEN OTHERS THEN  -- (the error is returned: the caller raises it again)")
            into.indent()
            into.indent()
            into.line(f"GET STACKED DIAGNOSTICS {items};")
            fields = ", ".join(f"aurora_failed_{suffix}" for suffix, _item, _option in FIELDS)
            into.line(f"{ERROR} := ARRAY[{fields}];")
            for line in restores:  # Oracle leaves OUT / IN OUT arguments unchanged when the subprogram raises
                into.line(line)
            into.dedent()
            into.dedent()

        if not atomic_block(scope, wrapped, out, emit_statements, handler, emit_comments, "OTHERS"):
            body(scope, block, out)

    return emit
