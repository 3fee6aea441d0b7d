"""A call of a procedure that has a twin (plsql_twins), inside a protected part of plsql_atomic.

Oracle keeps what the called procedure changed before the statement that failed inside it; a sub-block around its
CALL would undo all of it. Its twin `p_aurora_try` (plsql_twin) leaves exactly Oracle's state and returns the error
in its last argument, so the call runs in a sub-block of its own (which catches what the twin itself lets go: an
error before its body starts, when it has changed nothing) and the error is then raised again where the block's
handlers catch it:

    aurora_error_1 := NULL;
    BEGIN
        CALL pkg.p_aurora_try(args..., aurora_error => aurora_error_1);
    EXCEPTION WHEN <the handlers' conditions> THEN GET STACKED DIAGNOSTICS ...; EXIT aurora_try_1;
    END;
    IF aurora_error_1 IS NOT NULL THEN
        BEGIN
            RAISE EXCEPTION USING ERRCODE = aurora_error_1[1], MESSAGE = aurora_error_1[2], ...;
        EXCEPTION WHEN <the handlers' conditions> THEN GET STACKED DIAGNOSTICS ...; EXIT aurora_try_1;
        END;
    END IF;

The call itself is converted as any call (plsql_calls: named notation, defaults, OUT arguments); only the callee's
name and the extra argument change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_quiet import run_routines
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_twins import resolve, twinned_routines
from migrate.sqltext.lexer import POSTGRES, tokenize

# the error's fields: (helper suffix, GET STACKED DIAGNOSTICS item, RAISE ... USING option); a twin returns them
# in this order
FIELDS = (("state", "RETURNED_SQLSTATE", "ERRCODE"), ("message", "MESSAGE_TEXT", "MESSAGE"),
          ("detail", "PG_EXCEPTION_DETAIL", "DETAIL"), ("hint", "PG_EXCEPTION_HINT", "HINT"),
          ("column", "COLUMN_NAME", "COLUMN"), ("constraint", "CONSTRAINT_NAME", "CONSTRAINT"),
          ("datatype", "PG_DATATYPE_NAME", "DATATYPE"), ("table", "TABLE_NAME", "TABLE"),
          ("schema", "SCHEMA_NAME", "SCHEMA"))  # fmt: skip
SUFFIX = "_aurora_try"
_LIMIT = 63  # PostgreSQL's identifier length (NAMEDATALEN - 1): a longer name would be cut, two twins could meet


def twin_name(name: str) -> str:
    """The twin of routine `name` (its last part, quoted or not): name + SUFFIX, or, past PostgreSQL's 63 bytes, the
    name shortened and a hash of it added, so two long names never give one twin."""
    quoted = name.endswith('"')
    head, _, last = name.rpartition(".")
    bare = last.strip('"')
    twin = bare + SUFFIX
    if len(twin.encode()) > _LIMIT:
        digest = hashlib.md5(bare.encode()).hexdigest()[:8]
        keep = bare.encode()[: _LIMIT - len(SUFFIX) - 9].decode(errors="ignore")
        twin = f"{keep}_{digest}{SUFFIX}"
    twin = f'"{twin}"' if quoted else twin
    return f"{head}.{twin}" if head else twin


_CALL = re.compile(r"^[ \t]*CALL\s+((?:\"[^\"]+\"|[\w$]+)(?:\.(?:\"[^\"]+\"|[\w$]+))*)\s*\(", re.MULTILINE)

Emit = Callable[[Scope, list[Stmt], Lines], None]
Guard = Callable[[Callable[[], None]], None]


def twin_of(scope: Scope, stmt: Stmt) -> str:
    """The run name ('PKG.NAME' / 'NAME') of the procedure with a twin that the call statement calls ('' when none)."""
    if stmt.kind != "call" or "all" not in stmt.spans:
        return ""
    first = stmt.spans["all"][0]
    word = scope.src.tokens[first].upper
    if word in scope.nested or word in scope.locals:
        return ""
    package = scope.package.name if scope.package is not None else ""
    key = resolve(scope.src.tokens, first, package, run_routines(scope.ctx))
    return key if key in twinned_routines(scope.ctx) else ""


def try_call(scope: Scope, stmt: Stmt, out: Lines, emit: Emit, guarded: Guard) -> None:
    """The call through the twin (`emit`: the statement converter; `guarded`: a sub-block of the protected part
    around what it writes). A call whose conversion is not one CALL of the procedure stays AM-PLSQL-027."""
    converted = Lines()
    emit(scope, [stmt], converted)
    variable = f"aurora_error_{1 + sum(name.startswith('aurora_error_') for name in scope.extra)}"
    text = _through_twin(scope, converted.text().rstrip("\n"), variable)
    if text is None:
        scope.flag("AM-PLSQL-027", stmt.first, "a call of a procedure that changes rows, not converted to one CALL")
        guarded(lambda: out.extend(converted))
        return
    scope.extra[variable] = "text[]"
    out.line(f"{variable} := NULL;  -- (the procedure returns its error: what it changed before it stays)")
    guarded(lambda: out.line(text))
    out.line(f"IF {variable} IS NOT NULL THEN")
    out.indent()
    using = ", ".join(f"{option} = {variable}[{n}]" for n, (_suffix, _item, option) in enumerate(FIELDS, start=1))
    guarded(lambda: out.line(f"RAISE EXCEPTION USING {using};"))
    out.dedent()
    out.line("END IF;")


def _through_twin(scope: Scope, text: str, variable: str) -> str | None:
    """The converted call with the twin's name and `aurora_error => variable` added; None when the text is not
    one CALL."""
    calls = list(_CALL.finditer(text))
    if len(calls) != 1:
        return None
    name = calls[0].group(1)
    opening = calls[0].end() - 1
    depth, closing = 0, -1
    for token in tokenize(text[opening:], POSTGRES):
        depth += (token.text == "(") - (token.text == ")")
        if depth == 0:
            closing = opening + token.start
            break
    if closing < 0 or not text[closing + 1 :].strip().startswith(";"):
        return None
    twin = twin_name(name)
    plain = name.replace('"', "").lower()
    called = [c for c in scope.calls if c.replace('"', "").lower() == plain]
    if not called:
        return None
    scope.calls.update(twin_name(c) for c in called)
    arguments = text[opening + 1 : closing].strip()
    extra = f"{', ' if arguments else ''}aurora_error => {variable}"
    return f"{text[: calls[0].start(1)]}{twin}{text[calls[0].end(1) : closing]}{extra}{text[closing:]}"
