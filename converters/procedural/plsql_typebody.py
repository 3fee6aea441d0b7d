"""An Oracle TYPE BODY -> one PostgreSQL routine per method, beside the composite type (plsql_objtypes).

    MEMBER FUNCTION f(a) RETURN x     -> FUNCTION type_f(self type, a) RETURNS x
    MEMBER PROCEDURE p(a)             -> FUNCTION type_p(self type, a) RETURNS type; `v.p(a);` -> v := type_p(v, a)
                                         (SELF is IN OUT in Oracle: the changed object comes back)
    STATIC FUNCTION s(a) RETURN x     -> FUNCTION type_s(a) RETURNS x
    CONSTRUCTOR FUNCTION type(a) RETURN SELF AS RESULT -> FUNCTION type(a) RETURNS type, SELF a local variable

Inside a method, SELF.x and the attributes named alone read `self`; calls in converted code, `v.f(a)` on a variable
of the type and `type.s(a)`, become the routines' calls (plsql_objrefs.object_member). A user constructor with the
attributes' signature replaces the default one (CREATE OR REPLACE), as it overrides it in Oracle. MAP and ORDER
methods are how Oracle compares the type; PostgreSQL compares composites field by field, so a type with one stays
manual (AM-PLSQL-021), as does a method whose SQL names an attribute alone (a column of the same name would win).
A member function declared SELF IN OUT converts when it only reads SELF (plsql_selfwrites); a member function and
a member procedure of one name and as many parameters would be one PostgreSQL function: both stay manual
(AM-PLSQL-040). Constructor calls in code: plsql_constructors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from converters.ddl_context import DdlContext
from converters.names import quote
from converters.procedural.plsql_objtypes import MEMBER_WORDS
from converters.procedural.plsql_parse import Parser, Routine, Source, lex
from converters.procedural.plsql_scope import ObjectType, Scope, object_members
from converters.procedural.plsql_selfwrites import changes_self
from converters.procedural.plsql_subtypes import subtype_of
from converters.procedural.plsql_units import routine_sql
from migrate.model import ConvertedObject
from migrate.model import Routine as Routine_

SQL_WORDS = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CURSOR"})


@dataclass
class Method:
    words: tuple[str, ...]  # MEMBER, STATIC, CONSTRUCTOR, MAP, ORDER, OVERRIDING, FINAL...
    routine: Routine

    @property
    def kind(self) -> str:
        return next((w for w in ("MAP", "ORDER", "CONSTRUCTOR", "STATIC") if w in self.words), "MEMBER")


def parse_type_body(text: str) -> tuple[Source, tuple[str, ...], list[Method]]:
    source = lex(text)
    p = Parser(source)
    p.accept("CREATE")
    p.accept("OR", "REPLACE")
    p.accept("EDITIONABLE") or p.accept("NONEDITIONABLE")
    p.expect("TYPE")
    p.expect("BODY")
    name = p.dotted()
    if p.at("WRAPPED"):
        p.fail("wrapped (obfuscated) PL/SQL")
    if not (p.accept("IS") or p.accept("AS")):
        p.fail("expected IS or AS")
    methods = []
    while not p.done and not p.at("END"):
        words = []
        while p.word() in MEMBER_WORDS:
            words.append(p.word())
            p.pos += 1
        if not (p.at("FUNCTION") or p.at("PROCEDURE")):
            p.fail("expected a MEMBER, STATIC or CONSTRUCTOR method")
        methods.append(Method(tuple(words), p.routine()))
    p.expect("END")
    return source, name, methods


def method_routine(scope: Scope, method: Method, own: ObjectType) -> tuple[str, str] | None:
    """(kind, target name) of the routine a method becomes, with the scope set up; None when it stays manual."""
    routine = method.routine
    kind = "function" if routine.kind == "FUNCTION" else "procedure"
    if method.kind in ("MAP", "ORDER"):
        scope.flag("AM-PLSQL-021", routine.first, f"{method.kind} method {routine.name}: Oracle compares the type "
                   "with it, PostgreSQL compares composite values field by field")  # fmt: skip
        return None
    tokens = scope.src.tokens[routine.first : routine.end]
    words = {t.upper for t in tokens}
    named_alone = {t.upper for n, t in enumerate(tokens) if t.upper in own.attributes and tokens[n - 1].text != "."}
    if method.kind != "STATIC" and words & SQL_WORDS and named_alone:
        scope.flag("AM-PLSQL-021", routine.first, f"method {routine.name}: its SQL names attribute "
                   f"{sorted(named_alone)[0]} without SELF (a column of that name would win in Oracle)")  # fmt: skip
        return None
    if routine.params and routine.params[0].name.upper() == "SELF":  # SELF [IN OUT [NOCOPY]] t written out
        body = routine.returns[1] if routine.returns else routine.first
        if method.kind == "MEMBER" and routine.kind == "FUNCTION" and routine.params[0].mode != "IN" \
                and changes_self(scope, body, routine.end, own):  # fmt: skip
            scope.flag("AM-PLSQL-021", routine.first, f"member function {routine.name} with SELF IN OUT: the "
                       "caller's object changes with it")  # fmt: skip
            return None
        routine.params = routine.params[1:]
    if method.kind == "CONSTRUCTOR":
        scope.extra["self"] = own.target
        scope.returns_self = own.target
        return kind, own.target
    if method.kind == "MEMBER" and kind == "procedure":
        if any(p.mode != "IN" for p in routine.params):
            scope.flag("AM-PLSQL-021", routine.first, f"member procedure {routine.name} with OUT parameters")
            return None
        scope.returns_self = own.target  # becomes a function returning the changed object: v := type_p(v, ...)
        kind = "function"
    if method.kind == "MEMBER":
        scope.locals.add("SELF")
        scope.leading_params = [f"self {own.target}"]
    return kind, own.method_routine(routine.name.lower())


def _function_and_procedure(methods: list[Method]) -> set[int]:
    """ids of the member methods named like one of the other kind with as many parameters (SELF left out)."""

    def shape(m: Method) -> tuple[str, int]:
        params = [p for p in m.routine.params if p.name.upper() != "SELF"]
        return m.routine.name.upper(), len(params)

    members = [m for m in methods if m.kind == "MEMBER"]
    kinds: dict[tuple[str, int], set[str]] = {}
    for m in members:
        kinds.setdefault(shape(m), set()).add(m.routine.kind)
    return {id(m) for m in members if len(kinds[shape(m)]) > 1}


def type_key(scope: Scope, name: tuple[str, ...], owner: str) -> str:
    registry = object_members(scope.ctx)
    key = ".".join(n.strip('"').upper() for n in name)
    return key if key in registry or len(name) > 1 else f"{owner.upper()}.{key}"


def target_parts(target: str) -> tuple[str, str]:
    schema, _, name = target.rpartition(".")
    return schema.strip('"'), name.strip('"')


Make = Callable[..., ConvertedObject]


def type_body_objects(item: Routine_, ctx: DdlContext, make: Make) -> list[ConvertedObject]:
    """The TYPE BODY object and one routine object per method (`make` is plsql._object)."""
    schema = ctx.names.schema(item.schema)
    src, name, methods = parse_type_body(item.source)
    scope = Scope(ctx, src, item.schema, schema, item.location, "type_body")
    key = type_key(scope, name, item.schema)
    own = object_members(ctx).get(key)
    body = f"{ctx.names.name(item.name)}_body"
    parent = subtype_of(scope, name[-1])
    if own is None and parent is not None:
        scope.flag("AM-PLSQL-141", 0, f"type body of {name[-1].lower()}, a subtype of {parent.lower()}")
        return [make("type_body", schema, body, "", item, scope)]
    if own is None:
        scope.flag("AM-PLSQL-021", 0, f"{item.qualified_name}: its CREATE TYPE ... AS OBJECT is not in the run")
        return [make("type_body", schema, body, "", item, scope)]
    out = []
    type_name = "{}.{}".format(*target_parts(own.target))
    clashes = _function_and_procedure(methods)
    for method in methods:
        if id(method) in clashes:  # both would be type_m(self, ...): one would replace the other
            scope.flag("AM-PLSQL-040", method.routine.first, f"{method.routine.name.lower()} is both a member "
                       "function and a member procedure with as many parameters")  # fmt: skip
            continue
        kind = "function" if method.routine.kind == "FUNCTION" or method.kind == "MEMBER" else "procedure"
        inner = Scope(ctx, src, item.schema, schema, item.location, kind, home=schema)
        inner.self_type = key if method.kind in ("MEMBER", "CONSTRUCTOR") else ""
        offset = src.tokens[method.routine.first].start
        inner.comment_at = next((n for n, (s, _) in enumerate(src.comments) if s >= offset), len(src.comments))
        made = method_routine(inner, method, own)
        if made is None:
            scope.findings.extend(inner.findings)
            continue
        sql = routine_sql(inner, method.routine, made[1])
        text = src.text[src.tokens[method.routine.first].start : src.tokens[method.routine.end - 1].end]
        out.append(make(made[0], *target_parts(made[1]), sql, item, inner, (type_name,), text))
    sql = f"CREATE SCHEMA IF NOT EXISTS {quote(schema)};  -- the methods of {own.target} are routines of their own\n"
    return [make("type_body", schema, body, sql if not scope.findings else "", item, scope, (type_name,)), *out]
