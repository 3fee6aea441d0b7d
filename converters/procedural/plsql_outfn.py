"""PL/SQL functions with OUT / IN OUT parameters and a RETURN value -> PostgreSQL functions whose OUT parameters
carry both, and their PL/pgSQL callers rewritten to read them.

A PostgreSQL function returns either its OUT parameters or a value, never both, so

    FUNCTION f(a IN NUMBER, b OUT NUMBER, c IN OUT VARCHAR2) RETURN NUMBER

becomes `f(a numeric, OUT b numeric, INOUT c varchar, OUT result numeric)`: `RETURN x` sets `result` and returns,
and a body that ends without RETURN raises 2F005, as PostgreSQL does for a function without OUT parameters (Oracle:
ORA-06503). A converted caller `v := f(1, x, y);` becomes `SELECT * INTO x, y, v FROM f(1, y);`: Oracle assigns
the OUT and IN OUT arguments when the function returns (by value, without NOCOPY) and then the result, the same
values in the same order. Oracle refuses such a function in SQL (ORA-06572), so every caller is PL/SQL; a call
anywhere but the right side of an assignment (inside an expression, a condition) has no one-statement form and is
AM-PLSQL-061 at its line. Application code calling the function reads the row too (AM-PLSQL-060 on the function).
"""

from __future__ import annotations

import re
from dataclasses import replace

from converters.names import quote, variable_name
from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_argtypes import SCALARS, note_parameters
from converters.procedural.plsql_bulk import targets_text
from converters.procedural.plsql_closures import closure_arguments, copies_back
from converters.procedural.plsql_expr import PLACEHOLDER, convert_span, convert_text, rewrite_span
from converters.procedural.plsql_parse import Routine, Span, Stmt
from converters.procedural.plsql_runfacts import procedure_functions
from converters.procedural.plsql_scope import Scope, function_signatures, out_functions
from converters.procedural.plsql_tree import closing, comma_spans
from converters.procedural.plsql_typekinds import is_text_type
from converters.procedural.plsql_types import pg_type
from migrate.sqltext.lexer import Token

RESULT = "result"
_PLACEHOLDER = re.compile(rf"\b{PLACEHOLDER}(\d+)\b")
NO_RETURN = "RAISE EXCEPTION USING ERRCODE = '2F005', MESSAGE = 'control reached end of function without RETURN';"


def has_out(routine: Routine) -> bool:
    return routine.kind == "FUNCTION" and routine.returns is not None and any(p.mode != "IN" for p in routine.params)


def ends_transactions(tokens: list[Token], routine: Routine) -> bool:
    """A function (not autonomous, not PIPELINED) that COMMITs or ROLLBACKs the transaction: PostgreSQL ends
    transactions only in procedures, so it becomes one, its RETURN value the last (OUT) parameter, `result`
    (AM-PLSQL-062). Oracle refuses such a function in a query when it ends the transaction (ORA-14552), so its
    callers are PL/SQL: converted, `v := f(a);` becomes `CALL f(a, v);`."""
    if routine.kind != "FUNCTION" or routine.returns is None or "PIPELINED" in routine.attributes:
        return False
    words = [t.upper or t.text for t in tokens[routine.first : routine.end]]
    if "AUTONOMOUS_TRANSACTION" in words:
        return False
    return any(
        w == "COMMIT" or (w == "ROLLBACK" and words[n + 1 : n + 2] != ["TO"] and words[n - 1 : n] != ["ON"])
        for n, w in enumerate(words)
        if n and words[n - 1] in (";", "BEGIN", "THEN", "ELSE", "LOOP")
    )


