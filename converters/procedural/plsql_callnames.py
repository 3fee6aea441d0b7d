"""Names of called routines that the query rewrites must not read as Oracle built-ins.

A package may define a routine named like a built-in (`bitand`, `to_char`, `replace` ...): inside the package, and
called as `pkg.bitand(...)` from elsewhere, PL/SQL calls the package's routine. The query rewrites parse
`pkg.bitand(x, y)` as the built-in (`pkg.x & y`), so such a name goes to them as a placeholder and is put back
after. `SYS.STANDARD.f` / `STANDARD.f` is the built-in itself (PL/SQL's STANDARD package holds them): the
qualifier is dropped, so the rewrites convert the call as the built-in it is."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from converters.names import fold
from converters.procedural.plsql_scope import Package, pipelined_functions
from converters.rewrite import RewriteOptions, convert_expression

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

# words after a FROM item that are not its alias
_NOT_ALIAS = frozenset({"WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "ON", "ORDER", "GROUP", "HAVING",
                        "UNION", "INTERSECT", "MINUS", "EXCEPT", "CONNECT", "START", "FOR", "FETCH", "OFFSET",
                        "NATURAL", "OUTER", "APPLY", "PIVOT", "UNPIVOT", "MODEL", "WINDOW", "INTO"})  # fmt: skip


@functools.lru_cache(maxsize=4096)
def is_builtin_name(name: str) -> bool:
    """Do the query rewrites read `name(...)` as something else than a call of a routine named so (an Oracle
    built-in they convert)?"""
    for args in ("aurora_a", "aurora_a, aurora_b"):
        call = f"{name}({args})"
        try:
            done = convert_expression(call, "oracle", RewriteOptions(procedural=True)).sql
        except Exception:  # anything the rewrites cannot take is not a plain call
            return True
        if done.replace('"', "").lower() != call.lower():
            return True
    return False


def call_name(text: str, placeholder: Callable[[str], str]) -> str:
    """The routine name `text` as written into the text the rewrites read."""
    bare = text.strip('"')
    if not bare.replace("_", "").replace("$", "").replace("#", "").isalnum() or not is_builtin_name(bare):
        return text
    return placeholder(text)


def standard_qualifier(words: list[str], own_standard: bool) -> int:
    """How many tokens of `SYS . STANDARD .` or `STANDARD .` start `words` (0 when none): the built-in follows.
    `own_standard`: the run has a package named STANDARD of its own (then `STANDARD.f` is that package's)."""
    if words[:4] == ["SYS", ".", "STANDARD", "."] and len(words) > 4:
        return 4
    if words[:2] == ["STANDARD", "."] and len(words) > 2 and not own_standard:
        return 2
    return 0


def table_function(w: Walk, i: int) -> tuple[str, int] | None:
    """FROM TABLE(f(...)) of a PIPELINED function of the run -> FROM f(...): a set-returning function. Its rows of
    one scalar are named COLUMN_VALUE, as Oracle names them (`f(...) AS column_value`, `f(...) AS t(column_value)`)."""
    if w.word(i) != "TABLE" or w.text(i + 1) != "(" or not w.sql or i == w.first:
        return None
    if w.word(i - 1) not in ("FROM", "JOIN") and w.text(i - 1) != ",":
        return None
    callee = _callee(w, i + 2)
    registry = pipelined_functions(w.scope.ctx)
    if callee is None and w.text(i + 3) == ")" and _undeclared(w, i + 2):
        w.scope.flag("AM-PLSQL-121", i + 2, w.tokens[i + 2].text)
    if callee is None or callee[0] not in registry:
        return None
    key, last = callee
    close = w.matching(i + 1)
    if w.text(last + 1) != "(":  # PL/SQL calls a function without arguments without ()
        w.suffix[last] = w.suffix.get(last, "") + "()"
    alias = w.tokens[close + 1] if close + 1 < w.end else None
    named = alias is not None and alias.kind in ("word", "qident") and alias.upper not in _NOT_ALIAS
    if not registry[key]:
        w.closers[close] = ""
    elif named and alias is not None:
        w.closers[close], w.closers[close + 1] = f" AS {alias.text}(column_value)", ""
    else:
        w.closers[close] = " AS column_value"
    return "", i + 2


def undeclared_member(w: Walk, i: int, package: Package) -> None:
    """pkg.name in PL/SQL where pkg's spec (read whole) declares no `name`: Oracle does not compile the unit
    (PLS-00302), so there is no behaviour to convert. Inside SQL, `x.name` may be a column of a table alias x."""
    if package.spec and not w.sql and w.tokens[i + 2].kind == "word" and not package.declares(w.word(i + 2)):
        w.scope.flag("AM-PLSQL-120", i, f"{w.tokens[i].text}.{w.tokens[i + 2].text}")


def _undeclared(w: Walk, at: int) -> bool:
    """Is the bare name at `at` (a TABLE() argument) nothing Oracle could resolve there: not declared in the unit
    or its package, not a column of a table of the run, not a routine of the run? Oracle then refuses the unit
    (PLS-00201), unless the name is a function outside the run."""
    scope, name = w.scope, w.word(at)
    if w.tokens[at].kind != "word" or name in scope.locals or name in scope.collections or name in scope.nested:
        return False
    if scope.package is not None and scope.package.declares(name):
        return False
    if scope.routine_key(name) is not None:
        return False
    return not any(c.name.upper() == name for t in scope.ctx.tables.values() for c in t.columns)


def _callee(w: Walk, at: int) -> tuple[str, int] | None:
    """(registry key, index of its last name token) of the routine called at `at` (name or package.name, with or
    without parentheses), if the run has it."""
    scope, source = w.scope, w.scope.ctx.source
    if w.text(at + 1) == ".":
        package = scope.package_of(w.word(at))
        owner = package.schema if package is not None else scope.ctx.names.schema(w.tokens[at].text)
        return f"{owner}.{fold(w.tokens[at + 2].text, source)}".replace('"', "").lower(), at + 2
    if scope.package is not None and w.word(at) in scope.package.members:
        return f"{scope.package.schema}.{fold(w.tokens[at].text, source)}".replace('"', "").lower(), at
    key = scope.routine_key(w.word(at))
    return (key, at) if key is not None else None


def is_empty(w: Walk, i: int) -> tuple[str, int] | None:
    """coll IS [NOT] EMPTY -> coll = '{}' / coll <> '{}': TRUE / FALSE as in Oracle whatever NULL elements the
    collection holds, NULL for a NULL collection ("If you specify NULL for the nested table or varray, the result
    is NULL")."""
    if w.word(i) != "IS":
        return None
    negated = w.word(i + 1) == "NOT"
    if w.word(i + 1 + negated) != "EMPTY":
        return None
    empty = w.placeholder("'{}'")
    return ("<> " if negated else "= ") + empty, i + 2 + negated


# STANDARD functions without parameters that PL/SQL lets a caller write with empty parentheses (SYSDATE())
_NO_ARGUMENTS = frozenset({"SYSDATE", "SYSTIMESTAMP", "USER", "UID", "CURRENT_DATE", "LOCALTIMESTAMP"})


def empty_parentheses(w: Walk, i: int) -> tuple[str, int] | None:
    """SYSDATE() -> SYSDATE (SQL has no parentheses there), unless the name is the unit's own; a bare SYS_GUID
    (STANDARD's function, called without parentheses) -> SYS_GUID(), as SQL writes it."""
    word = w.word(i)
    if word == "SYS_GUID" and w.text(i + 1) != "(" and word not in w.scope.locals and w.text(i - 1) != ".":
        return "SYS_GUID()", i + 1
    if word not in _NO_ARGUMENTS or w.text(i + 1) != "(" or w.text(i + 2) != ")" or word in w.scope.locals:
        return None
    if (i > w.first and w.text(i - 1) == ".") or word == "SYS_GUID":
        return None  # SYS_GUID() keeps its parentheses (it has them in SQL too)
    return w.tokens[i].text, i + 3
