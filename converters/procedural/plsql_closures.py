"""Nested subprograms that read variables of the routine around them: `outer_inner(outer_v, ...)`.

PL/pgSQL has no nested subprograms; plsql_units.hoisted makes one that uses nothing of its outer routine a routine
of its own. One that only READS the outer routine's variables or parameters is hoisted too, with each of them as
a leading parameter, and every call passes the current values: a call sees the values they hold when it is made,
and since nothing during the call can change them (the nested routine writes none of them, and only the outer
routine and its nested routines can see them), that is what Oracle's nested routine reads. One that assigns an
outer variable (`:=`, INTO, an OUT argument, a collection method), or reads an outer cursor, type or exception,
stays AM-PLSQL-016.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.procedural.plsql_parse import Decl, Routine
from converters.procedural.plsql_scope import Scope, run_state
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


def _closures(scope: Scope) -> dict[str, list[tuple[str, str]]]:
    """Hoisted nested routine (its qualified name) -> (name, type) of the outer variables every call passes first."""
    return run_state(scope.ctx, "plsql_closures", dict[str, list[tuple[str, str]]])


def closure(scope: Scope, outer: Routine, inner: Routine, captured: set[str]) -> list[tuple[str, str]] | None:
    """(name, PostgreSQL type) of each outer variable or parameter the nested routine reads, in declaration order,
    or None when it cannot be hoisted exactly (see the module doc)."""
    declared: dict[str, tuple[str, tuple[int, int]]] = {p.name.upper(): (p.name, p.type) for p in outer.params}
    for decl in outer.decls:
        if decl.name.upper() in captured and decl.kind not in ("var", "const"):
            return None  # a cursor, type, exception or subtype of the outer routine
        if decl.kind in ("var", "const"):
            declared[decl.name.upper()] = (decl.name, decl.spans["type"])
    if any(p.mode != "IN" for p in inner.params) or not _reads_only(scope, inner, captured):
        return None
    out = []
    for upper, (name, span) in declared.items():
        if upper in captured:
            type_ = pg_type(scope, span)
            if not type_:
                return None
            out.append((name, type_))
    return out


def _reads_only(scope: Scope, inner: Routine, captured: set[str]) -> bool:
    """No captured name is assigned (`v :=`, `v(i) :=`, `v.f :=`), changed by a collection method, read INTO, passed
    as OUT, or passed whole to a procedure call (whose parameter may be OUT)."""
    tokens, end = scope.src.tokens, inner.end
    for i in range(inner.first, end):
        if tokens[i].upper not in captured or (i > inner.first and tokens[i - 1].text == "."):
            continue
        j = i + 1
        while j < end and tokens[j].text in ("(", "."):
            if tokens[j].text == "(":
                j = min(closing(tokens, j, end) + 1, end)
            elif j + 1 < end and tokens[j + 1].upper in _CHANGING:
                return False
            else:
                j += 2
        if j < end and tokens[j].text == ":=":
            return False
        if _in_into(tokens, i, inner.first) or tokens[i - 1].upper == "OUT" or _call_argument(tokens, i, inner.first):
            return False
    return True


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
    extra = [name for name, _type in _closures(w.scope).get(target, [])]
    if not extra:
        return None
    if w.text(i + 1) != "(":
        return f"{target}({', '.join(extra)})", i + 1
    w.suffix[i + 1] = ", ".join(extra) + ("" if w.text(i + 2) == ")" else ", ")
    return target, i + 1


def hoist_closure(scope: Scope, outer: Routine, decl: Decl, captured: set[str], target: str) -> bool:
    """Register a nested routine that reads outer variables (None from `closure`: it stays AM-PLSQL-016)."""
    assert decl.routine is not None
    found = closure(scope, outer, decl.routine, captured)
    if found is None:
        return False
    _closures(scope)[target] = found
    return True


def leading_parameters(sub: Scope, target: str) -> list[str]:
    """The hoisted routine's leading parameters, the outer variables it reads, declared in its scope `sub`."""
    found = _closures(sub).get(target, [])
    for name, type_ in found:
        sub.locals.add(name.upper())
        sub.declared(name, type_)
    return [f"{name} {type_}" for name, type_ in found]


def bare_call(scope: Scope, target: str) -> str:
    """`CALL target(outer values)` for a nested procedure called without arguments."""
    return f"CALL {target}({', '.join(name for name, _type in _closures(scope).get(target, []))});"
