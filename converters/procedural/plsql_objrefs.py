"""Object type members named in PL/SQL code -> the routines plsql_typebody makes of them.

    v.f(a)            -> schema.type_f(v, a)        (a MEMBER of v's type; v declared with the type)
    g.f(a), pkg.g.f(a) -> schema.type_f(pkg.g(), a) (g a package variable of the type: read through its accessor)
    type.s(a)         -> schema.type_s(a)           (a STATIC method)
    SELF.f(a), f(a)   -> schema.type_f(self, a)     (inside a method of the type)
    attribute         -> self.attribute             (inside a MEMBER method or constructor, named alone)

The text returned travels on through the query rewrites (the arguments are rewritten there), as the qualified
routine names of plsql_expr.routine_call do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.procedural.plsql_scope import ObjectType, Package, Scope, object_members
from converters.procedural.plsql_subtypes import overridden_by

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk


def object_member(w: Walk, i: int) -> tuple[str, int] | None:
    """Object type methods and SELF's attributes (a step of plsql_expr's walk)."""
    return None if i > w.first and w.text(i - 1) == "." else object_reference(w.scope, i, w.end)


def object_reference(scope: Scope, i: int, end: int) -> tuple[str, int] | None:
    """(PostgreSQL text, next token) for an object member reference starting at token i, or None."""
    registry = object_members(scope.ctx)
    if not registry:
        return None
    tokens = scope.src.tokens

    def text(at: int) -> str:
        return tokens[at].text if at < end else ""

    name = tokens[i].upper
    own = registry.get(scope.self_type)
    if own is not None and name not in scope.locals and text(i + 1) != ".":
        if name in own.attributes and text(i + 1) != "(":
            return f"self.{tokens[i].text}", i + 1
        if name in own.methods:
            return method_call(scope, i, end, own, "self")
    if text(i + 1) != "." or i + 2 >= end:
        return None
    method = tokens[i + 2].upper
    key = "SELF" if name == "SELF" and own is not None else scope.object_vars.get(name)
    target = own if key == "SELF" else registry.get(key or "")
    var = "self" if key == "SELF" else tokens[i].text
    if target is None and scope.package_object(name) is not None:  # package state: read through its accessor
        target, var = scope.package_object(name), f"{scope.package.schema}.{name.lower()}()"  # type: ignore[union-attr]
    if target is None:
        held = package_object(scope, i, end)
        if held is not None and held[3] + 1 < end and tokens[held[3] + 1].upper in held[2].methods:
            package, variable, type_, at = held
            return method_call(scope, at + 1, end, type_, f"{package.schema}.{variable.lower()}()")
        static = registry.get(name) or registry.get(f"{scope.owner.upper()}.{name}")
        if static is not None and static.methods.get(method, "").startswith("STATIC"):
            return method_call(scope, i + 2, end, static, "")
        return None
    if method not in target.methods:
        return None
    return method_call(scope, i + 2, end, target, var)


def method_call(scope: Scope, at: int, end: int, target: ObjectType, var: str) -> tuple[str, int]:
    tokens = scope.src.tokens
    method = tokens[at].upper
    routine = target.method_routine(method.lower())
    scope.calls.add(routine.replace('"', ""))
    subtype = overridden_by(scope, target.target.rpartition(".")[2], method)
    if subtype is not None:  # Oracle runs the override of the object's own type
        scope.flag("AM-PLSQL-141", at, f"call of {method.lower()}, which subtype {subtype} overrides")
    self_arg = "" if target.methods[method].startswith("STATIC") else var
    if at + 1 >= end or tokens[at + 1].text != "(":
        return f"{routine}({self_arg})", at + 1
    empty = at + 2 < end and tokens[at + 2].text == ")"
    return f"{routine}({self_arg}{', ' if self_arg and not empty else ''}", at + 2


def package_object(scope: Scope, i: int, end: int) -> tuple[Package, str, ObjectType, int] | None:
    """`g.` or `pkg.g.` from token i, g a package variable of an object type: (its package, its upper name, its
    type, the index of the `.` after it), or None."""
    tokens, name = scope.src.tokens, scope.src.tokens[i].upper
    own, other = scope.package, scope.package_of(name)
    if own is not None and name in own.variables and name not in scope.locals:
        package, at = own, i + 1
    elif other is not None and i + 3 < end and tokens[i + 1].text == "." and tokens[i + 2].upper in other.variables:
        package, name, at = other, tokens[i + 2].upper, i + 3
    else:
        return None
    if at >= end or tokens[at].text != ".":
        return None
    type_ = package.variables[name].type.replace('"', "").lower()
    found = next((t for t in object_members(scope.ctx).values() if t.target.replace('"', "").lower() == type_), None)
    return (package, name, found, at) if found is not None else None
