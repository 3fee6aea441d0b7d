"""Procedural code (PL/SQL, T-SQL) to PL/pgSQL: one converter per source language, chosen by the source engine.

A converter takes one routine or trigger of the inventory and returns the objects it becomes (a trigger becomes a
trigger function and a CREATE TRIGGER, a package a schema and its routines), or None to keep the unit as a manual
object with its source (what `convert` did before any converter existed). Each language lives in its own modules
(`plsql*.py`, `tsql*.py`); what both share (the PL/pgSQL they emit, the unit result) lives beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from converters.ddl_context import DdlContext
from converters.procedural.plsql import convert_plsql
from converters.procedural.plsql_rules import plsql_finding
from migrate.model import ConvertedObject, ObjectStatus, Routine, Trigger

Converter = Callable[[Routine | Trigger, str, DdlContext], list[ConvertedObject] | None]

# source engine -> its procedural converter; an engine not listed keeps its code manual
CONVERTERS: dict[str, Converter] = {
    "oracle": convert_plsql,  # PL/SQL: procedures, functions, packages, triggers, object types
}


def convert_code(item: Routine | Trigger, kind: str, ctx: DdlContext) -> list[ConvertedObject] | None:
    """The objects `item` converts to, or None when no converter handles its source engine."""
    converter = CONVERTERS.get(ctx.source)
    return converter(item, kind, ctx) if converter is not None else None


CODE_KINDS = frozenset({"function", "procedure", "trigger", "package", "package_body"})


def callers_of_manual(objects: list[ConvertedObject]) -> list[ConvertedObject]:
    """A converted routine that calls one left manual cannot deploy before it: it says so (AM-PLSQL-026)."""
    manual = {o.qualified_name for o in objects if o.status is ObjectStatus.MANUAL and o.kind in CODE_KINDS}
    out = []
    for obj in objects:
        waits = [d for d in obj.depends_on if d in manual] if obj.status is not ObjectStatus.MANUAL else []
        if waits and obj.kind in CODE_KINDS:
            found = tuple(plsql_finding("AM-PLSQL-026", d, obj.location).on(obj.kind, obj.source_name) for d in waits)
            obj = replace(obj, findings=(*obj.findings, *found), status=ObjectStatus.CONVERTED_WITH_FINDINGS)
        out.append(obj)
    return out