def register(scope: Scope, key: str, routine: Routine) -> None:
    """Note a function with OUT parameters under its target name (`schema.name`, lower case), one signature per
    overload, so its callers in any unit are rewritten; every function's signature is kept too, to tell a call to
    an overload without OUT parameters apart."""
    note_parameters(scope, key, routine)  # procedures too: their callers' arguments (plsql_argtypes)
    if routine.kind != "FUNCTION" or routine.returns is None:
        return
    name = key.replace('"', "").lower()
    signature = tuple((p.name.upper(), p.mode, p.default is not None) for p in routine.params)
    function_signatures(scope.ctx).setdefault(name, set()).add(signature)
    if ends_transactions(scope.src.tokens, routine):
        procedure_functions(scope.ctx).add(name)
    if has_out(routine) or name in procedure_functions(scope.ctx):
        out_functions(scope.ctx).setdefault(name, set()).add(signature)
        typed = pg_type(replace(scope, findings=[]), routine.returns)  # its findings are the routine's own
        if typed:
            _return_types(scope).setdefault(name, typed)


def _return_types(scope: Scope) -> dict[str, str]:
    found: dict[str, str] | None = getattr(scope.ctx, "plsql_out_return_types", None)
    if found is None:
        found = {}
        scope.ctx.plsql_out_return_types = found  # type: ignore[attr-defined]
    return found


def condition_call(scope: Scope, cond: Span, out: Lines, concatenation: bool = False) -> str | None:
    """`IF f(a, x) THEN` / `IF NOT f(a, x) THEN` (an IF's first condition) calling a function with OUT parameters
    where nothing can skip the call (no AND, OR, CASE or other call around it): the call runs first, into a helper
    of its return type, and the condition tests the helper. None when it does not apply. `concatenation`: the
    right side of `v := buf || f(a, x)` (only names, literals and || around the call, none of them an OUT
    argument of it, which Oracle might read before or after the call assigns it)."""
    first, end = cond
    tokens = scope.src.tokens
    while end - first > 2 and tokens[first].text == "(" and closing(tokens, first, end) == end - 1:
        first, end = first + 1, end - 1  # IF (f(a, x) != 'y') THEN: the parentheses around the whole condition
    calls = [i for i in range(first, end) if (i == first or tokens[i - 1].text != ".") and scope.out_call(i, end)]
    found = scope.out_callee(calls[0], end) if len(calls) == 1 else None
    if found is None:
        return None
    close = closing(scope.src.tokens, found[1], end)
    around = [*tokens[first : calls[0]], *tokens[close + 1 : end]]
    type_ = _return_types(scope).get(found[0])
    if not type_ or {t.upper for t in around} & {"AND", "OR", "CASE"} or any(t.text == "(" for t in around):
        return None
    if concatenation:
        arguments = {t.upper for t in tokens[found[1] : close]}
        if any(t.kind not in ("word", "string", "number") and t.text != "||" for t in around):
            return None
        if any(t.kind == "word" and t.upper in arguments for t in around) or not is_text_type(type_):
            return None
    helper = f"aurora_condition_{calls[0]}"
    scope.extra[helper] = type_  # (known to _call_into: a row type is read through a record)
    if not _call_into(scope, calls[0], close + 1, first, helper, out):
        scope.extra.pop(helper)
        return None
    before, values = rewrite_span(scope, (first, calls[0]))
    after, more = rewrite_span(scope, (close + 1, end))
    after = _PLACEHOLDER.sub(lambda m: f"{PLACEHOLDER}{int(m.group(1)) + len(values)}", after)
    return convert_text(scope, f"{before} {helper} {after}".strip(), values + more, first, statement=False)


def result_name(parameters: set[str]) -> str:
    """The OUT parameter carrying a function's RETURN value, among its parameters' (upper) names."""
    return "return_value" if RESULT.upper() in parameters else RESULT


def result_parameter(scope: Scope, routine: Routine, type_: str, procedure: bool = False, hoisted: bool = False) -> str:
    """The OUT parameter carrying the RETURN value (`result`, or `return_value` when a parameter has that name);
    `procedure`: of a function that became a procedure (ends_transactions, or `hoisted`: a nested function writing
    its outer routine's variables, plsql_closures, which only converted callers call)."""
    scope.out_result = result_name({p.name.upper() for p in routine.params})
    if procedure and not hoisted:  # (a hoisted one's callers are all converted: nothing for the user to do)
        scope.flag("AM-PLSQL-062", routine.first, f"{routine.name}: CALL it and read {scope.out_result}")
    elif not procedure:
        scope.flag("AM-PLSQL-060", routine.first, f"{routine.name} returns its OUT parameters and {scope.out_result}")
    return f"OUT {scope.out_result} {type_}"


