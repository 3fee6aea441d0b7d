"""Oracle object and collection types -> PostgreSQL composite types and array domains.

CREATE TYPE t AS OBJECT (a NUMBER, b VARCHAR2(10), MEMBER FUNCTION ...) -> CREATE TYPE t AS (a numeric, ...); the
member methods live in the TYPE BODY, which stays manual (AM-PLSQL-021). CREATE TYPE t AS TABLE OF x / VARRAY(n)
OF x -> CREATE DOMAIN t AS x[] (arrays have no size limit: a VARRAY's limit is not enforced). Constructors in code,
`t(a, b)` and `t_list(x, y)`, keep working as written: each type gets a constructor function of its name
(PostgreSQL lets a function and a type share a name), taking the attributes in order (named notation works too).
"""

from __future__ import annotations

import re

from converters.names import parameter_name, qualified
from converters.procedural.plsql_parse import Parser, Source
from converters.procedural.plsql_scope import ObjectType, Scope, object_members, object_types
from converters.procedural.plsql_subtypes import note_subtype
from converters.procedural.plsql_types import pg_type
from migrate.model import Routine

MEMBER_WORDS = frozenset({"MEMBER", "STATIC", "CONSTRUCTOR", "MAP", "ORDER", "OVERRIDING", "FINAL", "NOT",
                          "INSTANTIABLE"})  # fmt: skip


def object_type(scope: Scope, item: Routine) -> tuple[str, str, str, tuple[str, ...]]:
    """(object kind, target name, SQL, dependencies) of a CREATE TYPE."""
    src: Source = scope.src
    p = Parser(src)
    while not p.done and p.word() != "TYPE":
        p.pos += 1
    p.pos += 1
    p.dotted()
    while not p.done and p.word() not in ("AS", "IS", "UNDER"):
        p.pos += 1
    name = scope.ctx.names.name(item.name)
    target = qualified(scope.schema, name)
    if p.at("UNDER"):
        parent = note_subtype(scope, p, item.name)
        scope.flag("AM-PLSQL-140", p.pos, f"type {item.qualified_name} UNDER {parent.lower()}")
        return "type", name, "", ()
    if p.done:
        scope.flag("AM-PLSQL-019", p.pos, f"type {item.qualified_name} (incomplete type)")
        return "type", name, "", ()
    p.pos += 1
    registry = object_types(scope.ctx)
    if p.accept("OBJECT"):
        inside = p.group()
        attributes = _attributes(scope, p, inside)
        registry[item.qualified_name.upper()] = registry[item.name.upper()] = (target, "")
        members = ObjectType(target, [a.split(" ", 1)[0].strip('"').upper() for a in attributes],
                             _methods(scope, inside), _collections(registry, attributes))  # fmt: skip
        object_members(scope.ctx)[item.qualified_name.upper()] = object_members(scope.ctx)[item.name.upper()] = members
        sql = f"CREATE TYPE {target} AS (\n    " + ",\n    ".join(attributes) + "\n);\n"
        values = ", ".join(f"${n}" for n in range(1, len(attributes) + 1))
        if _signature([a.split(" ", 1)[1] for a in attributes]) not in _constructors(scope, inside):
            params = ", ".join(f"{parameter_name(a.split(' ', 1)[0])} {a.split(' ', 1)[1]}" for a in attributes)
            sql += (f"CREATE OR REPLACE FUNCTION {target}({params}) RETURNS {target}\n"
                    f"LANGUAGE sql IMMUTABLE AS $$ SELECT ROW({values})::{target} $$;\n")  # fmt: skip
        return "type", name, sql, _attribute_types(registry, attributes)
    words = [t.upper for t in src.tokens[p.pos : p.pos + 3]]
    if words[:2] == ["TABLE", "OF"] or words[:1] in (["VARRAY"], ["VARYING"]):
        while not p.done and p.word() != "OF":
            p.pos += 1
        p.pos += 1
        end = p.pos
        while end < len(src.tokens) and src.tokens[end].text not in (";", "/") and src.tokens[end].upper != "NOT":
            end += 1
        element = pg_type(scope, (p.pos, end))
        registry[item.qualified_name.upper()] = registry[item.name.upper()] = (target, element)
        depends = tuple(k for k, _ in [(element.replace('"', ""), 0)] if "." in k)
        sql = f"CREATE DOMAIN {target} AS {element}[];\n"
        sql += (f"CREATE OR REPLACE FUNCTION {target}(VARIADIC items {element}[]) RETURNS {target}\n"
                f"LANGUAGE sql IMMUTABLE AS $$ SELECT items::{target} $$;\n"
                f"CREATE OR REPLACE FUNCTION {target}() RETURNS {target}\n"
                f"LANGUAGE sql IMMUTABLE AS $$ SELECT '{{}}'::{target} $$;\n")  # fmt: skip
        return "domain", name, sql, depends
    scope.flag("AM-PLSQL-019", p.pos, f"type {item.qualified_name}: {' '.join(words)}")
    return "type", name, "", ()


