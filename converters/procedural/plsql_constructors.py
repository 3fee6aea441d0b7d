"""Object type and collection constructor calls in PL/SQL expressions.

    t(a, b) / pkg.t(a, b) -> ARRAY[a, b]              (t a collection type of the unit or of a package)
    t(a, b) / s.t(a, b)   -> CAST(ARRAY[a, b] AS s.t)  (t a schema-level collection type: an array domain)

    NEW t(a, b)       -> t(a, b)                     (NEW only says a constructor is called: same call)
    t(a) / s.t(a)     -> schema.t(a)                 (t has CONSTRUCTOR FUNCTIONs of its own)

Oracle picks, among a type's user-defined constructors and its attribute-value constructor (one argument per
attribute), the one whose signature the arguments fit; a user constructor with the attributes' signature hides the
attribute-value one. PostgreSQL does the same with the functions plsql_objtypes and plsql_typebody create, all named
after the type: the attribute-value one (`CREATE TYPE` beside it) and one per user constructor (a user constructor
with the attributes' signature replaces it). So the call stays a function call, schema-qualified (PostgreSQL would
look the name up in the caller's search_path) and recorded as a call, so the caller deploys after the constructor.
A type without constructors of its own is built in place by the query rewrites (`CAST(ROW(a, b) AS t)`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.procedural.plsql_objrefs import method_call
from converters.procedural.plsql_scope import ObjectType, Scope, object_members, object_types
from converters.procedural.plsql_subtypes import subtype_of

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

# words that may follow a variable named NEW in an expression: NEW there is no constructor keyword
_AFTER_NAME = frozenset({"IN", "IS", "AND", "OR", "NOT", "LIKE", "BETWEEN", "THEN", "LOOP", "ELSE", "END", "MEMBER",
                         "SUBMULTISET", "OF", "WHEN", "FROM", "INTO", "AS"})  # fmt: skip


def object_type(scope: Scope, words: list[str]) -> ObjectType | None:
    """The object type named by `words` (['T'] or ['SCHEMA', 'T']), if the run has it."""
    registry = object_members(scope.ctx)
    keys = [".".join(words)] + ([f"{scope.owner.upper()}.{words[0]}"] if len(words) == 1 else [])
    return next((registry[k] for k in keys if k in registry), None)


def has_constructors(found: ObjectType | None) -> bool:
    return found is not None and any(m.startswith("CONSTRUCTOR") for m in found.methods.values())


def constructor_call(w: Walk, i: int) -> tuple[str, int] | None:
    """NEW t(...) and calls of a type's own constructors (see the module's docstring)."""
    if i > w.first and w.text(i - 1) in (".", ":"):
        return None
    scope, word = w.scope, w.word(i)
    at = i
    if (
        word == "NEW"
        and i + 1 < w.end
        and w.tokens[i + 1].kind in ("word", "qident")
        and w.word(i + 1) not in _AFTER_NAME
        and (w.text(i + 2) == "(" or (w.text(i + 2) == "." and w.text(i + 4) == "("))  # NEW [s.]t(...)
    ):
        at = i + 1
    if at == i and (word in scope.locals or word in scope.collections):
        return None
    dotted = w.text(at + 1) == "." and w.text(at + 3) == "("
    words = [w.word(at), w.word(at + 2)] if dotted else [w.word(at)]
    paren = at + 1 + 2 * dotted
    found = object_type(scope, words) if w.text(paren) == "(" else None
    if found is not None and dotted and scope.package_of(words[0]) is not None:
        found = None  # pkg.f(...): a routine of a package, not a type
    if found is not None and w.text(w.matching(paren) + 1) == ".":
        return _member_of_new(w, found, paren)
    if found is None and w.text(paren) == "(" and subtype_of(scope, words[-1]) is not None:
        scope.flag("AM-PLSQL-141", at, f"constructor of subtype {words[-1].lower()}")
    if not has_constructors(found):
        return (w.tokens[at].text, at + 1) if at > i else None  # NEW t(...) of a type built in place
    assert found is not None
    scope.calls.add(found.target.replace('"', ""))
    return found.target, paren


def _member_of_new(w: Walk, found: ObjectType, paren: int) -> tuple[str, int] | None:
    """t(a).m(b) -> type_m(t(a), b); t(a).attr -> (t(a)).attr: a method or attribute of the object just built."""
    close = w.matching(paren)
    member, name = w.word(close + 2), w.text(close + 2)
    built = f"{found.target}({w.inner(paren + 1, close)})"
    w.scope.calls.add(found.target.replace('"', ""))
    if member in found.attributes:
        return f"({built}).{name}", close + 3
    if not found.methods.get(member, "").startswith("MEMBER"):
        return None
    return method_call(w.scope, close + 2, w.end, found, built)


def collection_constructor(w: Walk, i: int) -> tuple[str, int] | None:
    """t(a, b) of a collection type declared in the unit or its package, or pkg.t(a, b) of one another package
    declares -> ARRAY[a, b] ('{}' when empty); a schema-level collection type's, CAST(ARRAY[a, b] AS s.t). Object
    types have constructor functions of their own (plsql_objtypes, constructor_call)."""
    scope = w.scope
    if not (w.text(i + 1) == "(" or (w.text(i + 1) == "." and w.text(i + 3) == "(")):
        return None
    if i > w.first and w.text(i - 1) == ".":
        return None
    name, at = w.word(i), i
    package = scope.package_of(name) if w.text(i + 1) == "." and name not in scope.locals else None
    if package is not None:
        name, at = w.word(i + 2), i + 2
        local = package.types.get(name)
    elif w.text(i + 1) == ".":  # schema.t(...)
        name, at = w.word(i + 2), i + 2
        local = _schema_collection(scope, f"{w.word(i)}.{name}")
    else:
        local = scope.types.get(name) or (scope.package.types.get(name) if scope.package else None)
        local = local or _schema_collection(scope, f"{scope.owner.upper()}.{name}")
    if w.text(at + 1) != "(" or not local or (package is None and at == i and name in scope.locals):
        return None
    close = w.matching(at + 1)
    if close == at + 2:
        return w.placeholder(f"'{{}}'::{local}"), close + 1
    if local.endswith("[]"):
        w.closers[close] = "]"
        return "ARRAY[", at + 2
    w.closers[close] = f"] AS {local})"  # a schema-level collection type: a domain over the array
    return "CAST(ARRAY[", at + 2


def _schema_collection(scope: Scope, key: str) -> str:
    """The target of a schema-level collection type of the run named `key` (upper SCHEMA.NAME), else ''. Built in
    place: the name stays out of the SQL parser, which reads some such names (JSON_KEYS) as its own functions."""
    target, element = object_types(scope.ctx).get(key, ("", ""))
    return target if element else ""