def needs_tail(routine: Routine) -> bool:
    """No RETURN at the end of the body: falling off it must fail as in Oracle, not return the OUT values."""
    block = routine.body
    return block is None or bool(block.handlers) or not block.body or block.body[-1].kind != "return"


def return_value(scope: Scope, value: str, out: Lines) -> None:
    out.line(f"{scope.out_result} := {value};")
    if scope.copies:  # a hoisted nested function's written outer variables go back first (plsql_closures)
        out.line(copies_back(scope))
    out.line("RETURN;")


def return_call(scope: Scope, stmt: Stmt, out: Lines) -> bool:
    """`RETURN f(args);` -> SELECT * INTO outs, aurora_returned FROM f(inputs); RETURN aurora_returned: the helper
    has the returning function's type, the conversion Oracle's RETURN makes."""
    first, end = stmt.spans["all"]
    if not scope.return_type or end - first < 3:
        return False
    into = _call_into(scope, first + 1, end, stmt.first, "aurora_returned", out)
    if into is None:
        return False
    scope.extra["aurora_returned"] = scope.return_type
    if into:
        if scope.out_result:
            return_value(scope, "aurora_returned", out)
        else:
            out.line("RETURN aurora_returned;")
    return True


def assign_call(scope: Scope, stmt: Stmt, out: Lines, at: int) -> bool:
    """`target := f(args);` with f a function with OUT parameters -> SELECT * INTO outs, target FROM f(inputs)."""
    first, end = stmt.spans["all"]
    if not _simple_target(scope, (first, at)) and scope.out_call(at + 1, end):
        why = f"{scope.src.slice((first, at))} is not a variable PL/pgSQL can SELECT INTO"
        flag_call(scope, first, why, out)
        return True
    target = targets_text(scope, (first, at))
    if _call_into(scope, at + 1, end, first, target, out) is not None:
        return True
    if scope.src.tokens[first].text.lower() not in scope.texts or at - first != 1:
        return False
    text = condition_call(scope, (at + 1, end), out, concatenation=True)  # v := buf || f(a, x)
    if text is not None:
        out.line(f"{target} := {text};")
    return text is not None