def _signature(types: list[str]) -> tuple[str, ...]:
    """PostgreSQL types as a function signature tells them apart: without their modifiers (varchar(20) is varchar)."""
    return tuple(re.sub(r"\(.*\)", "", t).strip().lower() for t in types)


def _constructors(scope: Scope, inside: tuple[int, int]) -> set[tuple[str, ...]]:
    """The signatures of the user-defined constructors the type declares. One with the attributes' types replaces
    the attribute-value constructor (Oracle calls the user-defined one; PostgreSQL could not hold both)."""
    tokens, found = scope.src.tokens, set()
    for i in range(inside[0], inside[1] - 2):
        if tokens[i].upper != "CONSTRUCTOR" or tokens[i + 1].upper != "FUNCTION" or tokens[i + 3].text != "(":
            continue
        close, depth, start, types = i + 3, 0, i + 4, []
        for j in range(i + 3, inside[1]):
            depth += {"(": 1, ")": -1}.get(tokens[j].text, 0)
            if (tokens[j].text == "," and depth == 1) or depth == 0:
                words = [t for t in range(start, j) if tokens[t].upper not in ("IN", "OUT", "NOCOPY")]
                types.append(pg_type(scope, (words[1], j)) if len(words) > 1 else "")
                start, close = j + 1, j
            if depth == 0:
                break
        if close > i + 3 and all(types):
            found.add(_signature(types))
    return found


def _attributes(scope: Scope, p: Parser, inside: tuple[int, int]) -> list[str]:
    out, start, depth = [], inside[0], 0
    tokens = scope.src.tokens
    for i in range(inside[0], inside[1] + 1):
        text = tokens[i].text if i < inside[1] else ","
        depth += {"(": 1, ")": -1}.get(text, 0)
        if text == "," and depth == 0:
            if tokens[start].upper not in MEMBER_WORDS:
                type_ = pg_type(scope, (start + 1, i))
                out.append(f"{tokens[start].text} {type_}")
            start = i + 1
    return out


def _attribute_types(registry: dict[str, tuple[str, str]], attributes: list[str]) -> tuple[str, ...]:
    """The deploy-order keys of the run's object and collection types the attributes are declared with."""
    targets = {target for target, _ in registry.values()}
    types = {a.split(" ", 1)[1].removesuffix("[]") for a in attributes}
    return tuple(sorted(t.replace('"', "") for t in types & targets))


def _collections(registry: dict[str, tuple[str, str]], attributes: list[str]) -> dict[str, tuple[str, str]]:
    """upper attribute -> (array domain, element type) of the attributes declared with a collection type."""
    elements = {target: element for target, element in registry.values() if element}
    pairs = [a.split(" ", 1) for a in attributes]
    return {n.strip('"').upper(): (t, elements[t]) for n, t in pairs if t in elements}


def _methods(scope: Scope, inside: tuple[int, int]) -> dict[str, str]:
    """upper method name -> its first word (MEMBER, STATIC, CONSTRUCTOR, MAP, ORDER) from the type's spec."""
    tokens, out, depth = scope.src.tokens, {}, 0
    for i in range(inside[0], inside[1] - 1):
        depth += {"(": 1, ")": -1}.get(tokens[i].text, 0)
        if depth == 0 and tokens[i].upper in ("FUNCTION", "PROCEDURE"):
            j = i - 1
            while j >= inside[0] and tokens[j].upper in MEMBER_WORDS:
                j -= 1
            words = {t.upper for t in tokens[j + 1 : i]}
            kind = next((w for w in ("MAP", "ORDER", "CONSTRUCTOR", "STATIC", "MEMBER") if w in words), "MEMBER")
            out[tokens[i + 1].upper] = f"{kind} {tokens[i].upper}"
    return out
