"""Does a member function declared with SELF IN OUT change SELF?

A member function whose SELF is IN OUT hands the changed object back to its caller, which a PostgreSQL function
returning one value cannot do (plsql_typebody keeps such a method manual). One that only reads SELF returns the
same object it was given: it is the same as the function with SELF IN, and converts like one. Reading is proved
from the tokens, conservatively: SELF or an attribute (named alone) is changed by an assignment (`SELF.a :=`,
`a(i) :=`), a collection method that changes it (EXTEND, TRIM, DELETE), any INTO, a call of one of the type's
methods on it (which may change it), or being passed whole as an argument of a routine that is not a built-in
function (an OUT or IN OUT parameter could change it).
"""

from __future__ import annotations

from converters.procedural.plsql_scope import ObjectType, Scope
from converters.procedural.plsql_tree import closing
from migrate.sqltext.lexer import Token

_CHANGING = frozenset({"EXTEND", "TRIM", "DELETE"})


def changes_self(scope: Scope, first: int, end: int, own: ObjectType) -> bool:
    """May the tokens [first, end) of a method body change SELF (see the module's docstring)?"""
    tokens = scope.src.tokens
    if any(t.upper == "INTO" for t in tokens[first:end]):
        return True
    names = {"SELF", *own.attributes}
    for i in range(first, end):
        if tokens[i].upper not in names or tokens[i - 1].text == ".":
            continue
        after, members = _chain(tokens, i, end)
        if (after < end and tokens[after].text == ":=") or members & _CHANGING or members & set(own.methods):
            return True
        whole = tokens[i - 1].text in ("(", ",") and after < end and tokens[after].text in (")", ",")
        if whole and _callee_may_change(scope, tokens, i, names, own):
            return True
    return any(t.upper in own.methods and tokens[n - 1].text != "." and tokens[n - 1].upper != "END"
               for n, t in enumerate(tokens[first:end], first))  # fmt: skip


def _chain(tokens: list[Token], i: int, end: int) -> tuple[int, set[str]]:
    """The index after `x.a(i).b` starting at i, and the upper names after its dots."""
    j, members = i + 1, set()
    while j < end:
        if tokens[j].text == "." and j + 1 < end:
            members.add(tokens[j + 1].upper)
            j += 2
        elif tokens[j].text == "(":
            j = min(closing(tokens, j, end), end - 1) + 1
        else:
            break
    return j, members


def _callee_may_change(scope: Scope, tokens: list[Token], i: int, names: set[str], own: ObjectType) -> bool:
    """SELF (or its attribute) passed whole at i: may the routine it goes to change it? A subscript of SELF's
    own collection reads it; a built-in function (unqualified, not a routine of the run) has no OUT parameter."""
    depth, j = 0, i - 1
    while j > 0 and not (tokens[j].text == "(" and depth == 0):
        depth += {")": 1, "(": -1}.get(tokens[j].text, 0)
        j -= 1
    callee = j - 1
    start = callee
    while start > 1 and tokens[start - 1].text == "." and tokens[start - 2].kind in ("word", "qident"):
        start -= 2
    if tokens[start].upper in names:
        return False  # self.items(self.items.count): a subscript
    if start < callee or tokens[callee].upper in own.methods:
        return True  # pkg.p(self.x), other.m(self): may have OUT parameters
    if tokens[callee].kind not in ("word", "qident"):
        return False  # (self.a + 1): parentheses, no call
    return scope.routine_key(tokens[callee].upper) is not None