def _call_into(scope: Scope, start: int, end: int, first: int, target: str, out: Lines) -> str | None:
    """The call from `start` to `end` read into its OUT arguments and `target`: the SELECT written ('' when an
    action item was written instead), or None when it is no call to a function with OUT parameters."""
    found = scope.out_callee(start, end)
    if found is None:
        return None
    key, open_ = found
    tokens = scope.src.tokens
    close = closing(scope.src.tokens, open_, end) if open_ < end else end - 1  # (no parentheses: no arguments)
    if close != end - 1:
        return None  # inside an expression: the walk flags it (AM-PLSQL-061)
    args = comma_spans(scope.src.tokens, open_ + 1, close) if open_ < end else []
    chosen = scope.overload(key, args)
    procedure = key in procedure_functions(scope.ctx)
    if chosen is not None and all(m == "IN" for _, m, _ in chosen) and not procedure:
        return None  # the overload without OUT parameters: an ordinary call
    why = "" if chosen is not None else "the arguments fit no overload, or several"
    params = chosen or next(iter(out_functions(scope.ctx)[key]))
    modes = {n: m for n, m, _ in params}
    inputs: list[str] = []
    outputs: dict[str, str] = {}
    position = 0
    for arg in args:
        named = arg[1] - arg[0] > 2 and tokens[arg[0] + 1].text == "=>"
        name = tokens[arg[0]].upper if named else (params[position][0] if position < len(params) else "")
        position += 1
        mode = modes.get(name)
        value = (arg[0] + 2, arg[1]) if named else arg
        if mode is None:
            why = why or f"argument {scope.src.slice(arg)} matches no parameter"
            continue
        if mode != "IN":
            if not _simple_target(scope, value):
                why = why or f"{scope.src.slice(value)} is not a variable PL/pgSQL can SELECT INTO"
            outputs[name] = targets_text(scope, value)
        if mode != "OUT":
            text = convert_span(scope, value)
            inputs.append(f"{tokens[arg[0]].text} => {text}" if named else text)
    missing = [n for n, m, _ in params if m != "IN" and n not in outputs]
    if not why and missing:
        why = f"no variable for OUT parameter {missing[0]}"
    if why:
        flag_call(scope, first, why, out)
        return ""
    scope.calls.add(key)
    name = ".".join(quote(p) for p in key.split(".", 1))
    if procedure:  # a function that ends transactions, now a procedure: its OUT arguments and result by name
        result = result_name({n for n, _m, _d in params})
        passed = [f"{n.lower()} => {outputs[n]}" for n, m, _ in params if m != "IN"]
        leading = closure_arguments(scope, key)  # a hoisted nested function's outer variables (plsql_closures)
        line = f"CALL {name}({', '.join([*leading, *inputs, *passed, f'{result} => {target}'])});"
        out.line(line)
        return line
    targets = [*(outputs[n] for n, m, _ in params if m != "IN"), target]
    if len(targets) > 1 and any(_maybe_composite(scope, t) for t in targets):
        # PL/pgSQL takes a row or record variable only as the one INTO target: the row is read into a record and
        # each field assigned, in the same order
        scope.extra["aurora_out_row"] = "record"
        result = result_name({n for n, _m, _d in params})
        fields = [variable_name(n.lower()) for n, m, _ in params if m != "IN"] + [result]
        line = f"SELECT * INTO aurora_out_row FROM {name}({', '.join(inputs)});"
        out.line(line)
        for text, field_name in zip(targets, fields, strict=True):
            out.line(f"{text} := aurora_out_row.{field_name};")
        return line
    line = f"SELECT * INTO {', '.join(targets)} FROM {name}({', '.join(inputs)});"
    out.line(line)
    return line


def _maybe_composite(scope: Scope, target: str) -> bool:
    """A target that may be a row or record variable: a name not known to be a scalar (text, number, date...)."""
    name = target.strip().lower()
    helper = scope.return_type if name == "aurora_returned" else scope.extra.get(name)  # a helper: its type
    if helper is not None:
        return helper.split("(")[0].strip() not in SCALARS
    known = scope.texts | set(scope.numbers) | scope.dates | scope.timestamps | scope.integers | scope.binaries
    return name.isidentifier() and name not in known and name.upper() not in scope.collections


def flag_call(scope: Scope, token: int, why: str, out: Lines | None = None) -> None:
    found = scope.flag("AM-PLSQL-061", token, why)
    if out is not None:
        out.action(found.rule_id, found.message)
        out.line("-- " + " ".join(scope.src.slice((token, _statement_end(scope, token))).split()) + ";")


def _simple_target(scope: Scope, span: Span) -> bool:
    """A variable, a record field or :NEW.x (what PL/pgSQL's INTO accepts; not an array element, not package state)."""
    tokens = scope.src.tokens[span[0] : span[1]]
    if tokens and tokens[0].text == ":" and scope.unit == "trigger":
        tokens = tokens[1:]
    if not tokens or any(t.kind not in ("word", "qident") and t.text != "." for t in tokens):
        return False
    head = tokens[0].upper
    if len(tokens) > 1 and scope.package_of(head) is not None and head not in scope.locals:
        return False
    package = scope.package
    return not (package is not None and head in package.variables and head not in scope.locals)


def _statement_end(scope: Scope, token: int) -> int:
    tokens = scope.src.tokens
    end = token
    while end < len(tokens) and tokens[end].text != ";":
        end += 1
    return end
