"""Nested subprograms that read variables of the routine around them: `outer_inner(outer_v, ...)`.

PL/pgSQL has no nested subprograms; plsql_units.hoisted makes one that uses nothing of its outer routine a routine
of its own. One that only READS the outer routine's variables or parameters is hoisted too, with each of them as
a leading parameter, and every call passes the current values: a call sees the values they hold when it is made,
and since nothing during the call can change them (the nested routine writes none of them, and only the outer
routine and its nested routines can see them), that is what Oracle's nested routine reads.

A nested PROCEDURE that assigns outer variables (`:=`, INTO, an OUT argument, a collection method) takes each of
them as a leading INOUT parameter: the call hands the value in and PL/pgSQL's CALL assigns it back when the procedure
returns. Oracle writes the variable itself, so the two differ only when the procedure raises after a write and the
error is caught where the variable is still read; so every call of it must be outside any block with handlers, or
inside blocks whose every handler ends by raising and names neither those variables nor a nested routine. A call
passing one of them as an argument too (Oracle passes IN parameters by reference) keeps it AM-PLSQL-016. What a
nested routine's calls of other nested routines read or write counts as its own (the values are passed through).
A nested FUNCTION that writes outer variables becomes a procedure with an OUT `result` as well, which the converted
callers CALL (`c := getc;` -> `CALL outer_getc(tokenizer, result => c)`); a call of it inside an expression has
no such form (AM-PLSQL-061). Any nested routine reading an outer cursor, type or exception stays AM-PLSQL-016.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from converters.procedural.plsql_closure_calls import safe_calls
from converters.procedural.plsql_parse import Decl, Routine
from converters.procedural.plsql_scope import Scope, procedure_functions, run_state
from converters.procedural.plsql_tree import closing
from converters.procedural.plsql_types import pg_type
from migrate.sqltext.lexer import Token

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

_CHANGING = frozenset({"EXTEND", "DELETE", "TRIM"})
# statement starts that are not a procedure call (a call may pass a variable as an OUT argument)
_NOT_CALLS = frozenset({"IF", "ELSIF", "RETURN", "WHILE", "FOR", "EXIT", "CONTINUE", "CASE", "WHEN", "RAISE", "NULL",
                        "OPEN", "CLOSE", "FETCH", "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "EXECUTE", "PIPE",
                        "WITH", "LOOP", "BEGIN", "END", "ELSE", "THEN"})  # fmt: skip
# supplied procedures whose parameters are all IN (DBMS_OUTPUT.GET_LINE's are OUT: a call like any other)
_IN_ONLY = frozenset({("DBMS_OUTPUT", "PUT_LINE"), ("DBMS_OUTPUT", "PUT")})
_STARTS = frozenset({";", "BEGIN", "THEN", "ELSE", "LOOP", "IS", "AS", "DECLARE", "EXCEPTION"})


COPY = "aurora_out_"  # the INOUT parameter a written outer variable of a width is copied back to
Leading = tuple[str, str, bool]  # (outer variable's name, PostgreSQL type, written: an INOUT parameter)


def _closures(scope: Scope) -> dict[str, list[Leading]]:
    """Hoisted nested routine (its qualified name) -> the outer variables every call passes first."""
    return run_state(scope.ctx, "plsql_closures", dict[str, list[Leading]])


def hoist_closures(scope: Scope, outer: Routine, nested: list[Decl], targets: dict[str, str]) -> set[str]:
    """The nested routines (upper names) that can become routines of their own, each registered under its target
    with the outer variables it reads or writes, its nested callees' included (see the module doc)."""
    tokens = scope.src.tokens
    outer_names = {p.name.upper() for p in outer.params} | {d.name.upper() for d in outer.decls if d.kind != "routine"}
    names = {d.name.upper() for d in nested}
    uses: dict[str, tuple[set[str], set[str], set[str], set[str]]] = {}  # captured, written, callees, own names
    for decl in nested:
        inner = decl.routine
        assert inner is not None
        own = {p.name.upper() for p in inner.params} | {d.name.upper() for d in inner.decls}
        used = {t.upper for t in tokens[inner.first : inner.end] if t.kind == "word"}
        captured = (used & outer_names) - own
        uses[decl.name.upper()] = (captured, _written(scope, inner, captured), (used & names) - own, own)
    blocked = _pass_through(uses)
    hoisted = set()
    for decl in nested:
        name = decl.name.upper()
        captured, written, _callees, _own = uses[name]
        assert decl.routine is not None
        if not captured and name not in blocked:
            hoisted.add(name)  # it uses nothing of the outer routine
            continue
        found = None if name in blocked else closure(scope, outer, decl.routine, captured, written)
        if found is not None and written and not safe_calls(scope, outer, nested, name, written):
            found = None
        if found is not None:
            hoisted.add(name)
            if found:
                _closures(scope)[targets[name]] = found
            if written and decl.routine.kind == "FUNCTION":  # a procedure with OUT result: `v := f` CALLs it
                procedure_functions(scope.ctx).add(_key(targets[name]))
    return hoisted


def _key(target: str) -> str:
    return target.replace('"', "").lower()


def writes_outer(scope: Scope, target: str) -> bool:
    """The hoisted nested routine `target` assigns variables of its outer routine (INOUT leading parameters)."""
    return any(written for _name, _type, written in _closures(scope).get(target, []))


def closure_arguments(scope: Scope, key: str) -> list[str]:
    """The outer variables a call of the hoisted nested routine with registry key `key` (lower schema.name) passes
    first; [] for any other routine."""
    found = next((v for t, v in _closures(scope).items() if _key(t) == key), [])
    return [name for name, _type, _written in found]


def _pass_through(uses: dict[str, tuple[set[str], set[str], set[str], set[str]]]) -> set[str]:
    """Add to each nested routine what its nested callees read and write (it passes their values on); the routines
    whose own declarations hide a name a callee needs from the outer routine are returned (they cannot)."""
    blocked: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, (captured, written, callees, own) in uses.items():
            for callee in callees:
                more = (uses[callee][0] - captured, uses[callee][1] - written)
                if more[0] & own or more[1] & own:
                    blocked.add(name)
                elif more[0] or more[1]:
                    captured |= more[0]
                    written |= more[1]
                    changed = True
    return blocked


def closure(
    scope: Scope, outer: Routine, inner: Routine, captured: set[str], written: set[str]
) -> list[Leading] | None:
    """Each outer variable or parameter the nested routine reads or writes, in declaration order, or None when it
    cannot be hoisted exactly (see the module doc)."""
    declared: dict[str, tuple[str, tuple[int, int]]] = {p.name.upper(): (p.name, p.type) for p in outer.params}
    for decl in outer.decls:
        if decl.name.upper() in captured and decl.kind not in ("var", "const"):
            return None  # a cursor, type, exception or subtype of the outer routine
        if decl.kind in ("var", "const"):
            declared[decl.name.upper()] = (decl.name, decl.spans["type"])
    if any(p.mode != "IN" for p in inner.params):
        return None
    out = []
    for upper, (name, span) in declared.items():
        if upper in captured:
            type_ = pg_type(scope, span)
            if not type_:
                return None
            out.append((name, type_, upper in written))
    return out


def _written(scope: Scope, inner: Routine, captured: set[str]) -> set[str]:
    """The captured names the routine assigns (`v :=`, `v(i) :=`, `v.f :=`), changes by a collection method, reads
    INTO, passes as OUT, or passes whole to a procedure call (whose parameter may be OUT)."""
    tokens, end = scope.src.tokens, inner.end
    written = set()
    for i in range(inner.first, end):
        if tokens[i].upper not in captured or (i > inner.first and tokens[i - 1].text == "."):
            continue
        j = i + 1
        while j < end and tokens[j].text in ("(", "."):
            if tokens[j].text == "(":
                j = min(closing(tokens, j, end) + 1, end)
            elif j + 1 < end and tokens[j + 1].upper in _CHANGING:
                written.add(tokens[i].upper)
                break
            else:
                j += 2
        if (
            (j < end and tokens[j].text == ":=")
            or _in_into(tokens, i, inner.first)
            or tokens[i - 1].upper == "OUT"
            or _call_argument(tokens, i, inner.first)
        ):
            written.add(tokens[i].upper)
    return written


def _in_into(tokens: list[Token], at: int, first: int) -> bool:
    """Inside an INTO list (SELECT / FETCH / RETURNING ... INTO a, b)."""
    for j in range(at - 1, first - 1, -1):
        word = tokens[j].upper
        if word == "INTO":
            return True
        if (tokens[j].text not in (",", ".") and tokens[j].kind not in ("word", "qident")) or word in _STARTS or word in (
            "FROM", "WHERE", "USING", "VALUES", "SELECT"):  # fmt: skip
            return False
    return False


def _call_argument(tokens: list[Token], at: int, first: int) -> bool:
    """A whole argument of a procedure call statement (it may be an OUT parameter there)."""
    if tokens[at - 1].text not in ("(", ",", "=>") or tokens[at + 1].text not in (")", ","):
        return False
    start = at
    while start > first and tokens[start - 1].upper not in _STARTS:
        start -= 1
    words = [t.text for t in tokens[start:at]]
    supplied = (tokens[start].upper, tokens[start + 2].upper) if words[1:2] == ["."] else ("", "")
    return tokens[start].upper not in _NOT_CALLS and supplied not in _IN_ONLY and ":=" not in words


def call_with_closure(w: Walk, i: int, name: str) -> tuple[str, int] | None:
    """A call of a hoisted nested routine that reads outer variables: those values are passed first."""
    target = w.scope.nested[name]
    extra = [name for name, _type, _written in _closures(w.scope).get(target, [])]
    if not extra:
        return None
    if w.text(i + 1) != "(":
        return f"{target}({', '.join(extra)})", i + 1
    w.suffix[i + 1] = ", ".join(extra) + ("" if w.text(i + 2) == ")" else ", ")
    return target, i + 1


def leading_parameters(sub: Scope, target: str) -> list[str]:
    """The hoisted routine's leading parameters, the outer variables it reads (INOUT: writes), declared in its
    scope `sub`. A written one whose type has a width or scale (varchar(30), numeric(8,2), timestamp(0)) is a
    local of that type, copied from and back to its parameter (`copies`): PostgreSQL drops a parameter's width,
    and each assignment must fail or round where Oracle's does."""
    found = _closures(sub).get(target, [])
    params = []
    for name, type_, written in found:
        sub.locals.add(name.upper())
        sub.declared(name, type_)
        if written and "(" in type_:
            sub.copies.append((name, type_))
            params.append(f"INOUT {COPY}{name} {re.sub(r'[(][^)]*[)]', '', type_)}")
        else:
            params.append(f"{'INOUT ' if written else ''}{name} {type_}")
    return params


def copies_back(scope: Scope) -> str:
    """What a hoisted procedure runs before it returns: each written outer variable's local copied back."""
    return " ".join(f"{COPY}{name} := {name};" for name, _type in scope.copies)


def bare_call(scope: Scope, target: str) -> str:
    """`CALL target(outer values)` for a nested procedure called without arguments."""
    return f"CALL {target}({', '.join(name for name, _type, _written in _closures(scope).get(target, []))});"
